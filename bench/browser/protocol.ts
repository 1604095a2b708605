import type { GenerationEnd } from '../../src/ai/answer';
import type { AnnotateRequest } from '../../workers/inference.protocol.ts';
import type { Device, Dtype, GeneratedToken } from '../../workers/qwen3vl/types.ts';

/** Page → bench worker. */
export type WorkerRequest =
  | {
      kind: 'load';
      device: Device;
      dtype: Dtype;
      modelId: string;
      revision: string;
      /** WebGPU: read the KV cache back to the CPU after every decoder run (see the worker). */
      cacheReadback?: boolean;
    }
  | { kind: 'annotate'; request: AnnotateRequest };

/** Where the worker's part of one answer went, in ms; session runs are timed by wrapping session.run. */
export interface WorkerTimings {
  /** ImageBitmap → RawImage, as the app's inference worker does it (canvas, getImageData, rgb()). */
  toRawImageMs: number;
  /** Chat template rendering plus the tokenizer call inside the processor. */
  tokenizeMs: number;
  /** The image processor: resize to the token budget, rescale, normalise, patchify. */
  imagePreprocessMs: number;
  visionMs: number;
  embedMs: number;
  /** The first decoder run of the generation (empty KV cache). */
  prefillMs: number;
  /** Every later decoder run. */
  decodeMs: number;
  decodeSteps: number;
  /** The whole generate() call. */
  generateMs: number;
  /** From the request's arrival to the reply, inside the worker. */
  workerMs: number;
}

/** Bench worker → page. */
export type WorkerReply =
  | { kind: 'loaded'; seconds: number; sessions: string[] }
  | { kind: 'text'; chunk: string }
  | {
      kind: 'answer';
      text: string;
      tokens: Pick<GeneratedToken, 'id' | 'text' | 'prob'>[];
      finish: GenerationEnd;
      imageTokens: number;
      promptTokens: number;
      timings: WorkerTimings;
    }
  | { kind: 'error'; error: string };

/** One timed pre-annotation, everything in ms. */
export interface ImageTimings extends WorkerTimings {
  /** createImageBitmap + bounded resize on the page (src/media/model-input.ts). */
  decodeResizeMs: number;
  /** buildTaskPrompt on the page. */
  promptMs: number;
  /** Page-measured worker call minus the worker's own time: postMessage, streaming, transfer. */
  messagingMs: number;
  /** parseTaskAnswer. */
  parseMs: number;
  /** applyModelAnswer: merge into the stored annotations and set the review state. */
  applyMs: number;
  /** AnnotationRepository.putWithImage: annotations and image status in one IndexedDB transaction. */
  idbWriteMs: number;
  totalMs: number;
  imageTokens: number;
  newTokens: number;
  regions: number;
  finish: string;
  jpegBytes: number;
}

export interface PageEnvironment {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  webgpuAdapter: string | null;
}

/** What the bench page exposes as `window.annotaBench`. */
export interface BenchPageApi {
  environment(): Promise<PageEnvironment>;
  load(options: {
    device: Device;
    dtype: Dtype;
    modelId: string;
    revision: string;
    cacheReadback?: boolean;
  }): Promise<{
    seconds: number;
    sessions: string[];
  }>;
  annotate(options: {
    width: number;
    height: number;
    maxImageTokens: number;
    seed: number;
  }): Promise<ImageTimings>;
  unload(): Promise<void>;
}
