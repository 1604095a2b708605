import { expect, test } from '@playwright/test';
import { ensureTaskModel, HOSTILE_ANSWER, openImageWithModel, runTask } from './support/annotate';
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
