/**
 * The one typed API of the inference worker (comlink). Callbacks are comlink proxies; images travel
 * as transferred ImageBitmaps, never as data URLs.
 */
import type { GenerationEnd, StopPolicy } from '../src/ai/answer';
import type { GenerationParams } from '../src/domain';
import type { DevicePreference, GpuCapabilities, RuntimeChoice } from '../src/model/device-choice';
import type { SessionDtypes } from '../src/model/models';
import { workerErrors } from './worker-error';

export type { GenerationEnd, GenerationParams };

export type ChatContent = { type: 'image' } | { type: 'text'; text: string };

/** One turn for the chat template (`apply_chat_template`), Qwen-VL message layout. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ChatContent[];
}

/** One generated token as the runtime reports it; the texts concatenate to the answer. */
export interface TokenProbability {
  id: number;
  text: string;
  /** Probability the model gave this token when it chose it, in [0, 1]. */
  prob: number;
}

/** Where the model files come from. */
export type ModelSource =
  /** The Hugging Face Hub (the default). */
  | { kind: 'hub'; modelId: string; revision: string }
  /** An internal mirror laid out like the Hub: `<baseUrl>/<modelId>/resolve/<revision>/<file>`. */
  | { kind: 'mirror'; baseUrl: string; modelId: string; revision: string }
  /** A folder picked from disk (air-gapped use), keyed by path inside the folder. */
  | { kind: 'folder'; name: string; files: Record<string, File> };

export interface LoadRequest {
  source: ModelSource;
  device: DevicePreference;
  /** Overrides the per-session dtypes chosen for the device. */
  dtypes?: SessionDtypes;
}

export type LoadEvent =
  | { kind: 'file'; file: string; loaded: number; total: number; done: boolean }
  | {
      kind: 'stage';
      stage: 'checking' | 'verifying' | 'downloading' | 'creating-sessions' | 'ready';
    }
  /** Cached files whose bytes changed since they were first trusted: dropped and fetched again. */
  | { kind: 'repaired'; files: string[] };

export interface LoadedModel {
  modelId: string;
  revision: string;
  runtime: RuntimeChoice;
  /** Seconds from load() to ready. */
  seconds: number;
}

export interface AnnotateRequest {
  image: ImageBitmap;
  messages: ChatMessage[];
  params: GenerationParams;
  /** Image-token budget: the processor's max_pixels is set to this × 32². */
  maxImageTokens: number;
  stop: StopPolicy | null;
}

export interface AnnotateTimings {
  preprocessMs: number;
  generateMs: number;
  promptTokens: number;
  imageTokens: number;
  newTokens: number;
}

export interface AnnotateResult {
  text: string;
  tokens: TokenProbability[];
  finish: GenerationEnd;
  timings: AnnotateTimings;
  /**
   * The grid the answer's coordinates are on when it is not Qwen3-VL's 0–1000: a served
   * Qwen2.5-VL answers in pixels of its resized input. Absent from the in-browser worker.
   */
  grid?: { width: number; height: number };
}

/**
 * Errors cross the worker boundary as plain data the UI can put into words. One list, so the kinds
 * the page recognises on an error's name cannot drift from the type.
 */
export const INFERENCE_ERROR_KINDS = [
  'offline',
  /** Online, yet the mirror answered nothing: down, or no CORS headers. */
  'unreachable',
  'quota',
  'gpu-memory',
  'device-lost',
  'corrupt-file',
  'missing-files',
  /** The model comes from a folder, and none is picked in this tab (after a reload). */
  'folder-needed',
  'not-loaded',
  'worker-crashed',
  'unknown',
] as const;
export type InferenceErrorKind = (typeof INFERENCE_ERROR_KINDS)[number];

const inferenceErrors = workerErrors('InferenceError:', INFERENCE_ERROR_KINDS);
/** An error the worker throws, its kind carried across comlink in the name. */
export const inferenceError = inferenceErrors.make;
/** The kind the worker gave an error, or null for an error that did not come from it. */
export const inferenceErrorKind = inferenceErrors.kindOf;

export interface InferenceApi {
  capabilities(): Promise<GpuCapabilities>;
  load(request: LoadRequest, onEvent: (event: LoadEvent) => void): Promise<LoadedModel>;
  annotate(request: AnnotateRequest, onText: (chunk: string) => void): Promise<AnnotateResult>;
  /**
   * Several images in one generation (one prefill, one decode loop): each answer streams through
   * `onText` with its index and is handed to `onDone` as soon as it is finished, which may be long
   * before the slowest one; the call resolves with all of them, in request order.
   */
  annotateBatch(
    requests: AnnotateRequest[],
    onText: (index: number, chunk: string) => void,
    onDone: (index: number, result: AnnotateResult) => void,
  ): Promise<AnnotateResult[]>;
  /** Stops the generation in flight after the current forward pass. */
  cancel(): void;
  unload(): Promise<void>;
  /** The page's heartbeat: answered at once whenever the worker's event loop is alive. */
  ping(): boolean;
}
