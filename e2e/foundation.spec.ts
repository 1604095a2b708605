import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createProject, storedImages } from './support/app';
import { dropPaths } from './support/drop';
import {
  corruptJpeg,
  rotatedJpeg,
  solidBmp,
  solidGif,
  solidPng,
  solidWebp,
} from './support/images';

test('import by file chooser and dropped folder, with bad files reported, survives a reload', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-e2e-'));
  const red = await solidPng(64, 48, [220, 30, 30]);
  const picked = {
    'red.png': red,
    'portrait.jpg': await rotatedJpeg(80, 40),
    'broken.jpg': corruptJpeg(),
    'notes.jpg': Buffer.from('this is a text file, not a photo\n'),
    'red-copy.png': red,
  };
  for (const [name, bytes] of Object.entries(picked)) await writeFile(join(dir, name), bytes);
  const folder = join(dir, 'shoot');
  await mkdir(join(folder, 'close-ups'), { recursive: true });
  await writeFile(join(folder, 'green.webp'), await solidWebp(30, 20, [20, 200, 40]));
  await writeFile(join(folder, 'blue.bmp'), solidBmp(10, 12, [0, 0, 255]));
  await writeFile(join(folder, 'close-ups', 'yellow.gif'), await solidGif(16, 16, [250, 220, 0]));

  const projectId = await createProject(page, 'Spring catalog 春季');
  await expect(page.getByTestId('gallery-empty')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles(Object.keys(picked).map((n) => join(dir, n)));

  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('report-added')).toHaveText('2 images added');
  await expect(report.getByTestId('report-not-images')).toContainText(
    '1 file skipped: not an image',
  );
  await expect(report.getByTestId('report-not-images')).toContainText('notes.jpg');
  await expect(report.getByTestId('report-unreadable')).toContainText('1 file unreadable');
  await expect(report.getByTestId('report-unreadable')).toContainText('broken.jpg');
  await expect(report.getByTestId('report-duplicates')).toContainText('1 duplicate skipped');
  await expect(report.getByTestId('report-duplicates')).toContainText('red-copy.png = red.png');
  await expect(page.getByTestId('thumb')).toHaveCount(2);

  await dropPaths(page, [folder]);
  await expect(report.getByTestId('report-added')).toHaveText('3 images added');
  await expect(page.getByTestId('thumb')).toHaveCount(5);
  await expect(page.getByTestId('labeled-progress')).toHaveText('0 of 5 labeled');
  await expect(page.getByTestId('count-new')).toContainText('5');

  // Search narrows the grid; the status chips filter it.
  await page.getByTestId('gallery-search').fill('shoot/');
  await expect(page.getByTestId('thumb')).toHaveCount(3);
  await page.getByTestId('gallery-search').fill('');
  await page.getByTestId('count-accepted').click();
  await expect(page.getByTestId('thumb')).toHaveCount(0);
  await page.getByTestId('count-accepted').click();
  await expect(page.getByTestId('thumb')).toHaveCount(5);

  await page.reload();
  await expect(page.getByTestId('thumb')).toHaveCount(5);
  await expect(page.getByTestId('labeled-progress')).toHaveText('0 of 5 labeled');
  const stored = (await storedImages(page, projectId)).sort((a, b) =>
    a.relativePath.localeCompare(b.relativePath),
  );
  expect(stored.map((s) => [s.relativePath, s.width, s.height, s.mime])).toEqual([
    ['portrait.jpg', 40, 80, 'image/jpeg'],
    ['red.png', 64, 48, 'image/png'],
    ['shoot/blue.bmp', 10, 12, 'image/bmp'],
    ['shoot/close-ups/yellow.gif', 16, 16, 'image/gif'],
    ['shoot/green.webp', 30, 20, 'image/webp'],
  ]);

  // The viewer shows the rotated photo upright, with its displayed (EXIF-corrected) size.
  await page.getByTestId('thumb').filter({ hasText: 'portrait.jpg' }).click();
  await expect(page.getByTestId('image-size')).toHaveText('40 × 80 px');
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute(
    'data-renderer',
    /webgl|webgpu|canvas/,
  );

  // The project list shows its counts after all this.
  await page.goto('/');
  await expect(page.getByTestId('project-counts')).toContainText('5 images');
  await expect(page.getByTestId('project-counts')).toContainText('0 of 5 labeled');
});

test('projects can be renamed, and deleted only after confirmation', async ({ page }) => {
  await createProject(page, 'Draft');
  await page.goto('/');
  await page.getByTestId('rename-project').click();
  await page.getByTestId('rename-input').fill('Defects line 3');
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('project-link')).toHaveText('Defects line 3');

  await page.getByTestId('delete-project').click();
  await page.getByTestId('confirm-dialog').getByText('Cancel').click();
  await expect(page.getByTestId('project-row')).toHaveCount(1);
  await page.getByTestId('delete-project').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('project-row')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('project-row')).toHaveCount(0);
});

test('the interface follows the switch to Chinese and keeps it after a reload', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('new-project')).toHaveText('新建项目');
  await page.reload();
  await expect(page.getByTestId('new-project')).toHaveText('新建项目');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
