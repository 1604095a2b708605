import { describe, expect, it } from 'vitest';
import { EDGETAM, SLIMSAM } from './models';
import {
  defaultSegmentModelSettings,
  restoreSegmentModelSettings,
  validateSegmentModelSettings,
} from './segment-settings';

describe('segment model settings', () => {
  it('default to EdgeTAM at its pinned revision, from the Hub, best device', () => {
    expect(defaultSegmentModelSettings()).toEqual({
      modelId: EDGETAM.id,
      revision: EDGETAM.revision,
      source: 'hub',
      mirrorUrl: '',
      device: 'auto',
    });
  });

  it('restore what was saved, field by field', () => {
    const saved = {
      modelId: SLIMSAM.id,
      revision: SLIMSAM.revision,
      source: 'mirror',
      mirrorUrl: 'https://models.example.com/hf',
      device: 'wasm',
    };
    expect(restoreSegmentModelSettings(saved)).toEqual(saved);
  });

  it('fall back to the defaults for anything odd, keeping a folder choice', () => {
    expect(restoreSegmentModelSettings('nonsense')).toEqual(defaultSegmentModelSettings());
    const broken = restoreSegmentModelSettings({ source: 'folder', modelId: 'not a repo' });
    expect(broken.modelId).toBe(EDGETAM.id);
    expect(broken.source).toBe('folder');
  });

  it('name what is wrong: an unlisted model, a bad mirror URL', () => {
    const settings = defaultSegmentModelSettings();
    expect(validateSegmentModelSettings({ ...settings, modelId: 'someone/other-sam' })).toEqual([
      'repo-id',
    ]);
    expect(
      validateSegmentModelSettings({ ...settings, source: 'mirror', mirrorUrl: 'ftp://x' }),
    ).toEqual(['mirror-url']);
  });
});
