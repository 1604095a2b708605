import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticModel } from './generate.ts';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const sub of ['', 'onnx']) {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      out[join(sub, entry.name)] = createHash('sha256')
        .update(await readFile(join(dir, sub, entry.name)))
        .digest('hex');
    }
  }
  return out;
}

describe('writeSyntheticModel', () => {
  it('is deterministic and writes every file of the real layout', async () => {
    const options = { spec: { scripts: [{ text: 'A {dark|light} cat.' }] }, dims: 'tiny' as const };
    const first = await mkdtemp(join(tmpdir(), 'synthetic-'));
    const second = await mkdtemp(join(tmpdir(), 'synthetic-'));
    made.push(first, second);
    await writeSyntheticModel(first, options);
    await writeSyntheticModel(second, options);
    const a = await digest(first);
    expect(a).toEqual(await digest(second));
    for (const session of ['embed_tokens', 'vision_encoder', 'decoder_model_merged']) {
      expect(a).toHaveProperty(join('onnx', `${session}_q4.onnx`));
      expect(a).toHaveProperty(join('onnx', `${session}_q4.onnx_data`));
    }
    for (const file of [
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'processor_config.json',
    ]) {
      expect(a).toHaveProperty(file);
    }
    expect(a).toHaveProperty('chat_template.jinja');
    expect(a).toHaveProperty('tokenizer.json');
  });
});
