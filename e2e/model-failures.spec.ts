import { cp, mkdtemp, open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { QWEN3_VL_2B } from '../src/model/models';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { hostModel } from './support/model-host';

let modelFolder: string;

test.beforeAll(async () => {
  modelFolder = await ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({ scripts: [{ text: 'A {dark|light} product photo.' }] }),
  });
});

test('a mirror without CORS headers or missing a file fails within seconds saying why; the same tab then loads from a mirror of the pinned revision only', async ({
  page,
}) => {
  // A real server that answers without CORS headers (Playwright's routes skip the CORS check):
  // the page is told it is CORS or a down mirror, not that it is offline (issue 15 item 3).
  const noCors = createServer((_, res) => res.writeHead(200, { 'content-length': '1' }).end('x'));
  await new Promise<void>((resolve) => noCors.listen(0, '127.0.0.1', resolve));
  const { port } = noCors.address() as AddressInfo;
  await page.goto('/#/model');
  await page.getByTestId('source-mirror').check();
  await page.getByTestId('mirror-url').fill(`http://127.0.0.1:${port}/hf`);
  await page.getByTestId('mirror-url').blur();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
  const error = page.getByTestId('model-error');
  try {
    await expect(error).toContainText('CORS', { timeout: 15_000 });
    await expect(error).not.toContainText('offline');
  } finally {
    noCors.close();
  }

  const mirror = 'https://models.corp.example/hf';
  await page.getByTestId('mirror-url').fill(mirror);
  await page.getByTestId('mirror-url').blur();
  await hostModel(page, modelFolder, {
    host: mirror,
    onlyRevision: QWEN3_VL_2B.revision,
    missing: ['onnx/vision_encoder_q4.onnx_data'],
  });
  await page.getByTestId('load-model').click();
  await expect(error).toContainText('Model files are missing: onnx/vision_encoder_q4.onnx_data', {
    timeout: 15_000,
  });

  // The copy is repaired: a static mirror holding only the pinned revision is enough (no `main`).
  await page.unroute(`${mirror}/**`);
  const fixed = await hostModel(page, modelFolder, {
    host: mirror,
    onlyRevision: QWEN3_VL_2B.revision,
  });
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });
  await expect(error).toHaveCount(0);
  expect(fixed.served).toContain('tokenizer.json');
});

test('a folder with a cut-short weights file is named damaged, and a good folder then loads in the same tab', async ({
  page,
}) => {
  const parent = await mkdtemp(join(tmpdir(), 'annota-cut-'));
  const cut = join(parent, 'Qwen3-VL-2B');
  await cp(modelFolder, cut, { recursive: true });
  const weights = await open(join(cut, 'onnx', 'decoder_model_merged_q4.onnx_data'), 'r+');
  const { size } = await weights.stat();
  await weights.truncate(Math.floor(size / 2));
  await weights.close();

  await page.goto('/#/model');
  await page.getByTestId('source-folder').check();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('model-folder').setInputFiles(cut);
  await page.getByTestId('load-model').click();
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('A model file is damaged', { timeout: 90_000 });

  await page.getByTestId('model-folder').setInputFiles(modelFolder);
  await expect(page.getByTestId('folder-ok')).toBeVisible();
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });
});
