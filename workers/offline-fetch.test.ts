import { describe, expect, it } from 'vitest';
import { atRevision } from './offline-fetch';

describe('atRevision', () => {
  it('rewrites the revision of a model file URL, on the Hub or a mirror', () => {
    expect(
      atRevision('https://huggingface.co/org/m/resolve/main/tokenizer_config.json', '3e41'),
    ).toBe('https://huggingface.co/org/m/resolve/3e41/tokenizer_config.json');
    expect(atRevision('https://mirror.corp/hf/org/m/resolve/main/onnx/a.onnx', 'v1')).toBe(
      'https://mirror.corp/hf/org/m/resolve/v1/onnx/a.onnx',
    );
  });

  it('leaves other URLs alone', () => {
    expect(atRevision('https://example.com/file.json', 'x')).toBeNull();
  });
});
