/// <reference types="vite/client" />
/**
 * The bench's model worker: the app's inference worker path (workers/inference.worker.ts — bitmap to
 * RawImage, generate with the task's stop check, streamed text) on workers/qwen3vl, with every ONNX
 * session run, the image processor and the tokenizer timed.
 */
import { env } from '@huggingface/transformers';
// The same self-hosted ORT files as the app's worker: nothing from a CDN.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { createStopCheck, generationEnd, type EarlyStop } from '../../src/ai/answer';
import { generateRequestOf } from '../../workers/annotate-request.ts';
import type { AnnotateRequest } from '../../workers/inference.protocol.ts';
import { generate } from '../../workers/qwen3vl/generate.ts';
import { bitmapToRawImage } from '../../workers/qwen3vl/bitmap-image.ts';
import { loadQwen3VL, type Qwen3VLHandle } from '../../workers/qwen3vl/load.ts';
import { SessionClock } from '../session-clock.ts';
import type { Device, Dtype } from '../../workers/qwen3vl/types.ts';
import type { WorkerReply, WorkerRequest } from './protocol.ts';

let handle: Qwen3VLHandle | null = null;
let clock: SessionClock | null = null;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

/** A decoder output as ONNX Runtime returns it: on the CPU or, under WebGPU, maybe on the GPU. */
interface ResidentTensor {
  type: string;
  dims: readonly number[];
  location: string;
  getData(release?: boolean): Promise<unknown>;
}

type ResidentTensorClass = new (type: string, data: unknown, dims: number[]) => ResidentTensor;

type DecoderRun = (feeds: unknown) => Promise<Record<string, ResidentTensor>>;

/**
 * Makes the decoder hand back its KV cache on the CPU, as a runtime without GPU-resident outputs
 * would: every step then reads the cache back and uploads it again. Set against a run without it,
 * the decode time says what keeping the cache on the GPU buys. Installed before the session clock,
 * so the clock's decode time includes the round trip.
 */
function readCacheBackEveryStep(model: Qwen3VLHandle): void {
  const sessions = (model.model as unknown as { sessions: Record<string, { run: DecoderRun }> })
    .sessions;
  const decoder = sessions.decoder_model_merged;
  if (!decoder) throw new Error('the model has no decoder_model_merged session');
  const run = decoder.run.bind(decoder);
  decoder.run = async (feeds) => {
    const out = await run(feeds);
    for (const [name, t] of Object.entries(out))
      if (name.startsWith('present.') && t.location === 'gpu-buffer')
        // The runtime's own tensor class: the generation loop accepts only that kind.
        out[name] = new (t.constructor as ResidentTensorClass)(t.type, await t.getData(true), [
          ...t.dims,
        ]);
    return out;
  };
}

async function load(
  device: Device,
  dtype: Dtype,
  modelId: string,
  revision: string,
  cacheReadback = false,
) {
  const started = performance.now();
  (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm!.wasmPaths = {
    mjs: new URL(ortMjsUrl, self.location.href).href,
    wasm: new URL(ortWasmUrl, self.location.href).href,
  };
  handle = await loadQwen3VL({ source: { kind: 'hub', modelId, revision }, device, dtype });
  if (cacheReadback) readCacheBackEveryStep(handle);
  clock = new SessionClock(handle);
  reply({
    kind: 'loaded',
    seconds: (performance.now() - started) / 1000,
    sessions: clock.sessionNames,
  });
}

async function annotate(request: AnnotateRequest): Promise<void> {
  if (!handle || !clock) throw new Error('not-loaded: load the model first');
  const arrived = performance.now();
  clock.reset();
  clock.startGeneration();
  const image = bitmapToRawImage(request.image);
  const converted = performance.now();
  const stopCheck = request.stop ? createStopCheck(request.stop) : null;
  let stoppedBecause: EarlyStop | null = null;
  const result = await generate(handle, generateRequestOf(request, image), {
    onText: (chunk) => reply({ kind: 'text', chunk }),
    shouldStop: stopCheck
      ? ({ text }) => {
          stoppedBecause = stopCheck(text);
          return stoppedBecause !== null;
        }
      : undefined,
  });
  const done = performance.now();
  reply({
    kind: 'answer',
    text: result.text,
    tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, prob: t.prob })),
    finish: generationEnd(result.stopReason, stoppedBecause),
    imageTokens: result.imageTokens,
    promptTokens: result.promptTokens,
    timings: {
      tokenizeMs: clock.totals.tokenize,
      imagePreprocessMs: clock.totals.preprocess,
      visionMs: clock.totals.vision,
      embedMs: clock.totals.embed,
      prefillMs: clock.totals.prefill,
      decodeMs: clock.totals.decode,
      decodeSteps: clock.totals.decodeSteps,
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
      await load(
        message.device,
        message.dtype,
        message.modelId,
        message.revision,
        message.cacheReadback,
      );
    else await annotate(message.request);
  } catch (error) {
    reply({
      kind: 'error',
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    });
  }
};
