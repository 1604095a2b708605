import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import type { ImageAnnotations } from '../src/domain';
import { SYNTHETIC_IMAGE_SIZE, SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import { main } from './main';

const detect = SYNTHETIC_SCRIPTS.find((s) => s.name === 'detect')!;
let dir: string;
let model: string;

beforeAll(async () => {
  model = await ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({ scripts: [{ text: detect.script }] }),
  });
  dir = await mkdtemp(join(tmpdir(), 'annota-cli-local-'));
  await mkdir(join(dir, 'shelf'));
  const { width, height } = SYNTHETIC_IMAGE_SIZE;
  for (let i = 0; i < 2; i++)
    await writeFile(
      join(dir, 'shelf', `shelf-${i}.png`),
      await sharp({
        create: { width, height, channels: 3, background: { r: 200, g: 200 + i, b: 190 } },
      })
        .png()
        .toBuffer(),
    );
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}, 180_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('annota batch --engine local', () => {
  it('runs the project runtime on the synthetic Qwen3-VL in Node and writes suggestions at the right pixels', async () => {
    const out = join(dir, 'local.jsonl');
    const code = await main([
      'batch',
      '--engine',
      'local',
      '--model-dir',
      model,
      '--images',
      join(dir, 'shelf'),
      '--task',
      'detect',
      '--labels',
      'cat,person',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(code).toBe(0);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            file_name: string;
            status: string;
            annota: { annotations: ImageAnnotations };
          },
      );
    expect(lines.map((l) => l.file_name).sort()).toEqual([
      'shelf/shelf-0.png',
      'shelf/shelf-1.png',
    ]);
    for (const line of lines) {
      const regions = line.annota.annotations.regions;
      expect(regions.map((r) => r.label)).toEqual(detect.expected.regions!.map((r) => r.label));
      for (const [i, want] of detect.expected.regions!.entries()) {
        const got = regions[i]!.shape;
        expect(got.kind).toBe('box');
        if (got.kind === 'box' && want.box)
          for (const key of ['x', 'y', 'w', 'h'] as const)
            expect(Math.abs(got.box[key] - want.box[key])).toBeLessThanOrEqual(1);
      }
      expect(regions[0]!.provenance).toMatchObject({ source: 'model', revision: 'local' });
      expect(line.status).toBe('pre-annotated');
    }
  }, 180_000);
});
