import { describe, expect, it } from 'vitest';
import { defaultModelSettings, restoreModelSettings, validateModelSettings } from './settings';

describe('model settings', () => {
  it('defaults to the pinned Qwen3-VL 2B from the Hub, auto device, 1,024 image tokens', () => {
    const d = defaultModelSettings();
    expect(d).toMatchObject({ source: 'hub', device: 'auto', maxImageTokens: 1024 });
    expect(validateModelSettings(d)).toEqual([]);
  });

  it('validates repo ids, revisions, mirror URLs and the token budget', () => {
    const d = defaultModelSettings();
    expect(validateModelSettings({ ...d, modelId: 'no-slash' })).toEqual(['repo-id']);
    expect(validateModelSettings({ ...d, revision: 'a b' })).toEqual(['revision']);
    expect(validateModelSettings({ ...d, source: 'mirror', mirrorUrl: 'ftp://x' })).toEqual([
      'mirror-url',
    ]);
    expect(validateModelSettings({ ...d, source: 'mirror', mirrorUrl: 'not a url' })).toEqual([
      'mirror-url',
    ]);
    expect(
      validateModelSettings({ ...d, source: 'mirror', mirrorUrl: 'https://models.corp/hf' }),
    ).toEqual([]);
    expect(validateModelSettings({ ...d, maxImageTokens: 10 })).toEqual(['image-tokens']);
  });

  it('restores stored settings defensively', () => {
    expect(restoreModelSettings(null)).toEqual(defaultModelSettings());
    expect(restoreModelSettings({ device: 'wasm', maxImageTokens: 256 })).toMatchObject({
      device: 'wasm',
      maxImageTokens: 256,
    });
    expect(restoreModelSettings({ modelId: 'bad', device: 'quantum' })).toEqual(
      defaultModelSettings(),
    );
  });
});
