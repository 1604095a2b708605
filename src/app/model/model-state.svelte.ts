import { chooseRuntime, type GpuCapabilities } from '../../model/device-choice';
import { checkModelFolder, indexPickedFolder, type FolderCheck } from '../../model/folder-check';
import {
  chooseDirectory,
  filesOfDirectory,
  isDirectoryHandle,
  readAccess,
} from '../../model/folder-handle';
import { DEFAULT_MODEL, expectedSizes, findModel } from '../../model/models';
import type { LoadedModel, ModelSource } from '../../../workers/inference.protocol';
import { classifyInferenceError } from '../../model/errors';
import type { InferenceClient } from '../../ai/client';
import type { DownloadSummary } from '../../model/download-progress';
import { loadModel, modelSource } from './model-load';
import { deleteCachedModel, listCachedModels, type CachedModel } from '../../model/cache';
import {
  restoreModelSettings,
  validateModelSettings,
  type ModelSettings,
} from '../../model/settings';
import type { Store } from '../../store';
import { CancellableGeneration } from './cancellable-generation';
import type { InferenceErrorKind } from '../../../workers/inference.protocol';
import type { AnnotateEngine } from '../../ai/run-task';
import { ServerError } from '../../ai/server/server-error';
import { ServerState } from './server-state.svelte';
import { ImageGroups } from '../../ai/image-groups';
import { imagesAtOnce } from '../../model/images-at-once';

const SETTINGS_KEY = 'model';
/** The model folder last chosen with the folder picker (a FileSystemDirectoryHandle). */
const FOLDER_KEY = 'modelFolder';
const anything = (_value: unknown): _value is unknown => true;

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The model's life in this tab: settings, capabilities, download, the loaded model, the cache. */
export class ModelState {
  settings = $state(restoreModelSettings(null));
  capabilities = $state<GpuCapabilities | null>(null);
  status = $state<ModelStatus>('idle');
  stage = $state<string>('');
  download = $state<DownloadSummary | null>(null);
  loaded = $state<LoadedModel | null>(null);
  error = $state<{ kind: InferenceErrorKind; message: string } | null>(null);
  // Raw: the File map is posted to the worker, and state proxies cannot be cloned.
  folder = $state.raw<{ name: string; files: Record<string, File>; check: FolderCheck } | null>(
    null,
  );
  cached = $state<CachedModel[]>([]);
  /** The folder chosen on an earlier visit, to be opened again with one click. */
  rememberedFolder = $state.raw<FileSystemDirectoryHandle | null>(null);
  /** The remembered folder could not be read again (access refused, folder moved). */
  folderAccessDenied = $state(false);
  /** Cached files the last load found damaged (changed since first trusted) and fetched again. */
  repaired = $state<string[]>([]);
  private loading: Promise<LoadedModel | null> | null = null;
  /** The on-prem model server, the other model source. */
  readonly server: ServerState;
  /** The in-browser model as a batch uses it: several images per generation. */
  readonly imageGroups: ImageGroups;

  constructor(
    private readonly store: Store,
    readonly client: InferenceClient,
  ) {
    // A dead worker took the loaded model with it: say so, and load afresh on the next run.
    client.onDeath((error) => {
      this.loaded = null;
      this.loading = null;
      this.status = 'error';
      this.error = classifyInferenceError(error);
    });
    this.server = new ServerState(store);
    this.imageGroups = new ImageGroups(client, () => this.imagesAtOnce());
    void store.settings
      .get(SETTINGS_KEY, null, anything)
      .then((raw) => (this.settings = restoreModelSettings(raw)));
    void store.settings
      .get(FOLDER_KEY, null, isDirectoryHandle)
      .then((handle) => (this.rememberedFolder = handle));
  }

  entry() {
    return findModel(this.settings.modelId) ?? DEFAULT_MODEL;
  }

  runtime() {
    return chooseRuntime(
      this.entry(),
      this.capabilities ?? { webgpu: false, shaderF16: false },
      this.settings.device,
    );
  }

  /** Images per generation in a batch, from the setting and the runtime the model loaded with. */
  imagesAtOnce(): number {
    const memory = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
    return imagesAtOnce(this.settings.imagesAtOnce, {
      device:
        (this.loaded?.runtime.device ?? this.runtime().device) === 'webgpu' ? 'webgpu' : 'wasm',
      ...(memory ? { memoryGiB: memory } : {}),
      maxImageTokens: this.settings.maxImageTokens,
    });
  }

  async saveSettings(next: ModelSettings): Promise<void> {
    this.settings = next;
    if (validateModelSettings(next).length === 0)
      await this.store.settings.set(SETTINGS_KEY, $state.snapshot(next));
  }

  async detect(): Promise<void> {
    if (!this.capabilities) this.capabilities = await this.client.capabilities();
  }

  async refreshCache(): Promise<void> {
    this.cached = await listCachedModels();
  }

  async deleteCached(model: CachedModel): Promise<void> {
    await deleteCachedModel(model);
    await this.refreshCache();
  }

  /** A folder picked from disk: checked at once, so a missing file is named before any loading. */
  pickFolder(files: readonly File[]): FolderCheck {
    return this.#useFolder(
      files.map((f) => ({ path: f.webkitRelativePath || f.name, size: f.size, value: f })),
    );
  }

  /** A folder chosen with the browser's folder picker, remembered for the next visit. */
  async chooseFolder(): Promise<void> {
    const handle = await chooseDirectory();
    if (!handle) return;
    await this.store.settings.set(FOLDER_KEY, handle);
    this.rememberedFolder = handle;
    await this.reopenFolder();
  }

  /** The remembered folder again: read access is asked for (one click), then it is checked. */
  async reopenFolder(): Promise<FolderCheck | null> {
    const handle = this.rememberedFolder;
    if (!handle) return null;
    this.folderAccessDenied = false;
    try {
      if (!(await readAccess(handle))) throw new Error('read access refused');
      return this.#useFolder(await filesOfDirectory(handle));
    } catch {
      this.folderAccessDenied = true;
      return null;
    }
  }

  #useFolder(entries: { path: string; size: number; value: File }[]): FolderCheck {
    const picked = indexPickedFolder(entries);
    const check = checkModelFolder(this.entry(), this.runtime().dtypes, picked.sizes);
    this.folder = { name: picked.name, files: picked.byPath, check };
    return check;
  }

  source(): ModelSource | null {
    return modelSource(this.settings, this.folder);
  }

  /**
   * The engine and model for a run on a project: the model server while it is the source (the
   * in-browser model is then never loaded), else the model in this tab, loaded on first use.
   */
  async ensureReady(
    projectId: string,
  ): Promise<{ engine: AnnotateEngine; model: { modelId: string; revision: string } } | null> {
    if (this.server.active) {
      try {
        return { engine: this.server.engine(projectId), model: this.server.modelRef() };
      } catch (error) {
        this.error = {
          kind: 'unknown',
          message: error instanceof ServerError ? `${error.kind}: ${error.message}` : String(error),
        };
        return null;
      }
    }
    const loaded = await this.ensureLoaded();
    return loaded ? { engine: this.client, model: loaded } : null;
  }

  /** Stops what the active engine is answering. */
  cancelActive(): Promise<void> {
    return this.server.active ? this.server.cancel() : this.client.cancel();
  }

  /** Loads once; a second call while loading waits on the first. */
  ensureLoaded(): Promise<LoadedModel | null> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<LoadedModel | null> {
    // A remembered folder opens again by itself while the browser still grants access to it.
    if (this.settings.source === 'folder' && !this.folder && this.rememberedFolder)
      await this.reopenFolder();
    return loadModel(this, {
      source: this.source(),
      kinds: { missingFiles: 'missing-files', folderNeeded: 'folder-needed' },
      expectedSizes: () => expectedSizes(this.entry(), this.runtime().dtypes),
      load: async (source, onEvent) => {
        await this.detect();
        return this.client.load({ source, device: this.settings.device }, onEvent);
      },
      ready: () => void this.refreshCache(),
      failure: classifyInferenceError,
    });
  }

  /** Cancelling a download stops the worker outright; what was fully downloaded stays cached. */
  cancelLoad(): void {
    this.stopWorker();
  }

  /**
   * Stops the worker outright — a download, and any generation in flight. The model reloads from
   * the browser's cache on the next use.
   */
  stopWorker(): void {
    this.client.terminate();
    this.loading = null;
    this.loaded = null;
    this.status = 'idle';
    this.stage = '';
  }

  /** For a run a person may cancel: ask the worker first, stop it outright if it does not listen. */
  readonly generation = new CancellableGeneration({
    requestCancel: () => this.client.cancel(),
    stopWorker: () => this.stopWorker(),
  });

  async unload(): Promise<void> {
    await this.client.unload();
    this.loaded = null;
    this.status = 'idle';
  }
}
