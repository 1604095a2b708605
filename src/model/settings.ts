import type { DevicePreference } from './device-choice';
import { isImagesAtOnce, type ImagesAtOnce } from './images-at-once';
import { DEFAULT_MODEL } from './models';

export type SourceKind = 'hub' | 'mirror' | 'folder';

/** What the user chose in the Model panel; kept in settings so the next visit loads the same. */
export interface ModelSettings {
  modelId: string;
  revision: string;
  source: SourceKind;
  mirrorUrl: string;
  device: DevicePreference;
  /** Default image-token budget (tasks may override): caps max_pixels, since prefill returns every logit. */
  maxImageTokens: number;
  /** Images per generation in a batch (the in-browser model). */
  imagesAtOnce: ImagesAtOnce;
}

export const MIN_IMAGE_TOKENS = 64;
export const MAX_IMAGE_TOKENS = 4096;

export function defaultModelSettings(): ModelSettings {
  return {
    modelId: DEFAULT_MODEL.id,
    revision: DEFAULT_MODEL.revision,
    source: 'hub',
    mirrorUrl: '',
    device: 'auto',
    maxImageTokens: 1024,
    imagesAtOnce: 'auto',
  };
}

const REPO_ID = /^[\w.-]+\/[\w.-]+$/;

export type SettingsProblem = 'repo-id' | 'revision' | 'mirror-url' | 'image-tokens';

/** Where the model comes from, as any model's settings name it (repo id, revision, mirror URL). */
export type ModelSourceSettings = Pick<
  ModelSettings,
  'modelId' | 'revision' | 'source' | 'mirrorUrl'
>;

export function validateModelSettings(s: ModelSettings): SettingsProblem[] {
  const problems = validateModelSource(s);
  if (!(
    Number.isInteger(s.maxImageTokens) &&
    s.maxImageTokens >= MIN_IMAGE_TOKENS &&
    s.maxImageTokens <= MAX_IMAGE_TOKENS
  ))
    problems.push('image-tokens');
  return problems;
}

export function validateModelSource(s: ModelSourceSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!REPO_ID.test(s.modelId)) problems.push('repo-id');
  if (!/^[\w.-]+$/.test(s.revision)) problems.push('revision');
  if (s.source === 'mirror') {
    try {
      const url = new URL(s.mirrorUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('mirror-url');
    } catch {
      problems.push('mirror-url');
    }
  }
  return problems;
}

/** The fields every model's settings share: where its files come from and which device runs it. */
type SourceDeviceSettings = ModelSourceSettings & { device: DevicePreference };

/**
 * Any model's settings read back from storage, checked field by field: `restoreRest` reads the fields
 * only that model has. Anything odd falls back to the defaults, keeping only a folder choice.
 */
export function restoreSettings<T extends SourceDeviceSettings>(
  raw: unknown,
  d: T,
  restoreRest: (r: Partial<Record<keyof T, unknown>>) => Omit<T, keyof SourceDeviceSettings>,
  validate: (s: T) => SettingsProblem[],
): T {
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as Partial<Record<keyof T, unknown>>;
  const restored = {
    modelId: typeof r.modelId === 'string' ? r.modelId : d.modelId,
    revision: typeof r.revision === 'string' ? r.revision : d.revision,
    source:
      r.source === 'mirror' || r.source === 'folder' || r.source === 'hub' ? r.source : d.source,
    mirrorUrl: typeof r.mirrorUrl === 'string' ? r.mirrorUrl : d.mirrorUrl,
    device:
      r.device === 'webgpu' || r.device === 'wasm' || r.device === 'auto' ? r.device : d.device,
    ...restoreRest(r),
  } as T;
  return validate(restored).length === 0
    ? restored
    : { ...d, source: restored.source === 'folder' ? 'folder' : 'hub' };
}

/** Settings read back from storage are checked field by field; anything odd falls back to defaults. */
export function restoreModelSettings(raw: unknown): ModelSettings {
  const d = defaultModelSettings();
  return restoreSettings(
    raw,
    d,
    (r) => ({
      maxImageTokens: typeof r.maxImageTokens === 'number' ? r.maxImageTokens : d.maxImageTokens,
      imagesAtOnce: isImagesAtOnce(r.imagesAtOnce) ? r.imagesAtOnce : d.imagesAtOnce,
    }),
    validateModelSettings,
  );
}
