import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layOutMirror } from './mirror-layout';
import { QWEN3_VL_2B } from '../src/model/models';

describe('layOutMirror', () => {
  it('copies a snapshot to <model>/resolve/<pinned revision>/, following cache symlinks', async () => {
    const snapshot = await mkdtemp(join(tmpdir(), 'annota-snapshot-'));
    const out = await mkdtemp(join(tmpdir(), 'annota-mirror-'));
    await mkdir(join(snapshot, 'onnx'));
    await mkdir(join(snapshot, '.cache'));
    await writeFile(join(snapshot, '.cache', 'lock'), 'x');
    await writeFile(join(snapshot, 'blob'), '{"model_type": "qwen3_vl"}');
    await symlink(join(snapshot, 'blob'), join(snapshot, 'config.json'));
    await writeFile(join(snapshot, 'onnx', 'embed_tokens_q4.onnx'), 'abc');

    const report = await layOutMirror(snapshot, out);
    const folder = join(
      out,
      'onnx-community',
      'Qwen3-VL-2B-Instruct-ONNX',
      'resolve',
      QWEN3_VL_2B.revision,
    );
    expect(report.folder).toBe(folder);
    expect(report.copied).toEqual(['blob', 'config.json', 'onnx/embed_tokens_q4.onnx']);
    expect(await readFile(join(folder, 'config.json'), 'utf8')).toContain('qwen3_vl');
    expect((await stat(join(folder, 'config.json'))).isFile()).toBe(true);
    expect(report.missing).toContain('chat_template.jinja');
    expect(report.missing).toContain('onnx/decoder_model_merged_q4.onnx_data');
    expect(report.missing).not.toContain('onnx/embed_tokens_q4.onnx');
    // Sizes the manifest knows for the pinned revision are checked.
    expect(report.damaged).toEqual(
      expect.arrayContaining([
        { path: 'config.json', expected: 1961, actual: 26 },
        { path: 'onnx/embed_tokens_q4.onnx', expected: 857, actual: 3 },
      ]),
    );
    expect(await readFile(join(out, '_headers'), 'utf8')).toContain(
      'Access-Control-Allow-Origin: *',
    );
  });
});
