import { StoppingCriteria } from '@huggingface/transformers';

/**
 * Runs after every generated token: reports it, then asks the caller's hook whether to stop.
 * Called once per step with the whole sequence (bigints at runtime), so the last id is the new token.
 */
export class TokenStepCriteria extends StoppingCriteria {
  stopped = false;

  constructor(private readonly onStep: (tokenId: number) => boolean) {
    super();
  }

  override _call(inputIds: (number | bigint)[][]): boolean[] {
    const last = inputIds[0]?.at(-1);
    if (last !== undefined && !this.stopped && this.onStep(Number(last))) this.stopped = true;
    return inputIds.map(() => this.stopped);
  }
}
