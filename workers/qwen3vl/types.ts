import type { RawImage } from '@huggingface/transformers';

/** The three ONNX sessions of a Qwen3-VL export (qwen3vl.md §1). */
export type SessionName = 'embed_tokens' | 'vision_encoder' | 'decoder_model_merged';
export const SESSION_NAMES: readonly SessionName[] = [
  'embed_tokens',
  'vision_encoder',
  'decoder_model_merged',
];

export type Device = 'webgpu' | 'wasm' | 'cpu';
export type Dtype = 'q4' | 'q4f16' | 'fp16' | 'fp32' | 'q8';

/** Where the model files come from. */
export type ModelSource =
  /** A Hugging Face repo at a pinned revision; `hubUrl` points at a mirror with the same layout. */
  | { kind: 'hub'; modelId: string; revision: string; hubUrl?: string }
  /** A folder: an http(s) base URL in the browser, a filesystem path in Node. */
  | { kind: 'folder'; location: string };

export interface LoadOptions {
  source: ModelSource;
  device: Device | Partial<Record<SessionName, Device>>;
  /** One dtype for every session or one per session; q4 when left out. */
  dtype?: Dtype | Partial<Record<SessionName, Dtype>>;
  /** Folder URL of the self-hosted onnxruntime-web files (ORT_WASM_FILES); never the CDN default. */
  wasmPaths?: string;
  /** Image-token budget per call unless a request asks for less (qwen3vl.md §3: 256–1280). */
  maxImageTokens?: number;
}

/** Loading progress as transformers.js reports it, narrowed to what a UI shows. */
export interface LoadProgress {
  status: string;
  file?: string;
  /** 0–100 for one file or for all files (status `progress_total`). */
  progress?: number;
  loaded?: number;
  total?: number;
}

export type ChatContent = { type: 'image' } | { type: 'text'; text: string };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ChatContent[];
}

export interface GenerationParams {
  maxNewTokens: number;
  /** Greedy unless asked; the model's own config would sample (trap §4.3). */
  doSample?: boolean;
  temperature?: number;
  topK?: number;
  repetitionPenalty?: number;
  /** Lower the image-token budget for this call. */
  maxImageTokens?: number;
}

export type ImageInput = RawImage | Blob | string;

export interface GenerateRequest {
  image?: ImageInput;
  /** A single user turn: the image (if any) followed by this text. */
  prompt?: string;
  /** A full conversation instead of `prompt`; `{type: 'image'}` marks where the image goes. */
  messages?: ChatMessage[];
  params: GenerationParams;
}

export interface GeneratedToken {
  id: number;
  text: string;
  /** Softmax probability of this token under the logits it was chosen from. */
  prob: number;
}

export type StopReason = 'end' | 'max_tokens' | 'interrupted' | 'stopped';

export interface GenerateCallbacks {
  /** Decoded text as it becomes printable. */
  onText?: (chunk: string) => void;
  onToken?: (token: GeneratedToken) => void;
  /** Aborting stops after the current forward pass. */
  signal?: AbortSignal;
  /** Return true to stop (e.g. once a JSON array closes or a loop repeats). */
  shouldStop?: (state: { text: string; tokens: readonly GeneratedToken[] }) => boolean;
}

export interface GenerateResult {
  text: string;
  tokens: GeneratedToken[];
  stopReason: StopReason;
  promptTokens: number;
  imageTokens: number;
}
