/**
 * Model sizes. `tiny` keeps CI fast; `2b` has the real Qwen3-VL-2B shapes (qwen3vl.md §3) so the same
 * generator can build a benchmark model with real per-token compute.
 */
export interface SyntheticDims {
  hiddenSize: number;
  layers: number;
  attentionHeads: number;
  /** Always 8, like the real export: transformers.js sizes the KV cache from it. */
  keyValueHeads: number;
  headDim: number;
  intermediateSize: number;
  /**
   * Rows of the token embedding table; token ids are folded onto it (id mod rows). The real
   * vocabulary (151,936) makes a full table; tiny uses fewer rows to keep files small.
   */
  embeddingRows: number;
  mropeSection: [number, number, number];
  visionHiddenSize: number;
  visionDepth: number;
  visionHeads: number;
  visionIntermediateSize: number;
}

export const VOCAB_SIZE = 151936;

export const DIMS = {
  tiny: {
    hiddenSize: 64,
    layers: 2,
    attentionHeads: 8,
    keyValueHeads: 8,
    headDim: 8,
    intermediateSize: 128,
    /** 151,936 / 32: a divisor, so the LM head tiles over the vocabulary exactly. */
    embeddingRows: 4748,
    mropeSection: [2, 1, 1],
    visionHiddenSize: 32,
    visionDepth: 1,
    visionHeads: 2,
    visionIntermediateSize: 64,
  },
  '2b': {
    hiddenSize: 2048,
    layers: 28,
    attentionHeads: 16,
    keyValueHeads: 8,
    headDim: 128,
    intermediateSize: 6144,
    embeddingRows: VOCAB_SIZE,
    mropeSection: [24, 20, 20],
    visionHiddenSize: 1024,
    visionDepth: 24,
    visionHeads: 16,
    visionIntermediateSize: 4096,
  },
} as const satisfies Record<string, SyntheticDims>;

export type DimsName = keyof typeof DIMS;

export function isDimsName(value: string): value is DimsName {
  return Object.hasOwn(DIMS, value);
}
