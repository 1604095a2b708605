import { expect, test } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject } from './support/app';
import { ensureTaskModel, HOSTILE_ANSWER, openImageWithModel, runTask } from './support/annotate';
import { solidPng } from './support/images';
import { hostModel } from './support/model-host';
import { watchCspViolations } from './support/network';

declare global {
  interface Window {
    __xss?: number;
  }
}

const HOSTILE_LABEL = '<img src=x onerror=window.__xss=1>';

let modelFolder: string;

test.beforeAll(async () => {
  modelFolder = await ensureTaskModel();
});

test('model answers and label names are shown as text, never run as HTML', async ({
  context,
  page,
}) => {
  const csp = await watchCspViolations(context);
  await hostModel(context, modelFolder);
  await openImageWithModel(page);
  const imageUrl = page.url();

  // A label class named like markup, through the schema editor.
  await page.getByTestId('back-to-gallery').click();
  await page.getByTestId('edit-labels').click();
  await page.getByTestId('schema-add-class').click();
  await page.getByTestId('schema-class-name').fill(HOSTILE_LABEL);
  await page.getByTestId('schema-save').click();
  await expect(page.getByTestId('schema-status')).not.toBeEmpty();
  await page.goto(imageUrl);
  await expect(page.getByTestId('label-class').first()).toContainText(HOSTILE_LABEL);

  // A model answer made of markup, streamed and kept in the conversation.
  await runTask(page, 'custom-prompt', () =>
    page.getByTestId('task-prompt').fill('Answer in HTML about this shelf'),
  );
  await expect(page.getByTestId('stream')).toContainText(HOSTILE_ANSWER);
  await expect(page.getByTestId('ai-panel')).toContainText('window.__xss=3');

  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('body script:not([src])').count()).toBe(0);
  expect(csp()).toEqual([]);
});

test('an imported COCO file with markup in its category names shows them as text', async ({
  context,
  page,
}) => {
  const csp = await watchCspViolations(context);
  const dir = await mkdtemp(join(tmpdir(), 'annota-xss-'));
  await writeFile(join(dir, 'shelf.png'), await solidPng(64, 48, [120, 120, 120]));
  await createProject(page, 'Hostile import');
  await page.getByTestId('import-files').setInputFiles(join(dir, 'shelf.png'));
  await expect(page.getByTestId('thumb')).toHaveCount(1);

  const coco = {
    images: [{ id: 1, file_name: 'shelf.png', width: 64, height: 48 }],
    categories: [{ id: 1, name: HOSTILE_LABEL }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, bbox: [4, 4, 20, 20], area: 400, iscrowd: 0 },
    ],
  };
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'instances.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(coco)),
  });
  await expect(dialog.getByTestId('annotation-import-unknown')).toContainText(HOSTILE_LABEL);
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toBeVisible();
  await dialog.getByTestId('annotation-import-close').click();

  await page.getByTestId('thumb').click();
  await expect(page.getByTestId('label-class').first()).toContainText(HOSTILE_LABEL);
  await expect(page.getByTestId('region-item').first()).toContainText(HOSTILE_LABEL);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(csp()).toEqual([]);
});
