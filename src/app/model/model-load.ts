import { DownloadProgress, type DownloadSummary } from '../../model/download-progress';
import type { FolderCheck } from '../../model/folder-check';
import type { ModelSourceSettings } from '../../model/settings';
import type { LoadEvent, ModelSource } from '../../../workers/inference.protocol';

/** What a model's panel shows of its load: Qwen3-VL's ModelState and SegmentModelState both have it. */
export interface ModelLoadView<T, K extends string> {
  loaded: T | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  stage: string;
  download: DownloadSummary | null;
  error: { kind: K; message: string } | null;
  /** Cached files the load found damaged and fetched again. */
  repaired: string[];
  folder: { check: FolderCheck } | null;
}

export interface ModelLoadSteps<T, K extends string> {
  /** Null when the chosen folder is not (or no longer) there to load from. */
  source: ModelSource | null;
  /** The error kinds for a picked folder that lacks files, and for a folder nobody picked. */
  kinds: { missingFiles: K; folderNeeded: K };
  /** Sizes of the files a download will fetch, for its progress. */
  expectedSizes: () => ReadonlyMap<string, number>;
  /** Loads the model, telling each event as it arrives. */
  load: (source: ModelSource, onEvent: (event: LoadEvent) => void) => Promise<T>;
  /** After the model is loaded and shown as ready. */
  ready?: () => void;
  failure: (error: unknown) => { kind: K; message: string };
  /** After a failed load, e.g. to start a fresh worker. */
  afterFailure?: () => Promise<void>;
}

/** One load of a model, shown on its panel as it goes; null when it failed (see view.error). */
export async function loadModel<T, K extends string>(
  view: ModelLoadView<T, K>,
  steps: ModelLoadSteps<T, K>,
): Promise<T | null> {
  const { source } = steps;
  if (!source) {
    view.status = 'error';
    // After a reload the browser no longer gives us the picked files: ask for the folder again
    // rather than call a folder nobody picked "incomplete" (issue 15 item 4).
    view.error = view.folder
      ? {
          kind: steps.kinds.missingFiles,
          message: [...view.folder.check.missing, ...view.folder.check.empty].join(', '),
        }
      : { kind: steps.kinds.folderNeeded, message: '' };
    return null;
  }
  view.status = 'loading';
  view.error = null;
  view.repaired = [];
  const progress = new DownloadProgress(
    source.kind === 'folder' ? undefined : steps.expectedSizes(),
  );
  view.download = progress.summary();
  try {
    const loaded = await steps.load(source, (event) => {
      if (event.kind === 'stage') view.stage = event.stage;
      else if (event.kind === 'repaired') view.repaired = event.files;
      else view.download = progress.update(event, performance.now());
    });
    view.loaded = loaded;
    view.status = 'ready';
    steps.ready?.();
    return loaded;
  } catch (error) {
    view.status = 'error';
    view.error = steps.failure(error);
    await steps.afterFailure?.();
    return null;
  }
}

/** Where a model's settings say its files come from; null while the chosen folder is not usable. */
export function modelSource(
  s: ModelSourceSettings,
  folder: { name: string; files: Record<string, File>; check: FolderCheck } | null,
): ModelSource | null {
  if (s.source === 'folder')
    return folder?.check.ok ? { kind: 'folder', name: folder.name, files: folder.files } : null;
  if (s.source === 'mirror')
    return { kind: 'mirror', baseUrl: s.mirrorUrl, modelId: s.modelId, revision: s.revision };
  return { kind: 'hub', modelId: s.modelId, revision: s.revision };
}
