import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer matrix (docs/ARCHITECTURE.md, eslint.layers.js) must bite: each case lints a made-up
 * file at a real place in the tree through the project's own ESLint config, importing a real module.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('boundaries/') || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer matrix', () => {
  it.each([
    ['domain → ui', 'src/domain/probe.ts', "export { parseRoute } from '../ui/routes';"],
    ['domain → store', 'src/domain/probe.ts', "export { openStore } from '../store';"],
    [
      'store → app',
      'src/store/probe.ts',
      "export { batchStorage } from '../app/batch/batch-storage';",
    ],
    ['quality → editor', 'src/quality/probe.ts', "export { acceptAll } from '../editor/commands';"],
    ['segment → editor', 'src/segment/probe.ts', "export { acceptAll } from '../editor/commands';"],
    ['store → segment', 'src/store/probe.ts', "export { maskToRle } from '../segment';"],
    ['ai → app', 'src/ai/probe.ts', "export { BatchRunner } from '../app/batch/runner';"],
    ['workers → ai', 'workers/probe.ts', "export { taskFor } from '../src/ai/tasks';"],
    [
      'ai → worker internals',
      'src/ai/probe.ts',
      "export { generate } from '../../workers/qwen3vl';",
    ],
    ['app → ui', 'src/app/probe.ts', "export { parseRoute } from '../ui/routes';"],
    ['domain → svelte', 'src/domain/probe.ts', "export { tick } from 'svelte';"],
    [
      'production → test fixture',
      'src/app/probe.ts',
      "export { MemoryStorage } from './batch/test-fixtures';",
    ],
    [
      'production → synthetic model',
      'src/ui/probe.ts',
      "export { SYNTHETIC_SCRIPTS } from '../../models-manifest/synthetic/task-scripts';",
    ],
    [
      'editor → its test fixtures',
      'src/editor/probe.ts',
      "export { schema } from './test/fixtures';",
    ],
    [
      'production → a test file',
      'src/store/probe.ts',
      "export { freshIndexedDb } from './test/fixtures';",
    ],
  ])('rejects %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['ui → app', 'src/ui/probe.ts', "export { BatchRunner } from '../app/batch/runner';"],
    ['app → store', 'src/app/probe.ts', "export { openStore } from '../store';"],
    ['formats → segment', 'src/formats/probe.ts', "export { maskToRle } from '../segment';"],
    ['segment → domain', 'src/segment/probe.ts', "export { polygonArea } from '../domain';"],
    [
      'workers → ai/answer',
      'workers/probe.ts',
      "export { createStopCheck } from '../src/ai/answer';",
    ],
    [
      'ai → worker protocol',
      'src/ai/probe.ts',
      "export type { AnnotateRequest } from '../../workers/inference.protocol';",
    ],
    [
      'a test → its fixtures',
      'src/app/probe.test.ts',
      "export { MemoryStorage } from './batch/test-fixtures';",
    ],
  ])('allows %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
