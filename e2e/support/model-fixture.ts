import { test as base } from '@playwright/test';
import { ensureSyntheticModel } from '../../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../../models-manifest/synthetic/script-spec';

/**
 * Playwright's `test` with the spec's synthetic model as a fixture: `ensure` builds it (or finds it
 * in the cache) once per worker, and each test that names `modelFolder` gets its folder.
 */
export function testWithModel(ensure: () => Promise<string>) {
  return base.extend<object, { modelFolder: string }>({
    modelFolder: [
      // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function names
      async ({}, use) => {
        await use(await ensure());
      },
      // Building the model when the cache is cold takes minutes on a busy machine.
      { scope: 'worker', timeout: 600_000 },
    ],
  });
}

/** A model that only describes product photos: for specs about loading, not answers. */
export function ensureProductPhotoModel(): Promise<string> {
  return ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({ scripts: [{ text: 'A {dark|light} product photo.' }] }),
  });
}
