/// <reference types="vite/client" />
/**
 * The bench's model worker: the app's inference worker path (workers/inference.worker.ts — bitmap to
 * RawImage, generate with the task's stop check, streamed text) on workers/qwen3vl, with every ONNX
 * session run, the image processor and the tokenizer timed.
 */
import { env, RawImage } from '@huggingface/transformers';
// The same self-hosted ORT files as the app's worker: nothing from a CDN.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { createStopCheck, generationEnd, type StopReason } from '../../src/ai/answer';
import type { AnnotateRequest } from '../../workers/inference.protocol.ts';
import { generate } from '../../workers/qwen3vl/generate.ts';
import { loadQwen3VL, type Qwen3VLHandle } from '../../workers/qwen3vl/load.ts';
import type { Device, Dtype } from '../../workers/qwen3vl/types.ts';
import type { WorkerReply, WorkerRequest, WorkerTimings } from './protocol.ts';

type Timed = Omit<WorkerTimings, 'toRawImageMs' | 'generateMs' | 'workerMs'>;
const spent: Timed = {
  tokenizeMs: 0,
  imagePreprocessMs: 0,
  visionMs: 0,
  embedMs: 0,
  prefillMs: 0,
  decodeMs: 0,
  decodeSteps: 0,
};
let firstDecoderRun = true;
let handle: Qwen3VLHandle | null = null;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

/**
 * Replaces `object[key]` with a wrapper that adds its duration to spent[field], staying synchronous
 * for synchronous methods (the tokenizer's call is, and the processor uses its result directly).
 */
function timeMethod(object: object, key: string, field: 'tokenizeMs' | 'imagePreprocessMs'): void {
  const target = object as Record<string, (...args: unknown[]) => unknown>;
  const original = target[key];
  if (typeof original !== 'function') throw new Error(`cannot time ${key}: not a method`);
  target[key] = (...args: unknown[]) => {
    const started = performance.now();
    const out = original.apply(object, args);
    if (out instanceof Promise)
      return out.finally(() => (spent[field] += performance.now() - started));
    spent[field] += performance.now() - started;
    return out;
  };
}

/** Wraps every session's run; the first decoder run of a generation is the prefill. */
function timeSessions(model: unknown): string[] {
  const sessions = (
    model as { sessions: Record<string, { run: (feeds: unknown) => Promise<unknown> }> }
  ).sessions;
  for (const [name, session] of Object.entries(sessions)) {
    const run = session.run.bind(session);
    session.run = async (feeds) => {
      const started = performance.now();
      const out = await run(feeds);
      const ms = performance.now() - started;
      if (name === 'decoder_model_merged') {
        if (firstDecoderRun) spent.prefillMs += ms;
        else {
          spent.decodeMs += ms;
          spent.decodeSteps += 1;
        }
        firstDecoderRun = false;
      } else if (name === 'vision_encoder') spent.visionMs += ms;
      else if (name === 'embed_tokens') spent.embedMs += ms;
      return out;
    };
  }
  return Object.keys(sessions);
}

async function load(device: Device, dtype: Dtype, modelId: string, revision: string) {
  const started = performance.now();
  (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm!.wasmPaths = {
    mjs: new URL(ortMjsUrl, self.location.href).href,
    wasm: new URL(ortWasmUrl, self.location.href).href,
  };
  handle = await loadQwen3VL({ source: { kind: 'hub', modelId, revision }, device, dtype });
  const processor = handle.processor as unknown as { image_processor: object; tokenizer: object };
  // Processor, image processor and tokenizer are transformers.js Callables: calls go to _call.
  timeMethod(processor.image_processor, '_call', 'imagePreprocessMs');
  timeMethod(processor.tokenizer, '_call', 'tokenizeMs');
  timeMethod(handle.processor, 'apply_chat_template', 'tokenizeMs');
  const sessions = timeSessions(handle.model);
  reply({ kind: 'loaded', seconds: (performance.now() - started) / 1000, sessions });
}

/** The app's worker turns the transferred bitmap into a RawImage exactly like this. */
function toRawImage(bitmap: ImageBitmap): RawImage {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context in the worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return new RawImage(data, canvas.width, canvas.height, 4).rgb();
}

async function annotate(request: AnnotateRequest): Promise<void> {
  if (!handle) throw new Error('not-loaded: load the model first');
  const arrived = performance.now();
  Object.assign(spent, {
    tokenizeMs: 0,
    imagePreprocessMs: 0,
    visionMs: 0,
    embedMs: 0,
    prefillMs: 0,
    decodeMs: 0,
    decodeSteps: 0,
  });
  firstDecoderRun = true;
  const image = toRawImage(request.image);
  const converted = performance.now();
  const stopCheck = request.stop ? createStopCheck(request.stop) : null;
  let stoppedBecause: StopReason | null = null;
  const result = await generate(
    handle,
    {
      image,
      messages: request.messages,
      params: {
        maxNewTokens: request.params.maxNewTokens,
        doSample: request.params.doSample,
        temperature: request.params.temperature,
        topK: request.params.topK,
        maxImageTokens: request.maxImageTokens,
      },
    },
    {
      onText: (chunk) => reply({ kind: 'text', chunk }),
      shouldStop: stopCheck
        ? ({ text }) => {
            stoppedBecause = stopCheck(text);
            return stoppedBecause !== null;
          }
        : undefined,
    },
  );
  const done = performance.now();
  reply({
    kind: 'answer',
    text: result.text,
    tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, prob: t.prob })),
    finish: generationEnd(result.stopReason, stoppedBecause),
    imageTokens: result.imageTokens,
    promptTokens: result.promptTokens,
    timings: {
      ...spent,
      toRawImageMs: converted - arrived,
      generateMs: done - converted,
      workerMs: done - arrived,
    },
  });
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  try {
    if (message.kind === 'load')
      await load(message.device, message.dtype, message.modelId, message.revision);
    else await annotate(message.request);
  } catch (error) {
    reply({
      kind: 'error',
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    });
  }
};
