export interface RepetitionOptions {
  /** Longest repeating unit looked for (characters or tokens). */
  maxPeriod: number;
  /** The unit must appear at least this many times in a row … */
  minRepeats: number;
  /** … and the repeated run must be at least this long, so short legit runs ("!!!") pass. */
  minLength: number;
}

export interface Repetition {
  /** Length of the repeating unit. */
  period: number;
  /** How many whole times it repeats at the end. */
  repeats: number;
  /** Where the repeated run starts. */
  start: number;
}

/** For answer text: a unit of up to 256 characters, 3 times, over at least 64 characters. */
export const TEXT_REPETITION: RepetitionOptions = { maxPeriod: 256, minRepeats: 3, minLength: 64 };
/** For token ids: a unit of up to 64 tokens, 3 times, over at least 24 tokens. */
export const TOKEN_REPETITION: RepetitionOptions = { maxPeriod: 64, minRepeats: 3, minLength: 24 };

/**
 * Whether the sequence ENDS in a repetition loop (the same unit over and over, as small models do
 * when they lose the thread). Works on the text so far or on the token ids so far, so it can stop
 * generation early; cost is bounded by maxPeriod × the run length, whatever the sequence length.
 */
export function findTrailingRepetition(
  sequence: string | readonly number[],
  options: RepetitionOptions = typeof sequence === 'string' ? TEXT_REPETITION : TOKEN_REPETITION,
): Repetition | null {
  const n = sequence.length;
  for (let period = 1; period <= options.maxPeriod && period * 2 <= n; period++) {
    const needed = Math.max(options.minLength, period * options.minRepeats);
    if (needed > n) continue;
    // Count how far back each element equals the one `period` before it.
    let run = 0;
    while (run + period < needed && sequence[n - 1 - run] === sequence[n - 1 - run - period]) run++;
    if (run + period < needed) continue;
    while (n - 1 - run - period >= 0 && sequence[n - 1 - run] === sequence[n - 1 - run - period])
      run++;
    const length = run + period;
    return { period, repeats: Math.floor(length / period), start: n - length };
  }
  return null;
}
