import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Layers import one way: ui → editor/render/ai/store/formats → domain. */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message })) },
    ],
  },
});

export default ts.config(
  {
    ignores: [
      'dist/',
      'dev-dist/',
      'node_modules/',
      '.models/',
      'test-results/',
      'playwright-report/',
      'e2e/.fixtures/',
      'e2e/.harness-dist/',
      'bench/.browser-dist/',
      'bench/results/',
      '.test-reports/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  layer(
    ['src/domain/**'],
    [
      '**/store/**',
      '**/ai/**',
      '**/formats/**',
      '**/editor/**',
      '**/render/**',
      '**/ui/**',
      '**/i18n/**',
      '**/workers/**',
      'svelte',
      'svelte/*',
      'pixi.js',
      'idb',
    ],
    'src/domain is plain TS: it imports nothing of ours and no framework.',
  ),
  layer(
    ['src/store/**', 'src/ai/**', 'src/formats/**', 'src/editor/**', 'src/render/**', 'workers/**'],
    ['**/ui/**', '*.svelte'],
    'Lower layers never import the UI.',
  ),
  layer(
    ['src/formats/**', 'src/editor/**'],
    ['**/store/**', '**/render/**', 'pixi.js', 'idb'],
    'formats and editor are pure: no storage, no rendering.',
  ),
);
