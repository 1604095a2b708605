/** What an incremental decoder needs of a tokenizer. */
export interface TokenDecoder {
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
}

/**
 * The answer so far, decoded as tokens arrive without re-decoding the whole answer every step (which
 * made the per-token stop check quadratic). Byte-level BPE decodes piecewise exactly as long as a piece
 * ends on a whole character, so tokens that end mid-character (U+FFFD) wait for the next one.
 */
export class IncrementalText {
  private committed = '';
  private pending: number[] = [];

  constructor(private readonly decoder: TokenDecoder) {}

  push(id: number): string {
    this.pending.push(id);
    const piece = this.decoder.decode(this.pending, { skip_special_tokens: true });
    if (piece.endsWith('\uFFFD')) return this.committed;
    this.committed += piece;
    this.pending = [];
    return this.committed;
  }

  get text(): string {
    return this.committed;
  }
}
