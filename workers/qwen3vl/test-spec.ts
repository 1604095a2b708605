import type { SyntheticSpec } from '../../models-manifest/synthetic/script-spec.ts';

/** Scripts the runtime tests (Node and browser) generate with: a triggered one and the default. */
export const RUNTIME_TEST_SPEC: SyntheticSpec = {
  scripts: [
    { text: 'TEXT: [?hello?] world', when: { trigger: 'OCR' } },
    { text: 'A {dark|light} photo of a cat.' },
  ],
};

export const DEFAULT_ANSWER = {
  dark: 'A dark photo of a cat.',
  light: 'A light photo of a cat.',
} as const;
export const OCR_ANSWER = 'TEXT: hello world';
