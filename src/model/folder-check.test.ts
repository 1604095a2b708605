import { describe, expect, it } from 'vitest';
import { checkModelFolder, folderRelativePaths, indexPickedFolder } from './folder-check';
import { DEFAULT_MODEL, expectedSizes, requiredFiles } from './models';

describe('checkModelFolder', () => {
  const dtypes = DEFAULT_MODEL.dtypes.webgpu;
  const known = expectedSizes(DEFAULT_MODEL, dtypes);
  const complete = new Map(
    requiredFiles(DEFAULT_MODEL, dtypes).map((p) => [p, known.get(p) ?? 10]),
  );

  it('accepts a complete folder', () => {
    expect(checkModelFolder(DEFAULT_MODEL, dtypes, complete)).toEqual({
      ok: true,
      missing: [],
      empty: [],
      unexpectedSize: [],
    });
  });

  it('names every file whose size is not the one published for the pinned revision', () => {
    const files = new Map(complete);
    files.set('onnx/decoder_model_merged_q4.onnx_data', 551_315_456);
    files.set('config.json', 1960);
    expect(checkModelFolder(DEFAULT_MODEL, dtypes, files)).toMatchObject({
      ok: true,
      unexpectedSize: [
        { path: 'config.json', expected: 1961, actual: 1960 },
        {
          path: 'onnx/decoder_model_merged_q4.onnx_data',
          expected: 1_102_630_912,
          actual: 551_315_456,
        },
      ],
    });
  });

  it('lists every missing and every empty file', () => {
    const files = new Map(complete);
    files.delete('chat_template.jinja');
    files.delete('onnx/vision_encoder_q4.onnx_data');
    files.set('tokenizer.json', 0);
    expect(checkModelFolder(DEFAULT_MODEL, dtypes, files)).toEqual({
      ok: false,
      missing: ['chat_template.jinja', 'onnx/vision_encoder_q4.onnx_data'],
      empty: ['tokenizer.json'],
      unexpectedSize: [],
    });
  });
});

describe('folderRelativePaths', () => {
  it('strips the picked folder name shared by all paths', () => {
    expect([...folderRelativePaths(['qwen/config.json', 'qwen/onnx/a.onnx']).keys()]).toEqual([
      'config.json',
      'onnx/a.onnx',
    ]);
    expect([...folderRelativePaths(['config.json', 'onnx/a.onnx']).keys()]).toEqual([
      'config.json',
      'onnx/a.onnx',
    ]);
  });
});

describe('indexPickedFolder', () => {
  it('keys entries by path inside the folder and keeps the folder name', () => {
    const picked = indexPickedFolder([
      { path: 'Qwen/config.json', size: 3, value: 'a' },
      { path: 'Qwen/onnx/x.onnx', size: 0, value: 'b' },
    ]);
    expect(picked.name).toBe('Qwen');
    expect(picked.byPath).toEqual({ 'config.json': 'a', 'onnx/x.onnx': 'b' });
    expect([...picked.sizes]).toEqual([
      ['config.json', 3],
      ['onnx/x.onnx', 0],
    ]);
  });
});
