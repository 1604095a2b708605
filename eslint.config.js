import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

import boundaries from 'eslint-plugin-boundaries';
import {
  LAYER_ELEMENTS,
  LAYER_POLICIES,
  PROTOCOL_FILES,
  TEST_FILES,
  TEST_IMPORTS,
} from './eslint.layers.js';

const testImports = {
  group: TEST_IMPORTS,
  message: 'Production code never imports tests, fixtures or the synthetic model.',
};

/**
 * Packages a layer may not use (the boundaries matrix covers our own folders). Production files
 * only: a later no-restricted-imports replaces an earlier one, so each repeats the test-code ban.
 */
const packages = (files, forbidden, message) => ({
  files,
  ignores: TEST_FILES,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...forbidden.map((group) => ({ group: [group], message })), testImports] },
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
      'bench/.segment-dist/',
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
  {
    // The allowed-import matrix of docs/ARCHITECTURE.md, for every folder of src/, workers/ and
    // models-manifest/. Test files may reach anything (the ban on test code is below).
    files: ['src/**', 'workers/**', 'models-manifest/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYER_ELEMENTS,
      'boundaries/files': [
        { category: 'test', pattern: TEST_FILES },
        { category: 'protocol', pattern: PROTOCOL_FILES },
      ],
      'boundaries/include': ['src/**', 'workers/**', 'models-manifest/**'],
      'import/resolver': { node: { extensions: ['.ts', '.svelte', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: LAYER_POLICIES }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  packages(['src/**', 'workers/**'], [], ''),
  packages(
    ['src/domain/**'],
    ['svelte', 'svelte/*', 'pixi.js', 'idb', 'comlink'],
    'src/domain is plain TS: no framework, no storage, no rendering.',
  ),
  packages(
    ['src/formats/**', 'src/editor/**', 'src/quality/**', 'src/ai/**', 'src/model/**'],
    ['pixi.js', 'idb', 'svelte', 'svelte/*'],
    'formats, editor, quality, ai and model are plain TS: no storage, no rendering, no Svelte.',
  ),
);
