/// <reference lib="webworker" />
/**
 * The inference worker: owns the model runtime (transformers.js + onnxruntime-web), loaded lazily
 * here so the page's first load never pays for it.
 */
import { expose } from 'comlink';
import { env } from '@huggingface/transformers';
// Self-hosted ORT runtime (qwen3vl.md §4.4): bundled from the same onnxruntime-web that transformers.js
// uses, so nothing is fetched from a CDN and the app works offline.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import {
  chooseRuntime,
  adapterIdentity,
  isSoftwareAdapter,
  type GpuCapabilities,
} from '../src/model/device-choice';
import { DEFAULT_MODEL, findModel, requiredFiles, type SessionDtypes } from '../src/model/models';
import { createStopCheck, generationEnd, type EarlyStop } from '../src/ai/answer';
import { generateRequestOf } from './annotate-request';
import { offlineAwareFetch, pinnedRevisionFetch } from './offline-fetch';
import { preflightError, preflightMirror } from './model-preflight';
import { parseModelFileUrl } from '../src/model/cache';
import {
  browserFingerprintRecords,
  browserFingerprintedCache,
  checkCachedFiles,
  checkFolderFiles,
  describeProblems,
  fingerprintNewFiles,
  type FingerprintRecords,
} from '../src/model/integrity';
import {
  bitmapToRawImage,
  generate,
  generateBatch,
  loadQwen3VL,
  type LoadProgress,
  type GenerateResult,
  type Qwen3VLHandle,
} from './qwen3vl';
import { classifyInferenceError } from '../src/model/errors';
import { inferenceError, inferenceErrorKind } from './inference.protocol';
import type {
  AnnotateRequest,
  AnnotateResult,
  InferenceApi,
  LoadEvent,
  LoadedModel,
  LoadRequest,
  ModelSource,
} from './inference.protocol';

/** Host name that never resolves: requests to it are answered from a folder the user picked. */
const LOCAL_FOLDER_HOST = 'https://local-model-folder.annota.invalid';

let handle: Qwen3VLHandle | null = null;
/** The revision being loaded or in use: offline, files probed at other revisions come from it. */
let pinnedRevision: string | null = null;
const networkFetch = pinnedRevisionFetch(
  offlineAwareFetch(fetch.bind(self), env.cacheKey, () => pinnedRevision),
  () => pinnedRevision,
);
env.fetch = networkFetch;
/** Rejects the load in flight: set while loading, so an error thrown outside its promise chain ends it. */
let failLoad: ((reason: unknown) => void) | null = null;
// transformers.js throws some download errors (a 404 as ModelFileNotFoundError) where no caller
// awaits them: without this the load would wait forever (issue 15 item 2).
self.addEventListener('unhandledrejection', (event) => {
  if (!failLoad) return;
  event.preventDefault();
  failLoad(event.reason);
});
let loading: Promise<LoadedModel> | null = null;
let loadedInfo: LoadedModel | null = null;
let running: AbortController | null = null;

async function capabilities(): Promise<GpuCapabilities> {
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
  // The folder is already on disk: copying 1.5 GB into Cache Storage would only waste space.
  env.useBrowserCache = false;
}

/** Hub and mirror files come over the network and are kept in Cache Storage (after a folder too). */
function useNetwork(): void {
  env.fetch = networkFetch;
  env.useBrowserCache = typeof caches !== 'undefined';
}

function runtimeSource(source: ModelSource): {
  modelId: string;
  revision: string;
  hubUrl?: string;
} {
  switch (source.kind) {
    case 'hub':
      useNetwork();
      return { modelId: source.modelId, revision: source.revision };
    case 'mirror':
      useNetwork();
      return {
        modelId: source.modelId,
        revision: source.revision,
        hubUrl: source.baseUrl.replace(/\/?$/, '/'),
      };
    case 'folder':
      serveFolder(source.files);
      return {
        modelId: `local/${source.name.replace(/[^\w.-]/g, '_') || 'folder'}`,
        revision: 'local',
        hubUrl: `${LOCAL_FOLDER_HOST}/`,
      };
  }
}

/**
 * The files of this load that transformers.js keeps in Cache Storage, by their cache URL; null when
 * nothing is cached for the source (a picked folder is read from disk, not cached).
 */
async function cachedModelFiles(
  source: { modelId: string; revision: string; hubUrl?: string },
  required: readonly string[],
) {
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

function toEvent(progress: LoadProgress): LoadEvent | null {
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

async function load(
  request: LoadRequest,
  onEvent: (event: LoadEvent) => void,
): Promise<LoadedModel> {
  if (loadedInfo) return loadedInfo;
  loading ??= (async () => {
    const started = performance.now();
    onEvent({ kind: 'stage', stage: 'checking' });
    const gpu = await capabilities();
    const source = runtimeSource(request.source);
    pinnedRevision = source.revision;
    const entry = findModel(source.modelId) ?? DEFAULT_MODEL;
    const runtime = chooseRuntime(entry, gpu, request.device);
    const dtypes: SessionDtypes = request.dtypes ?? runtime.dtypes;
    (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm!.wasmPaths = {
      mjs: new URL(ortMjsUrl, self.location.href).href,
      wasm: new URL(ortWasmUrl, self.location.href).href,
    };
    const records = typeof caches === 'undefined' ? null : await browserFingerprintRecords();
    const required = requiredFiles(entry, dtypes);
    if (request.source.kind === 'mirror') {
      const host = source.hubUrl!;
      // A length other than the one first trusted for this revision (from the Hub or this mirror)
      // is named before anything downloads.
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
      request.source.kind === 'folder' && records
        ? await checkFolder(request.source.files, required, entry, records, onEvent)
        : null;
    const cached = await cachedModelFiles(source, required);
    if (cached) {
      onEvent({ kind: 'stage', stage: 'verifying' });
      const damaged = await checkCachedFiles(cached.files, cached.cache);
      if (damaged.length > 0) onEvent({ kind: 'repaired', files: damaged.map((d) => d.path) });
    }
    onEvent({ kind: 'stage', stage: 'downloading' });
    let creating = false;
    handle = await loadQwen3VL(
      { source: { kind: 'hub', ...source }, device: runtime.device, dtype: dtypes },
      (p) => {
        if (p.status === 'ready' && !creating) {
          creating = true;
          onEvent({ kind: 'stage', stage: 'creating-sessions' });
        }
        const event = toEvent(p);
        if (event) onEvent(event);
      },
    );
    // The files just made a working model: trusted from now on (trust on first use).
    if (cached) await fingerprintNewFiles(await cached.list(), cached.cache);
    if (folder) await folder.trust();
    loadedInfo = {
      modelId: request.source.kind === 'folder' ? request.source.name : source.modelId,
      revision: source.revision,
      runtime: { ...runtime, dtypes },
      seconds: (performance.now() - started) / 1000,
    };
    onEvent({ kind: 'stage', stage: 'ready' });
    return loadedInfo;
  })();
  const failed = new Promise<never>((_, reject) => (failLoad = reject));
  try {
    return await Promise.race([loading, failed]);
  } catch (error) {
    loading = null;
    handle = null;
    throw error;
  } finally {
    failLoad = null;
  }
}

async function annotate(
  request: AnnotateRequest,
  onText: (chunk: string) => void,
): Promise<AnnotateResult> {
  if (!handle) throw inferenceError('not-loaded', 'load the model first');
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const started = performance.now();
  const image = bitmapToRawImage(request.image);
  const stopCheck = request.stop ? createStopCheck(request.stop) : null;
  let stoppedBecause: EarlyStop | null = null;
  const generated = performance.now();
  try {
    const result = await generate(handle, generateRequestOf(request, image), {
      onText,
      signal: controller.signal,
      shouldStop: stopCheck
        ? ({ text }) => {
            stoppedBecause = stopCheck(text);
            return stoppedBecause !== null;
          }
        : undefined,
    });
    const finish = generationEnd(result.stopReason, stoppedBecause);
    return {
      text: result.text,
      tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, prob: t.prob })),
      finish,
      timings: {
        preprocessMs: generated - started,
        generateMs: performance.now() - generated,
        promptTokens: result.promptTokens,
        imageTokens: result.imageTokens,
        newTokens: result.tokens.length,
      },
    };
  } finally {
    if (running === controller) running = null;
  }
}

/** The answer of one image as the page takes it. */
function annotateResult(
  result: GenerateResult,
  stoppedBecause: EarlyStop | null,
  timings: { preprocessMs: number; generateMs: number },
): AnnotateResult {
  return {
    text: result.text,
    tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, prob: t.prob })),
    finish: generationEnd(result.stopReason, stoppedBecause),
    timings: {
      ...timings,
      promptTokens: result.promptTokens,
      imageTokens: result.imageTokens,
      newTokens: result.tokens.length,
    },
  };
}

async function annotateBatch(
  requests: AnnotateRequest[],
  onText: (index: number, chunk: string) => void,
  onDone: (index: number, result: AnnotateResult) => void,
): Promise<AnnotateResult[]> {
  if (!handle) throw inferenceError('not-loaded', 'load the model first');
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const started = performance.now();
  const stoppedBecause: (EarlyStop | null)[] = requests.map(() => null);
  const items = requests.map((request, index) => {
    const image = bitmapToRawImage(request.image);
    const stopCheck = request.stop ? createStopCheck(request.stop) : null;
    return {
      request: generateRequestOf(request, image),
      callbacks: {
        onText: (chunk: string) => onText(index, chunk),
        ...(stopCheck
          ? {
              shouldStop: ({ text }: { text: string }) => {
                stoppedBecause[index] = stopCheck(text);
                return stoppedBecause[index] !== null;
              },
            }
          : {}),
      },
    };
  });
  const generated = performance.now();
  const timings = () => ({
    preprocessMs: generated - started,
    generateMs: performance.now() - generated,
  });
  try {
    const results = await generateBatch(handle, items, {
      signal: controller.signal,
      onFinished: (index, result) =>
        onDone(index, annotateResult(result, stoppedBecause[index] ?? null, timings())),
    });
    return results.map((result, index) =>
      annotateResult(result, stoppedBecause[index] ?? null, timings()),
    );
  } finally {
    if (running === controller) running = null;
  }
}

function cancel(): void {
  running?.abort();
}

async function unload(): Promise<void> {
  cancel();
  const model = handle?.model as { dispose?: () => Promise<unknown> } | undefined;
  handle = null;
  loading = null;
  loadedInfo = null;
  await model?.dispose?.();
}

/** Every error leaves the worker with its kind, so the page never has to guess from the text. */
function typed<A extends unknown[], R>(
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (inferenceErrorKind(error)) throw error;
      const { kind, message } = classifyInferenceError(error);
      throw inferenceError(kind, message);
    }
  };
}

const api: InferenceApi = {
  capabilities,
  load: typed(load),
  annotate: typed(annotate),
  annotateBatch: typed(annotateBatch),
  cancel,
  unload,
  ping: () => true,
};
expose(api);
