import type { DevicePreference } from './device-choice';
import { DEFAULT_SEGMENT_MODEL, findSegmentModel } from './models';
import { validateModelSource, type SettingsProblem, type SourceKind } from './settings';

/** The segment model the user chose (Model page): kept in settings, loaded on the next visit. */
export interface SegmentModelSettings {
  modelId: string;
  revision: string;
  source: SourceKind;
  mirrorUrl: string;
  device: DevicePreference;
}

export function defaultSegmentModelSettings(): SegmentModelSettings {
  return {
    modelId: DEFAULT_SEGMENT_MODEL.id,
    revision: DEFAULT_SEGMENT_MODEL.revision,
    source: 'hub',
    mirrorUrl: '',
    device: 'auto',
  };
}

/** Only the listed SAM-class models: each needs its class family and file layout known. */
export function validateSegmentModelSettings(s: SegmentModelSettings): SettingsProblem[] {
  const problems = validateModelSource(s);
  if (!findSegmentModel(s.modelId) && !problems.includes('repo-id')) problems.push('repo-id');
  return problems;
}

/** Settings read back from storage are checked field by field; anything odd falls back to defaults. */
export function restoreSegmentModelSettings(raw: unknown): SegmentModelSettings {
  const d = defaultSegmentModelSettings();
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as Partial<Record<keyof SegmentModelSettings, unknown>>;
  const restored: SegmentModelSettings = {
    modelId: typeof r.modelId === 'string' ? r.modelId : d.modelId,
    revision: typeof r.revision === 'string' ? r.revision : d.revision,
    source:
      r.source === 'mirror' || r.source === 'folder' || r.source === 'hub' ? r.source : d.source,
    mirrorUrl: typeof r.mirrorUrl === 'string' ? r.mirrorUrl : d.mirrorUrl,
    device:
      r.device === 'webgpu' || r.device === 'wasm' || r.device === 'auto' ? r.device : d.device,
  };
  return validateSegmentModelSettings(restored).length === 0
    ? restored
    : { ...d, source: restored.source === 'folder' ? 'folder' : 'hub' };
}
