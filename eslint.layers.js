/**
 * The allowed-import matrix (docs/ARCHITECTURE.md), as eslint-plugin-boundaries reads it.
 * Kept apart from eslint.config.js so the layer test (src/architecture.test.ts) can show it to a
 * reader and lint wrong-way imports against it.
 */

/** One element per folder; the first pattern that matches a file names its layer. */
export const LAYER_ELEMENTS = [
  { type: 'domain', pattern: 'src/domain/**', partialMatch: false },
  { type: 'store', pattern: 'src/store/**', partialMatch: false },
  { type: 'segment', pattern: 'src/segment/**', partialMatch: false },
  { type: 'answer', pattern: 'src/ai/answer/**', partialMatch: false },
  { type: 'ai', pattern: 'src/ai/**', partialMatch: false },
  { type: 'model', pattern: 'src/model/**', partialMatch: false },
  { type: 'formats', pattern: 'src/formats/**', partialMatch: false },
  { type: 'editor', pattern: 'src/editor/**', partialMatch: false },
  { type: 'render', pattern: 'src/render/**', partialMatch: false },
  { type: 'quality', pattern: 'src/quality/**', partialMatch: false },
  { type: 'media', pattern: 'src/media/**', partialMatch: false },
  { type: 'sync', pattern: 'src/sync/**', partialMatch: false },
  { type: 'pwa', pattern: 'src/pwa/**', partialMatch: false },
  { type: 'i18n', pattern: 'src/i18n/**', partialMatch: false },
  { type: 'app', pattern: 'src/app/**', partialMatch: false },
  { type: 'ui', pattern: 'src/ui/**', partialMatch: false },
  { type: 'workers', pattern: 'workers/**', partialMatch: false },
  // The entry (src/main.ts): files right in src/.
  { type: 'main', pattern: 'src', partialMatch: false },
  { type: 'synthetic', pattern: 'models-manifest/**', partialMatch: false },
  // e2e/support/images is shared by a media unit test; only tests may import it.
  { type: 'e2e', pattern: 'e2e/**', partialMatch: false },
];

/** Test files, fixtures and helpers: production code may never import them. */
export const TEST_FILES = [
  '**/*.test.ts',
  '**/test/**',
  '**/test-*.ts',
  '**/test-fixtures.ts',
  'e2e/**',
  'models-manifest/**',
];

/** Worker protocol files: the one part of workers/ the page may import. */
export const PROTOCOL_FILES = ['workers/*.protocol.ts'];

/**
 * Import paths of test-only code, for no-restricted-imports in production files: a test file,
 * a fixture or helper, the synthetic model and its task scripts, the e2e support code.
 */
export const TEST_IMPORTS = [
  '**/*.test',
  '**/*.test.ts',
  '**/test/**',
  '**/test-*',
  '**/models-manifest/**',
  '**/e2e/**',
];

/** Which layer may import which (besides itself). */
export const LAYER_MATRIX = {
  main: ['ui', 'i18n'],
  domain: [],
  store: ['domain'],
  segment: ['domain'],
  answer: [],
  ai: ['domain', 'answer', 'model', 'protocol'],
  model: ['domain', 'protocol'],
  formats: ['domain', 'segment'],
  editor: ['domain', 'segment'],
  render: ['domain', 'editor'],
  quality: ['domain'],
  media: ['domain', 'protocol'],
  sync: ['domain'],
  pwa: [],
  i18n: [],
  app: [
    'domain',
    'store',
    'answer',
    'ai',
    'model',
    'formats',
    'editor',
    'segment',
    'quality',
    'media',
    'sync',
    'protocol',
  ],
  ui: [
    'app',
    'domain',
    'store',
    'answer',
    'ai',
    'model',
    'formats',
    'editor',
    'segment',
    'render',
    'quality',
    'media',
    'sync',
    'pwa',
    'i18n',
    'protocol',
  ],
  workers: ['domain', 'answer', 'model', 'media', 'protocol'],
  synthetic: [],
  e2e: [],
};

const testFile = { file: { categories: 'test' } };
const protocolFile = { element: { type: 'workers' }, file: { categories: 'protocol' } };

export const LAYER_POLICIES = [
  // Packages are governed by no-restricted-imports in eslint.config.js.
  { allow: { to: { module: { origin: ['external', 'core'] } } } },
  ...Object.entries(LAYER_MATRIX).flatMap(([from, to]) => [
    {
      from: { element: { type: from } },
      allow: {
        to: { element: { types: { anyOf: [from, ...to.filter((t) => t !== 'protocol')] } } },
      },
    },
    ...(to.includes('protocol')
      ? [{ from: { element: { type: from } }, allow: { to: protocolFile } }]
      : []),
  ]),
  // Tests may use whatever they test and any fixture (the last matching policy wins).
  { from: testFile, allow: { to: { element: { types: '*' } } } },
];
