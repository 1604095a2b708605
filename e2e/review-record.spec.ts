import { expect } from '@playwright/test';
import {
  ensureTaskModel,
  openImageWithModel,
  runTask,
  storedAnnotations as stored,
} from './support/annotate';
import { hostModel } from './support/model-host';
import { testWithModel } from './support/model-fixture';

const test = testWithModel(ensureTaskModel);

// Several model runs in one test: each may take minutes on a busy CPU.
test.setTimeout(900_000);

test('an image finished through the review queue’s E → editor → Mark reviewed gets one review record (issue 15 item 8)', async ({
  page,
  modelFolder,
}) => {
  await hostModel(page, modelFolder);
  const imageId = await openImageWithModel(page);
  const imageUrl = page.url();
  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('dog'));
  expect((await stored(page, imageId)).status).toBe('needs-review');

  const projectUrl = imageUrl.replace(/\/i\/[^/]+$/, '');
  await page.goto(`${projectUrl}/review`);
  await page.getByTestId('review-user').fill('Mei');
  await page.getByTestId('review-user-save').click();
  await expect(page.getByTestId('review-current')).toHaveAttribute('data-image', imageId);
  await page.keyboard.press('e');
  await expect(page.getByTestId('accept-image')).toBeVisible();
  await page.getByTestId('accept-image').click();
  await expect(page.getByTestId('image-status')).toHaveAttribute('data-status', 'accepted');

  const s = await stored(page, imageId);
  expect(s.status).toBe('accepted');
  expect(s.regions.map((r) => r.state)).toEqual(['accepted']);
  expect(s.regions[0]!.updatedBy).toBe('Mei');

  await page.goto(`${projectUrl}/quality`);
  await expect(page.getByTestId('metric-reviewed')).toHaveText('1');
  await expect(page.getByTestId('reviewers')).toContainText('Mei (1)');
});
