import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import {
  SYNTHETIC_IMAGE_SIZE,
  SYNTHETIC_SCRIPTS,
  syntheticSpec,
  type ExpectedRegion,
} from '../src/ai/tasks/synthetic-scripts';
import { createProject } from './support/app';
import { solidPng } from './support/images';
import { hostModel } from './support/model-host';

/** A long answer without repetition, so cancelling can catch it mid-generation. */
const STORY = Array.from({ length: 400 }, (_, i) => `${i + 1}`).join(' ');

let modelFolder: string;

test.beforeAll(async () => {
  const spec = syntheticSpec();
  modelFolder = await ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({ scripts: [{ text: STORY, when: { trigger: 'story' } }, ...spec.scripts] }),
  });
});

interface StoredRegion {
  label: string;
  state: string;
  shape: {
    kind: string;
    box?: { x: number; y: number; w: number; h: number };
    point?: { x: number; y: number };
  };
  provenance: { source: string; confidence?: number; task?: string };
}

interface Stored {
  regions: StoredRegion[];
  caption: { text: string; state: string } | null;
  tags: { value: string; state: string }[];
  ocr: { text: string; state: string }[];
  fields: { values: Record<string, unknown>; state: string } | null;
  status: string;
  reasons: string[];
}

async function stored(page: Page, imageId: string): Promise<Stored> {
  return page.evaluate(
    (id) =>
      new Promise<Stored>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['annotations', 'images']);
          const a = tx.objectStore('annotations').get(id);
          const i = tx.objectStore('images').get(id);
          tx.oncomplete = () => {
            open.result.close();
            const ann = a.result ?? { regions: [], caption: null, tags: [], ocr: [], fields: null };
            resolve({ ...ann, status: i.result.status, reasons: i.result.reviewReasons });
          };
        };
      }),
    imageId,
  );
}

function expectRegions(actual: StoredRegion[], expected: readonly ExpectedRegion[]) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, want] of expected.entries()) {
    const got = actual[i]!;
    expect(got.label).toBe(want.label);
    const shape = want.box ? got.shape.box! : got.shape.point!;
    for (const [key, value] of Object.entries(want.box ?? want.point!))
      expect(
        Math.abs((shape as Record<string, number>)[key]! - value),
        `${want.label}.${key}`,
      ).toBeLessThanOrEqual(1);
  }
}

const script = (name: string) => SYNTHETIC_SCRIPTS.find((s) => s.name === name)!;

async function openImage(page: Page): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'annota-ai-'));
  const file = join(dir, 'shelf.png');
  await writeFile(
    file,
    await solidPng(SYNTHETIC_IMAGE_SIZE.width, SYNTHETIC_IMAGE_SIZE.height, [200, 200, 190]),
  );
  await createProject(page, 'AI tasks');
  await page.getByTestId('import-files').setInputFiles(file);
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  // The model runs on WebAssembly here: fastest for the tiny model on CI's CPUs.
  const gallery = page.url();
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(gallery);
  await page.getByTestId('thumb').click();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  return decodeURIComponent(/\/i\/([^/]+)$/.exec(page.url())![1]!);
}

async function runTask(page: Page, task: string, setup?: () => Promise<void>) {
  await page.getByTestId('task-select').selectOption(task);
  await setup?.();
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 90_000 });
}

test('every task runs on an image: streamed answers become suggestions at the right pixels, decisions survive a reload', async ({
  page,
}) => {
  await hostModel(page, modelFolder);
  const imageId = await openImage(page);

  await runTask(page, 'caption-tags');
  await expect(page.getByTestId('stream')).toContainText('A red running shoe');
  let s = await stored(page, imageId);
  expect(s.caption).toMatchObject({ text: script('caption').expected.caption, state: 'suggested' });
  expect(s.tags.map((t) => t.value)).toEqual(script('caption').expected.tags);
  expect(s.status).toBe('pre-annotated');

  await runTask(page, 'ocr');
  s = await stored(page, imageId);
  expect(s.ocr.map((l) => l.text)).toEqual(script('ocr').expected.ocr);

  await runTask(page, 'points', () => page.getByTestId('task-labels').fill('apple'));
  s = await stored(page, imageId);
  expectRegions(
    s.regions.filter((r) => r.provenance.task === 'points'),
    script('points').expected.regions!,
  );

  await runTask(page, 'report', async () => {
    await page.getByTestId('task-fields').fill(JSON.stringify(script('report').options.fields));
    await page.getByTestId('task-fields').blur();
  });
  s = await stored(page, imageId);
  expect(s.fields?.values).toEqual(script('report').expected.fields);

  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('cat, person'));
  s = await stored(page, imageId);
  const detected = s.regions.filter((r) => r.provenance.task === 'detect');
  expectRegions(detected, script('detect').expected.regions!);
  expect(detected.every((r) => r.state === 'suggested' && r.provenance.source === 'model')).toBe(
    true,
  );

  // Accept the cat, reject the person — in place, in the suggestion list.
  const list = page.getByTestId('suggestion-list');
  await list
    .getByTestId('suggestion')
    .filter({ hasText: /^cat/ })
    .getByTestId('accept-suggestion')
    .click();
  await list
    .getByTestId('suggestion')
    .filter({ hasText: /^person/ })
    .getByTestId('reject-suggestion')
    .click();
  await expect(
    page.getByTestId('save-state').or(page.getByTestId('suggestion-count')),
  ).toBeVisible();

  // A low-confidence answer sends the image to review; the decided boxes stay as decided.
  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('dog'));
  await expect(page.getByTestId('review-reasons')).toContainText('Low confidence');
  // An unparseable answer is kept raw and flagged; the earlier suggestions are not wiped.
  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('unicorn'));
  await expect(page.locator('[data-reason="unparseable-output"]')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  s = await stored(page, imageId);
  const byLabel = (label: string) => s.regions.find((r) => r.label === label);
  expect(byLabel('cat')?.state).toBe('accepted');
  expect(byLabel('person')?.state).toBe('rejected');
  expect(byLabel('dog')?.state).toBe('suggested');
  expect(byLabel('dog')!.provenance.confidence).toBeLessThan(0.85);
  expect(s.status).toBe('needs-review');
  expect(s.reasons).toEqual(['unparseable-output', 'empty-result']);
  await expect(page.getByTestId('image-status')).toHaveAttribute('data-status', 'needs-review');
});

test('a generation can be cancelled midway with Escape, changing nothing', async ({ page }) => {
  await hostModel(page, modelFolder);
  const imageId = await openImage(page);
  await page.getByTestId('task-select').selectOption('custom-prompt');
  await page.getByTestId('task-prompt').fill('Tell me a long story about this shelf');
  await page.getByTestId('ai-panel').locator('details summary').click();
  await page.getByTestId('max-new-tokens').fill('1500');
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('stream')).toContainText('1 2 3', { timeout: 90_000 });
  await page.getByTestId('stream').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-status')).toContainText('Cancelled');
  const text = (await page.getByTestId('stream').textContent()) ?? '';
  expect(text).not.toContain('399 400');
  let s = await stored(page, imageId);
  expect(s.status).toBe('new');
  expect(s.regions).toEqual([]);

  // The next run works (the model reloads if the worker had to be stopped).
  await runTask(page, 'caption-tags');
  s = await stored(page, imageId);
  expect(s.caption?.text).toBe(script('caption').expected.caption);
});
