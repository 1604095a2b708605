import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/**
 * Remembers the final logits of each step (after the built-in processors, so temperature counts);
 * `probabilityOf` then gives the softmax probability of the token the sampler picked.
 */
export class TokenProbabilityRecorder extends LogitsProcessor {
  private logits: Float32Array | null = null;

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    this.logits = logits.data as Float32Array;
    return logits;
  }

  probabilityOf(tokenId: number): number {
    const logits = this.logits;
    if (!logits) return Number.NaN;
    let max = -Infinity;
    for (let i = 0; i < logits.length; i += 1)
      if ((logits[i] as number) > max) max = logits[i] as number;
    let sum = 0;
    for (let i = 0; i < logits.length; i += 1) sum += Math.exp((logits[i] as number) - max);
    return Math.exp((logits[tokenId] ?? -Infinity) - max) / sum;
  }
}
