import { JsonCloseWatcher, type ExpectedRoot } from './json-complete';
import { findTrailingRepetition, TEXT_REPETITION, type RepetitionOptions } from './loop';

/** Why our stop check ended a generation early (the runtime has its own StopReason). */
export type EarlyStop = 'json-complete' | 'loop';

export interface StopPolicy {
  /** Stop as soon as the top-level JSON value closes (JSON tasks). */
  jsonClose: boolean;
  expectRoot: ExpectedRoot;
  /** Stop when the answer ends in a repetition loop. */
  loop: boolean;
}

/**
 * A stopping check for the generation loop: call it with the decoded text so far after each token;
 * it answers why to stop, or null to go on. One instance per generation (it keeps state).
 */
export function createStopCheck(
  policy: StopPolicy,
  repetition: RepetitionOptions = TEXT_REPETITION,
): (textSoFar: string) => EarlyStop | null {
  const watcher = new JsonCloseWatcher(policy.expectRoot);
  return (textSoFar) => {
    if (policy.jsonClose && watcher.feed(textSoFar) >= 0) return 'json-complete';
    if (policy.loop && findTrailingRepetition(textSoFar, repetition) !== null) return 'loop';
    return null;
  };
}

/** Why a generation ended, in the words the task parsers use. */
export type GenerationEnd = 'eos' | 'length' | EarlyStop | 'cancelled';

/**
 * Maps the runtime's stop reason (workers/qwen3vl: 'end' | 'max_tokens' | 'interrupted' |
 * 'stopped') and what our stop check answered to the finish reason a task's parse expects.
 */
export function generationEnd(
  runtime: 'end' | 'max_tokens' | 'interrupted' | 'stopped',
  stoppedBy: EarlyStop | null,
): GenerationEnd {
  if (runtime === 'max_tokens') return 'length';
  if (runtime === 'interrupted') return 'cancelled';
  if (runtime === 'stopped') return stoppedBy ?? 'cancelled';
  return 'eos';
}
