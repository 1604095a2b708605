import type { Device, Dtype, GenerateResult, ModelSource } from '../../workers/qwen3vl/types.ts';

/** One harness run: load the model in a worker, then answer each request. */
export interface HarnessRun {
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  requests: HarnessRequest[];
}

export interface HarnessRequest {
  prompt: string;
  /** Grey level 0–255 of a flat PNG drawn in the worker; no image when left out. */
  grey?: number;
}

export type HarnessReply =
  | { ok: true; results: GenerateResult[]; chunks: string[][]; progressEvents: number }
  | { ok: false; error: string };
