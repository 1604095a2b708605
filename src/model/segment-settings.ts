import type { DevicePreference } from './device-choice';
import { DEFAULT_SEGMENT_MODEL, findSegmentModel } from './models';
import {
  restoreSettings,
  validateModelSource,
  type SettingsProblem,
  type SourceKind,
} from './settings';

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
  return restoreSettings(
    raw,
    defaultSegmentModelSettings(),
    () => ({}),
    validateSegmentModelSettings,
  );
}
