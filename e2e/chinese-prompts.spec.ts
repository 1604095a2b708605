import { expect } from '@playwright/test';
import { SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import {
  ensureTaskModel,
  expectRegions,
  openImageWithModel,
  runTask,
  storedAnnotations as stored,
} from './support/annotate';
import { hostModel } from './support/model-host';
import { testWithModel } from './support/model-fixture';

const test = testWithModel(ensureTaskModel);

// Several model runs in one test: each may take minutes on a busy CPU.
test.setTimeout(900_000);

const script = (name: string) => SYNTHETIC_SCRIPTS.find((s) => s.name === name)!;

test('tasks run end to end with Chinese prompts: the synthetic model answers the app’s own Chinese wording', async ({
  page,
  modelFolder,
}) => {
  await hostModel(page, modelFolder);
  const imageId = await openImageWithModel(page);
  await page.locator('details.params summary').click();
  await page.getByTestId('prompt-language').selectOption('zh');

  await runTask(page, 'caption-tags');
  let s = await stored(page, imageId);
  expect(s.caption?.text).toBe(script('caption').expected.caption);

  await runTask(page, 'ocr');
  s = await stored(page, imageId);
  expect(s.ocr.map((l) => l.text)).toEqual(script('ocr').expected.ocr);

  await runTask(page, 'points', () => page.getByTestId('task-labels').fill('apple'));
  s = await stored(page, imageId);
  expectRegions(
    s.regions.filter((r) => r.provenance.task === 'points'),
    script('points').expected.regions!,
  );

  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('cat, person'));
  s = await stored(page, imageId);
  expectRegions(
    s.regions.filter((r) => r.provenance.task === 'detect'),
    script('detect').expected.regions!,
  );
  expect(s.status).toBe('pre-annotated');
});
