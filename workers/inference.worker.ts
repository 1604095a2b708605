/// <reference lib="webworker" />
/**
 * The inference worker: owns the model runtime (transformers.js + onnxruntime-web), loaded lazily
 * here so the page's first load never pays for it.
 */
import { expose } from 'comlink';
import { chooseRuntime } from '../src/model/device-choice';
import { DEFAULT_MODEL, findModel, requiredFiles, type SessionDtypes } from '../src/model/models';
import { createStopCheck, generationEnd, type EarlyStop } from '../src/ai/answer';
import { generateRequestOf } from './annotate-request';
import {
  beginLoad,
  capabilities,
  loadProgress,
  useServedRuntime,
  verifyModelFiles,
} from './model-source';
import {
  bitmapToRawImage,
  generate,
  generateBatch,
  loadQwen3VL,
  type GenerateResult,
  type Qwen3VLHandle,
} from './qwen3vl';
import { classifyInferenceError } from '../src/model/errors';
import { inferenceError, inferenceErrorKind } from './inference.protocol';
import { LoadOnce } from './load-once';
import type {
  AnnotateRequest,
  AnnotateResult,
  InferenceApi,
  LoadEvent,
  LoadedModel,
  LoadRequest,
} from './inference.protocol';

let handle: Qwen3VLHandle | null = null;
const loading = new LoadOnce<LoadedModel>();
let loadedInfo: LoadedModel | null = null;
let running: AbortController | null = null;

async function load(
  request: LoadRequest,
  onEvent: (event: LoadEvent) => void,
): Promise<LoadedModel> {
  if (loadedInfo) return loadedInfo;
  return loading.run(
    async () => {
      const { started, gpu, source } = await beginLoad(request.source, onEvent);
      const entry = findModel(source.modelId) ?? DEFAULT_MODEL;
      const runtime = chooseRuntime(entry, gpu, request.device);
      const dtypes: SessionDtypes = request.dtypes ?? runtime.dtypes;
      useServedRuntime();
      const required = requiredFiles(entry, dtypes);
      const files = await verifyModelFiles(request.source, source, entry, required, onEvent);
      handle = await loadQwen3VL(
        { source: { kind: 'hub', ...source }, device: runtime.device, dtype: dtypes },
        loadProgress(onEvent),
      );
      await files.trust();
      loadedInfo = {
        modelId: request.source.kind === 'folder' ? request.source.name : source.modelId,
        revision: source.revision,
        runtime: { ...runtime, dtypes },
        seconds: (performance.now() - started) / 1000,
      };
      onEvent({ kind: 'stage', stage: 'ready' });
      return loadedInfo;
    },
    () => (handle = null),
  );
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
  loading.reset();
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
