import { describe, expect, it } from 'vitest';
import { atRevision, pinnedRevisionFetch } from './offline-fetch';

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

describe('pinnedRevisionFetch', () => {
  it('asks for `main` as the pinned revision, so a mirror of one revision is enough', async () => {
    const asked: string[] = [];
    const fetchPinned = pinnedRevisionFetch(
      (input) => {
        asked.push(String(input));
        return Promise.resolve(new Response('{}'));
      },
      () => '3e41',
    );
    await fetchPinned('https://mirror.corp/org/m/resolve/main/tokenizer_config.json');
    await fetchPinned('https://mirror.corp/org/m/resolve/3e41/config.json');
    await fetchPinned('https://example.com/other/main/x');
    expect(asked).toEqual([
      'https://mirror.corp/org/m/resolve/3e41/tokenizer_config.json',
      'https://mirror.corp/org/m/resolve/3e41/config.json',
      'https://example.com/other/main/x',
    ]);
  });
});
