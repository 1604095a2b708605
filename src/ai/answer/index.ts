export { extractJson, spanAt, type JsonAnswer, type JsonExtraction } from './extract-json';
export type { JsonNode, Span } from './json-scan';
export { JsonCloseWatcher, jsonCloseIndex, type ExpectedRoot } from './json-complete';
export {
  findTrailingRepetition,
  TEXT_REPETITION,
  TOKEN_REPETITION,
  type Repetition,
  type RepetitionOptions,
} from './loop';
export { findRefusal, REFUSAL_PHRASES } from './refusal';
export {
  createStopCheck,
  generationEnd,
  type GenerationEnd,
  type StopPolicy,
  type EarlyStop,
} from './stop';
