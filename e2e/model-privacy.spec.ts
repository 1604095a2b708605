import { expect, test } from '@playwright/test';
import { SYNTHETIC_IMAGE_SIZE, SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import { solidPng } from './support/images';
import {
  ensureTaskModel,
  openImageWithModel,
  runTask,
  storedAnnotations,
} from './support/annotate';
import { HUB, hostModel } from './support/model-host';
import { MODEL_HOSTS, NetworkRecorder, watchCspViolations } from './support/network';
import { controlledBySw } from './support/pwa';
import { APP_ORIGIN } from './support/origins';

const ORIGIN = APP_ORIGIN;
const caption = SYNTHETIC_SCRIPTS.find((s) => s.name === 'caption')!.expected.caption;

let modelFolder: string;

test.beforeAll(async () => {
  modelFolder = await ensureTaskModel();
});

test.beforeEach(async ({ page }) => {
  // The save picker needs a person to answer it; the Blob download path runs instead.
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
});

test('with the model at work and an export, traffic goes only to the page and the model host, never with image bytes', async ({
  context,
  page,
}) => {
  const csp = await watchCspViolations(context);
  const network = new NetworkRecorder(context);
  await hostModel(context, modelFolder);
  const imageId = await openImageWithModel(page);
  await runTask(page, 'caption-tags');
  expect((await storedAnnotations(page, imageId)).caption?.text).toBe(caption);

  // Export with the image files: the archive is built in the page and saved locally.
  await page.getByTestId('back-to-gallery').click();
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format').selectOption('jsonl');
  await dialog.getByTestId('export-with-images').check();
  const download = page.waitForEvent('download');
  await dialog.getByTestId('export-start').click();
  expect((await download).suggestedFilename()).toMatch(/\.zip$/);
  await expect(dialog.getByTestId('transfer-done')).toBeVisible();

  network.stop();
  const offsite = network.offOrigin(ORIGIN, [...MODEL_HOSTS]);
  expect(offsite.map((r) => r.url)).toEqual([]);
  // The model host only ever receives plain GETs for model files.
  const toModelHost = network.requests.filter((r) => r.url.startsWith(HUB));
  expect(toModelHost.length).toBeGreaterThan(0);
  expect(toModelHost.every((r) => r.method === 'GET' && r.body === null)).toBe(true);
  // The same bytes openImageWithModel imported: no request anywhere carries them.
  const image = await solidPng(
    SYNTHETIC_IMAGE_SIZE.width,
    SYNTHETIC_IMAGE_SIZE.height,
    [200, 200, 190],
  );
  expect(network.carrying([image]).map((r) => r.url)).toEqual([]);
  expect(csp()).toEqual([]);
});

test('after one visit with the model downloaded, an image is labeled with the network off', async ({
  context,
  page,
}) => {
  await controlledBySw(page);
  await hostModel(context, modelFolder);
  const imageId = await openImageWithModel(page);
  await runTask(page, 'caption-tags');
  await expect(page.getByTestId('run-outcome')).toBeVisible();

  // Offline: the app shell comes from the service worker, the model from the browser's cache.
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  await page.getByTestId('ai-reject-all').click();
  await runTask(page, 'detect', () => page.getByTestId('task-labels').fill('cat, person'));
  const stored = await storedAnnotations(page, imageId);
  expect(stored.regions.filter((r) => r.provenance.task === 'detect').map((r) => r.label)).toEqual([
    'cat',
    'person',
  ]);
  await context.setOffline(false);
});
