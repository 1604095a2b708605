import { chooseRuntime } from '../../model/device-choice';
import { checkModelFolder, indexPickedFolder, type FolderCheck } from '../../model/folder-check';
import {
  DEFAULT_SEGMENT_MODEL,
  expectedSizes,
  findSegmentModel,
  type SegmentModelEntry,
} from '../../model/models';
import type { DownloadSummary } from '../../model/download-progress';
import { loadModel, modelSource } from '../model/model-load';
import { classifyInferenceError } from '../../model/errors';
import {
  restoreSegmentModelSettings,
  validateSegmentModelSettings,
  type SegmentModelSettings,
} from '../../model/segment-settings';
import type { Store } from '../../store';
import type { ModelSource } from '../../../workers/inference.protocol';
import {
  segmentErrorKind,
  type SegmentErrorKind,
  type SegmentLoaded,
} from '../../../workers/segment.protocol';
import { segmentClient, type SegmentClient } from './segment-client';

const SETTINGS_KEY = 'segmentModel';
const anything = (_value: unknown): _value is unknown => true;

export type SegmentModelStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A worker error in the words the segment panel has (the network and runtime kinds are shared). */
export function segmentFailure(error: unknown): { kind: SegmentErrorKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const own = segmentErrorKind(error);
  if (own) return { kind: own, message };
  const { kind } = classifyInferenceError(error);
  return { kind: kind === 'missing-files' ? 'model-missing' : kind, message };
}

/**
 * The segment model's life in this tab, as ModelState is Qwen3-VL's: settings, the source, the
 * download, the loaded model. The canvas tool and box → polygon call ensureLoaded() and then use
 * the client.
 */
export class SegmentModelState {
  settings = $state(restoreSegmentModelSettings(null));
  status = $state<SegmentModelStatus>('idle');
  stage = $state<string>('');
  download = $state<DownloadSummary | null>(null);
  loaded = $state<SegmentLoaded | null>(null);
  error = $state<{ kind: SegmentErrorKind; message: string } | null>(null);
  repaired = $state<string[]>([]);
  // Raw: the File map is posted to the worker, and state proxies cannot be cloned.
  folder = $state.raw<{ name: string; files: Record<string, File>; check: FolderCheck } | null>(
    null,
  );
  #loading: Promise<SegmentLoaded | null> | null = null;

  constructor(
    private readonly store: Store,
    readonly client: SegmentClient = segmentClient,
  ) {
    void store.settings
      .get(SETTINGS_KEY, null, anything)
      .then((raw) => (this.settings = restoreSegmentModelSettings(raw)));
  }

  entry(): SegmentModelEntry {
    return findSegmentModel(this.settings.modelId) ?? DEFAULT_SEGMENT_MODEL;
  }

  async saveSettings(next: SegmentModelSettings): Promise<void> {
    this.settings = next;
    if (validateSegmentModelSettings(next).length === 0)
      await this.store.settings.set(SETTINGS_KEY, $state.snapshot(next));
  }

  /** The files a folder needs: those of the dtypes WebAssembly uses, the one device every browser has. */
  pickFolder(files: readonly File[]): FolderCheck {
    const picked = indexPickedFolder(
      files.map((f) => ({ path: f.webkitRelativePath || f.name, size: f.size, value: f })),
    );
    const dtypes = chooseRuntime(this.entry(), { webgpu: false, shaderF16: false }).dtypes;
    const check = checkModelFolder(this.entry(), dtypes, picked.sizes);
    this.folder = { name: picked.name, files: picked.byPath, check };
    return check;
  }

  source(): ModelSource | null {
    return modelSource(this.settings, this.folder);
  }

  /** Loads once; a second call while loading waits on the first. Null when it failed (see error). */
  ensureLoaded(): Promise<SegmentLoaded | null> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.#loading ??= this.#load().finally(() => (this.#loading = null));
    return this.#loading;
  }

  async #load(): Promise<SegmentLoaded | null> {
    return loadModel(this, {
      source: this.source(),
      kinds: { missingFiles: 'model-missing', folderNeeded: 'folder-needed' },
      expectedSizes: () => expectedSizes(this.entry(), this.entry().dtypes.wasm),
      load: (source, onEvent) =>
        this.client.load(onEvent, { source, device: this.settings.device }),
      failure: segmentFailure,
      // A load that failed halfway is not trusted for the next try: a fresh worker starts.
      afterFailure: () => this.client.dispose().catch(() => undefined),
    });
  }

  /** Frees the model and every cached embedding; the next use loads again (from the cache). */
  async unload(): Promise<void> {
    await this.client.dispose();
    this.loaded = null;
    this.status = 'idle';
    this.stage = '';
  }
}
