import { expect, test } from '@playwright/test';
import { ensureSyntheticSam } from '../models-manifest/synthetic-sam/ensure';
import { EDGETAM } from '../src/model/models';
import { hostModel } from './support/model-host';

test('the Model page loads the segment model (EdgeTAM layout) at its pinned revision, remembers the choice, and lists it as downloaded', async ({
  page,
}) => {
  const folder = await ensureSyntheticSam();
  const host = await hostModel(page, folder, {
    modelId: EDGETAM.id,
    onlyRevision: EDGETAM.revision,
  });
  await page.goto('/#/model');
  const panel = page.getByTestId('segment-model-panel');
  await expect(panel.getByTestId('segment-model-status')).toContainText('Not loaded');
  await expect(panel.getByTestId('segment-model-select')).toHaveValue(EDGETAM.id);

  await panel.getByTestId('segment-device-select').selectOption('wasm');
  await panel.getByTestId('segment-load').click();
  await expect(panel.getByTestId('segment-model-status')).toContainText('Ready', {
    timeout: 60_000,
  });
  await expect(panel.getByTestId('segment-model-status')).toContainText('wasm');
  expect(host.served).toEqual(
    expect.arrayContaining([
      'config.json',
      'preprocessor_config.json',
      'onnx/vision_encoder.onnx',
      'onnx/vision_encoder.onnx_data',
      'onnx/prompt_encoder_mask_decoder.onnx',
      'onnx/prompt_encoder_mask_decoder.onnx_data',
    ]),
  );

  // After a reload the choice is still there, and the files are in the browser's model cache.
  await page.reload();
  await expect(panel.getByTestId('segment-device-select')).toHaveValue('wasm');
  const cached = page.getByTestId('cached-model').filter({ hasText: EDGETAM.id });
  await expect(cached).toHaveCount(1);
  await expect(cached).toContainText(EDGETAM.revision.slice(0, 8));
  // Loading again comes from the cache: nothing more is downloaded.
  const servedBefore = host.served.length;
  await panel.getByTestId('segment-load').click();
  await expect(panel.getByTestId('segment-model-status')).toContainText('Ready', {
    timeout: 60_000,
  });
  expect(host.served.length).toBe(servedBefore);
  await cached.getByRole('button').click();
  await expect(cached).toHaveCount(0);
});

test('a segment model file missing on the host is named in the panel, and nothing else breaks', async ({
  page,
}) => {
  const folder = await ensureSyntheticSam();
  await hostModel(page, folder, {
    modelId: EDGETAM.id,
    missing: ['onnx/prompt_encoder_mask_decoder.onnx_data'],
  });
  await page.goto('/#/model');
  const panel = page.getByTestId('segment-model-panel');
  await panel.getByTestId('segment-device-select').selectOption('wasm');
  await panel.getByTestId('segment-load').click();
  await expect(panel.getByTestId('segment-model-error')).toContainText(
    'prompt_encoder_mask_decoder.onnx_data',
    { timeout: 60_000 },
  );
  await expect(panel.getByTestId('segment-model-status')).toContainText('Could not load');
  // The Qwen3-VL panel beside it is untouched.
  await expect(page.getByTestId('model-status')).toContainText('Not loaded');
  // Once the file is back, loading again works (a fresh worker).
  await page.unrouteAll();
  await hostModel(page, folder, { modelId: EDGETAM.id });
  await panel.getByTestId('segment-load').click();
  await expect(panel.getByTestId('segment-model-status')).toContainText('Ready', {
    timeout: 60_000,
  });
});
