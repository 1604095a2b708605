import type { SyntheticSpec } from '../../models-manifest/synthetic/script-spec.ts';
import spec from './runtime-test-spec.json' with { type: 'json' };

/**
 * Scripts the runtime tests generate with (Node here, the browser harness through
 * `npm run e2e:prepare`): triggered ones, one also needing a dark image, and the default.
 */
export const RUNTIME_TEST_SPEC: SyntheticSpec = spec as SyntheticSpec;

export const DEFAULT_ANSWER = {
  dark: 'A dark photo of a cat.',
  light: 'A light photo of a cat.',
} as const;
export const OCR_ANSWER = 'TEXT: hello world';
export const DARK_COUNT_ANSWER = 'Too dark to count.';
