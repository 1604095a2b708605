/**
 * Where a worker's model files come from, for transformers.js: the Hub, a mirror with its layout,
 * or a folder the user picked (served from memory under a host that never resolves). Offline, files
 * probed at other revisions come from the pinned one. Shared by the inference and segment workers.
 */
import { env } from '@huggingface/transformers';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import {
  adapterIdentity,
  isSoftwareAdapter,
  type GpuCapabilities,
} from '../src/model/device-choice';
import { parseModelFileUrl } from '../src/model/cache';
import {
  browserFingerprintRecords,
  browserFingerprintedCache,
  checkCachedFiles,
  checkFolderFiles,
  fingerprintNewFiles,
  describeProblems,
  type FingerprintRecords,
} from '../src/model/integrity';
import { offlineAwareFetch, pinnedRevisionFetch } from './offline-fetch';
import { preflightError, preflightMirror } from './model-preflight';
import type { LoadEvent, ModelSource } from './inference.protocol';
import type { LoadProgress } from './qwen3vl/types';

/** Host name that never resolves: requests to it are answered from a folder the user picked. */
const LOCAL_FOLDER_HOST = 'https://local-model-folder.annota.invalid';

/** The revision being loaded or in use. */
let pinnedRevision: string | null = null;
const networkFetch = pinnedRevisionFetch(
  offlineAwareFetch(fetch.bind(self), env.cacheKey, () => pinnedRevision),
  () => pinnedRevision,
);
env.fetch = networkFetch;

export async function capabilities(): Promise<GpuCapabilities> {
  const gpu = (
    navigator as Navigator & {
      gpu?: {
        requestAdapter(): Promise<{ features: Set<string> } | null>;
      };
    }
  ).gpu;
  if (!gpu) return { webgpu: false, shaderF16: false };
  try {
    const adapter = await gpu.requestAdapter();
    return {
      webgpu: adapter !== null,
      shaderF16: adapter?.features.has('shader-f16') ?? false,
      software: adapter !== null && isSoftwareAdapter(adapterIdentity(adapter)),
    };
  } catch {
    return { webgpu: false, shaderF16: false };
  }
}

/** Serves a picked folder to transformers.js as if it were a Hub repo, with content-length. */
function serveFolder(files: Record<string, File>): void {
  env.fetch = async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    if (!url.startsWith(LOCAL_FOLDER_HOST)) return networkFetch(input, init);
    const path = decodeURIComponent(url.replace(/^.*?\/resolve\/[^/]+\//, ''));
    const file = files[path];
    if (!file) return new Response(null, { status: 404, statusText: 'Not in the picked folder' });
    return new Response(file, { status: 200, headers: { 'content-length': String(file.size) } });
  };
  // The folder is already on disk: copying it into Cache Storage would only waste space.
  env.useBrowserCache = false;
}

/** Hub and mirror files come over the network and are kept in Cache Storage (after a folder too). */
function useNetwork(): void {
  env.fetch = networkFetch;
  env.useBrowserCache = typeof caches !== 'undefined';
}

export interface RuntimeSource {
  modelId: string;
  revision: string;
  hubUrl?: string;
}

/** Sets transformers.js up for the source and pins its revision. */
export function runtimeSource(source: ModelSource): RuntimeSource {
  let resolved: RuntimeSource;
  switch (source.kind) {
    case 'hub':
      useNetwork();
      resolved = { modelId: source.modelId, revision: source.revision };
      break;
    case 'mirror':
      useNetwork();
      resolved = {
        modelId: source.modelId,
        revision: source.revision,
        hubUrl: source.baseUrl.replace(/\/?$/, '/'),
      };
      break;
    case 'folder':
      serveFolder(source.files);
      resolved = {
        modelId: `local/${source.name.replace(/[^\w.-]/g, '_') || 'folder'}`,
        revision: 'local',
        hubUrl: `${LOCAL_FOLDER_HOST}/`,
      };
      break;
  }
  pinnedRevision = resolved.revision;
  return resolved;
}

/**
 * The files of this load that transformers.js keeps in Cache Storage, by their cache URL; null when
 * nothing is cached for the source (a picked folder is read from disk, not cached).
 */
export async function cachedModelFiles(source: RuntimeSource, required: readonly string[]) {
  if (!env.useBrowserCache || typeof caches === 'undefined') return null;
  const cache = await browserFingerprintedCache(env.cacheKey);
  const wanted = new Set(required);
  const host = (source.hubUrl ?? 'https://huggingface.co').replace(/\/$/, '');
  const list = async () => {
    const keys = await (await caches.open(env.cacheKey)).keys();
    return keys.flatMap((request) => {
      const file = parseModelFileUrl(request.url);
      return file &&
        file.host === host &&
        file.modelId === source.modelId &&
        file.revision === source.revision &&
        wanted.has(file.path)
        ? [{ url: file.url, path: file.path, modelId: file.modelId, revision: file.revision }]
        : [];
    });
  };
  return { cache, files: await list(), list };
}

/**
 * A picked folder's files, compared with the fingerprints trusted for the model it stands for (the
 * manifest's entry at its pinned revision): a file with other bytes stops the load, named. Files
 * seen for the first time are trusted once the load has worked.
 */
async function checkFolder(
  files: Record<string, File>,
  required: readonly string[],
  entry: { id: string; revision: string },
  records: FingerprintRecords,
  onEvent: (event: LoadEvent) => void,
): Promise<{ trust: () => Promise<void> }> {
  onEvent({ kind: 'stage', stage: 'verifying' });
  const { problems, fresh } = await checkFolderFiles(
    required.flatMap((path) => {
      const file = files[path];
      return file
        ? [{ modelId: entry.id, revision: entry.revision, path, body: () => file.stream() }]
        : [];
    }),
    records,
  );
  if (problems.length > 0) throw new Error(`damaged-file: ${describeProblems(problems)}`);
  return {
    trust: async () => {
      for (const [file, print] of fresh) await records.keep(file, print);
    },
  };
}

/**
 * Everything checked before transformers.js reads a model's files, the same for every worker: a
 * mirror's files exist with the length first trusted for this revision; a picked folder's bytes
 * match the fingerprints trusted for the model it stands for; cached files still match theirs (a
 * damaged one is dropped, to be downloaded again). `trust` records what the load proved good.
 */
export async function verifyModelFiles(
  request: ModelSource,
  source: RuntimeSource,
  entry: { id: string; revision: string },
  required: readonly string[],
  onEvent: (event: LoadEvent) => void,
): Promise<{ trust: () => Promise<void> }> {
  const records = typeof caches === 'undefined' ? null : await browserFingerprintRecords();
  if (request.kind === 'mirror') {
    const host = source.hubUrl!;
    const files = await Promise.all(
      required.map(async (path) => {
        const trusted = await records?.get({
          modelId: source.modelId,
          revision: source.revision,
          path,
        });
        return trusted ? { path, bytes: trusted.bytes } : { path };
      }),
    );
    const problems = await preflightMirror(
      host,
      source.modelId,
      source.revision,
      files,
      (u, i) => fetch(u, i),
      () => navigator.onLine,
    );
    const error = preflightError(problems, host);
    if (error) throw error;
  }
  const folder =
    request.kind === 'folder' && records
      ? await checkFolder(request.files, required, entry, records, onEvent)
      : null;
  const cached = await cachedModelFiles(source, required);
  if (cached) {
    onEvent({ kind: 'stage', stage: 'verifying' });
    const damaged = await checkCachedFiles(cached.files, cached.cache);
    if (damaged.length > 0) onEvent({ kind: 'repaired', files: damaged.map((d) => d.path) });
  }
  onEvent({ kind: 'stage', stage: 'downloading' });
  return {
    // The files just made a working model: trusted from now on (trust on first use).
    trust: async () => {
      if (cached) await fingerprintNewFiles(await cached.list(), cached.cache);
      if (folder) await folder.trust();
    },
  };
}

/** transformers.js's progress as load events, with the stage change once the files are in. */
export function loadProgress(onEvent: (event: LoadEvent) => void): (p: LoadProgress) => void {
  let creating = false;
  return (p) => {
    if (p.status === 'ready' && !creating) {
      creating = true;
      onEvent({ kind: 'stage', stage: 'creating-sessions' });
    }
    const event = toLoadEvent(p);
    if (event) onEvent(event);
  };
}

/** transformers.js's progress as the page's load events (files only). */
export function toLoadEvent(progress: LoadProgress): LoadEvent | null {
  if (progress.status === 'progress' && progress.file)
    return {
      kind: 'file',
      file: progress.file,
      loaded: progress.loaded ?? 0,
      total: progress.total ?? 0,
      done: false,
    };
  if (progress.status === 'done' && progress.file)
    return {
      kind: 'file',
      file: progress.file,
      loaded: progress.total ?? progress.loaded ?? 0,
      total: progress.total ?? 0,
      done: true,
    };
  return null;
}

/**
 * Self-hosted ORT runtime (qwen3vl.md §4.4): bundled from the same onnxruntime-web that
 * transformers.js uses, so nothing is fetched from a CDN and the app works offline.
 */
export function useServedRuntime(): void {
  (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm!.wasmPaths = {
    mjs: new URL(ortMjsUrl, self.location.href).href,
    wasm: new URL(ortWasmUrl, self.location.href).href,
  };
}

/** The start of every model load: its clock, the first stage, the GPU and where the files are. */
export async function beginLoad(
  requested: ModelSource,
  onEvent: (event: LoadEvent) => void,
): Promise<{ started: number; gpu: GpuCapabilities; source: RuntimeSource }> {
  const started = performance.now();
  onEvent({ kind: 'stage', stage: 'checking' });
  const gpu = await capabilities();
  return { started, gpu, source: runtimeSource(requested) };
}
