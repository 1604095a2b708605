/// <reference lib="webworker" />
/**
 * The segment worker: a SAM-class model (transformers.js's own SAM / SAM 2 classes on
 * onnxruntime-web). The image encoder runs once per image and its embedding is kept (least
 * recently used out); each click runs only the prompt decoder. Loaded on first use only.
 */
import { expose } from 'comlink';
import type { RawImage } from '@huggingface/transformers';
import { chooseRuntime } from '../src/model/device-choice';
import { DEFAULT_SEGMENT_MODEL, findSegmentModel, requiredFiles } from '../src/model/models';
import { classifyInferenceError } from '../src/model/errors';
import { beginLoad, loadProgress, useServedRuntime, verifyModelFiles } from './model-source';
import { LoadOnce } from './load-once';
import { loadSegmentModel, type SegmentHandle } from './segment/load';
import { decodePrompt, embedImage, type ImageEmbedding } from './segment/segment';
import { imageAtSize } from './segment/image-at-size';
import { modelInputSize, type ImageSize } from './segment/model-input';
import { EmbeddingCache } from './segment/embedding-cache';
import { EmbeddingStore } from './segment/embedding-store';
import { fromStored, toStored } from './segment/stored-embedding';
import { WorkQueue, type Priority } from './segment/work-queue';
import {
  segmentError,
  segmentErrorKind,
  type SegmentApi,
  type SegmentEncoded,
  type SegmentEncodeStages,
  type SegmentErrorKind,
  type SegmentLoaded,
  type SegmentLoadEvent,
  type SegmentLoadRequest,
  type SegmentMask,
  type SegmentPrompt,
} from './segment.protocol';

/** Embeddings kept in memory: about eight images of a SAM 2 export (16 MB each). */
const EMBEDDING_BUDGET_BYTES = 128 * 1024 * 1024;
/** Embeddings kept in IndexedDB across visits: about sixteen images. */
const STORED_EMBEDDINGS_BYTES = 256 * 1024 * 1024;

let handle: SegmentHandle | null = null;
const loading = new LoadOnce<SegmentLoaded>();
let loadedInfo: SegmentLoaded | null = null;
const embeddings = new EmbeddingCache<ImageEmbedding>(EMBEDDING_BUDGET_BYTES);
/** Encodes in flight, by image id: a decode or a second encode waits on the same one. */
const encoding = new Map<string, Promise<Embedded>>();
const stored = new EmbeddingStore(STORED_EMBEDDINGS_BYTES);

/** An embedding and whether the encoder had to run for it. */
interface Embedded {
  embedding: ImageEmbedding;
  encoded: boolean;
  /** Where the encode's time went, when it ran. */
  stages?: SegmentEncodeStages;
}
const queue = new WorkQueue();

async function load(
  request: SegmentLoadRequest,
  onEvent: (event: SegmentLoadEvent) => void,
): Promise<SegmentLoaded> {
  if (loadedInfo) return loadedInfo;
  return loading.run(
    async () => {
      const { started, gpu, source } = await beginLoad(request.source, onEvent);
      const entry = findSegmentModel(source.modelId) ?? DEFAULT_SEGMENT_MODEL;
      const runtime = chooseRuntime(entry, gpu, request.device);
      const required = requiredFiles(entry, runtime.dtypes);
      useServedRuntime();
      const files = await verifyModelFiles(request.source, source, entry, required, onEvent);
      handle = await loadSegmentModel(
        {
          source: { kind: 'hub', ...source },
          device: runtime.device,
          dtype: runtime.dtypes,
          externalData: entry.externalData,
        },
        loadProgress(onEvent),
      );
      await files.trust();
      loadedInfo = {
        modelId: request.source.kind === 'folder' ? request.source.name : source.modelId,
        revision: source.revision,
        runtime,
        seconds: (performance.now() - started) / 1000,
      };
      onEvent({ kind: 'stage', stage: 'ready' });
      return loadedInfo;
    },
    () => (handle = null),
  );
}

function loadedHandle(): SegmentHandle {
  if (!handle) throw segmentError('not-loaded', 'load the segment model first');
  return handle;
}

/**
 * The image as the encoder needs it: decoded, then drawn straight at the model's input size (the
 * processor's own rule), with the size the user sees kept for mapping prompts and masks.
 */
async function readImage(
  processor: SegmentHandle['processor'],
  image: Blob,
): Promise<{ raw: RawImage; original: ImageSize }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch (error) {
    throw segmentError('bad-image', error instanceof Error ? error.message : String(error));
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    return { raw: imageAtSize(bitmap, modelInputSize(processor, original)), original };
  } finally {
    bitmap.close();
  }
}

/** The persistent cache's key: the same image under another model is another embedding. */
function storedKey(imageId: string): string | null {
  return loadedInfo ? EmbeddingStore.key(loadedInfo.modelId, loadedInfo.revision, imageId) : null;
}

async function encodeNow(model: SegmentHandle, imageId: string, image: Blob): Promise<Embedded> {
  const key = storedKey(imageId);
  const kept = key ? await stored.get(key) : null;
  if (kept) return { embedding: fromStored(kept), encoded: false };
  const started = performance.now();
  const { raw, original } = await readImage(model.processor, image);
  const imageMs = performance.now() - started;
  let embedded: Awaited<ReturnType<typeof embedImage>>;
  try {
    embedded = await embedImage(model, raw, original);
  } catch (error) {
    const classified = classifyInferenceError(error).kind;
    throw segmentError(
      classified === 'unknown' ? 'encode-failed' : toSegmentKind(classified),
      error instanceof Error ? error.message : String(error),
    );
  }
  const { embedding } = embedded;
  const keep = toStored(embedding);
  if (key && keep) void stored.put(key, keep);
  return { embedding, encoded: true, stages: { imageMs, ...embedded.stages } };
}

/** The embedding of an image: cached, in flight, or computed now (at the given priority). */
function embeddingOf(imageId: string, image: Blob, priority: Priority): Promise<Embedded> {
  const model = loadedHandle();
  const kept = embeddings.get(imageId);
  if (kept) return Promise.resolve({ embedding: kept, encoded: false });
  let pending = encoding.get(imageId);
  if (!pending) {
    pending = queue
      .run(priority, () => encodeNow(model, imageId, image))
      .then((embedded) => {
        // A model unloaded meanwhile keeps nothing of the old one.
        if (handle === model) embeddings.set(imageId, embedded.embedding, embedded.embedding.bytes);
        return embedded;
      })
      .finally(() => encoding.delete(imageId));
    encoding.set(imageId, pending);
  }
  return pending;
}

async function encode(imageId: string, image: Blob): Promise<SegmentEncoded> {
  loadedHandle();
  if (embeddings.has(imageId)) return { ms: 0, cached: true };
  const inFlight = encoding.has(imageId);
  const started = performance.now();
  const { encoded, stages } = await embeddingOf(imageId, image, 'now');
  return encoded && !inFlight && stages
    ? { ms: performance.now() - started, cached: false, stages }
    : { ms: 0, cached: true };
}

async function prefetch(imageId: string, image: Blob): Promise<void> {
  if (!handle) return;
  // A failed prefetch costs nothing: the real encode of that image reports the problem.
  await embeddingOf(imageId, image, 'background').catch(() => undefined);
}

async function decode(imageId: string, prompt: SegmentPrompt): Promise<SegmentMask> {
  const model = loadedHandle();
  const embedding = embeddings.get(imageId) ?? (await encoding.get(imageId))?.embedding;
  if (!embedding) throw segmentError('not-encoded', `no embedding for image ${imageId}`);
  return queue.run('now', async () => {
    try {
      return await decodePrompt(model, embedding, prompt);
    } catch (error) {
      throw segmentError('decode-failed', error instanceof Error ? error.message : String(error));
    }
  });
}

async function dispose(): Promise<void> {
  const model = handle?.model as { dispose?: () => Promise<unknown> } | undefined;
  handle = null;
  loading.reset();
  loadedInfo = null;
  embeddings.clear();
  encoding.clear();
  await model?.dispose?.();
}

/** The inference kinds that mean the same for this worker; the rest is told in its own words. */
function toSegmentKind(kind: ReturnType<typeof classifyInferenceError>['kind']): SegmentErrorKind {
  if (kind === 'missing-files') return 'model-missing';
  if (kind === 'not-loaded') return 'not-loaded';
  return kind;
}

/** Every error leaves the worker with its kind, so the page never has to guess from the text. */
function typed<A extends unknown[], R>(
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (segmentErrorKind(error)) throw error;
      const { kind, message } = classifyInferenceError(error);
      throw segmentError(toSegmentKind(kind), message);
    }
  };
}

const api: SegmentApi = {
  load: typed(load),
  encode: typed(encode),
  prefetch,
  decode: typed(decode),
  dispose,
  ping: () => true,
};
expose(api);
