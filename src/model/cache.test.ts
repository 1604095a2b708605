import { describe, expect, it } from 'vitest';
import { groupCachedFiles, parseModelFileUrl } from './cache';

const hub = 'https://huggingface.co/onnx-community/Qwen3-VL-2B-Instruct-ONNX/resolve/3e41/';

describe('model cache', () => {
  it('parses hub and mirror file URLs', () => {
    expect(parseModelFileUrl(`${hub}onnx/decoder_model_merged_q4.onnx_data`)).toEqual({
      url: `${hub}onnx/decoder_model_merged_q4.onnx_data`,
      host: 'https://huggingface.co',
      modelId: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
      revision: '3e41',
      path: 'onnx/decoder_model_merged_q4.onnx_data',
    });
    expect(
      parseModelFileUrl('https://models.corp.example/hf/org/m/resolve/main/config.json')?.host,
    ).toBe('https://models.corp.example/hf');
    expect(parseModelFileUrl('https://example.com/other.wasm')).toBeNull();
  });

  it('groups files per model and revision and sums their size', () => {
    const grouped = groupCachedFiles([
      { url: `${hub}config.json`, bytes: 1961 },
      { url: `${hub}onnx/embed_tokens_q4.onnx`, bytes: 857 },
      { url: 'https://huggingface.co/a/b/resolve/main/config.json', bytes: 10 },
      { url: 'https://huggingface.co/not-a-model-file', bytes: 5 },
    ]);
    expect(grouped.map((m) => [m.modelId, m.files.length, m.bytes])).toEqual([
      ['onnx-community/Qwen3-VL-2B-Instruct-ONNX', 2, 2818],
      ['a/b', 1, 10],
    ]);
  });
});
