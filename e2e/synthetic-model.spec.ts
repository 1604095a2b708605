import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { QWEN3_VL_2B } from '../src/model/models.ts';
import type { HarnessReply, HarnessRun } from './harness/protocol.ts';
import { HARNESS_ORIGIN } from './support/origins';

/** Built by `npm run e2e:prepare` from workers/qwen3vl/runtime-test-spec.json. */
const MODEL_FOLDER = resolve('.models/e2e-synthetic');
const HARNESS = `${HARNESS_ORIGIN}/`;
const HUB_PREFIX = `https://huggingface.co/${QWEN3_VL_2B.id}/resolve/`;

/**
 * Answers hub requests for the default model from the synthetic folder, with content-length like
 * the real hub (any revision: the tokenizer loader also probes `main`). Every other non-local
 * request is recorded and refused, so the test sees a CDN fetch for ORT's wasm.
 */
async function serveModel(
  context: BrowserContext,
): Promise<{ served: string[]; foreign: string[] }> {
  const served: string[] = [];
  const foreign: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(HUB_PREFIX)) {
      const file = url.slice(HUB_PREFIX.length).split('/').slice(1).join('/').split('?')[0] ?? '';
      const path = normalize(join(MODEL_FOLDER, decodeURIComponent(file)));
      if (
        !path.startsWith(MODEL_FOLDER + sep) ||
        !existsSync(path) ||
        !(await stat(path)).isFile()
      ) {
        await route.fulfill({ status: 404, body: 'not found' });
        return;
      }
      const body = await readFile(path);
      served.push(file);
      await route.fulfill({
        status: 200,
        body,
        headers: {
          'content-length': String(body.length),
          'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
          'access-control-allow-origin': '*',
        },
      });
      return;
    }
    if (new URL(url).hostname === 'localhost') {
      await route.continue();
      return;
    }
    foreign.push(url);
    await route.abort();
  });
  return { served, foreign };
}

const requests: HarnessRun['requests'] = [
  { prompt: 'Describe this image.', grey: 40 },
  { prompt: 'Describe this image.', grey: 215 },
  { prompt: 'Run OCR on this image.', grey: 215 },
];

const runs: { name: string; device: HarnessRun['device']; dtype: HarnessRun['dtype'] }[] = [
  { name: 'WASM backend, q4 files', device: 'wasm', dtype: 'q4' },
  // SwiftShader's WebGPU has no shader-f16, so fp32 graphs.
  { name: 'WebGPU (SwiftShader), fp32 files', device: 'webgpu', dtype: 'fp32' },
];

test.describe('synthetic Qwen3-VL in a Web Worker', () => {
  test.beforeAll(() => {
    if (!existsSync(join(MODEL_FOLDER, 'config.json'))) {
      throw new Error(`${MODEL_FOLDER} is missing: run \`npm run e2e:prepare\` first`);
    }
  });

  for (const run of runs) {
    test(run.name, async ({ page, context }) => {
      test.setTimeout(180_000);
      const traffic = await serveModel(context);
      await page.goto(HARNESS);
      if (run.device === 'webgpu') {
        const adapter = await page.evaluate(async () =>
          Boolean(await navigator.gpu?.requestAdapter()),
        );
        expect(
          adapter,
          'Chromium offers a WebGPU adapter (--enable-unsafe-webgpu, SwiftShader)',
        ).toBe(true);
      }
      const job: HarnessRun = {
        source: { kind: 'hub', modelId: QWEN3_VL_2B.id, revision: QWEN3_VL_2B.revision },
        device: run.device,
        dtype: run.dtype,
        requests,
      };
      const reply: HarnessReply = await page.evaluate((j) => window.runHarness(j), job);
      if (!reply.ok) throw new Error(reply.error);

      const [dark, light, ocr] = reply.results;
      expect(dark?.text).toBe('A dark photo of a cat.');
      expect(light?.text).toBe('A light photo of a cat.');
      expect(ocr?.text).toBe('TEXT: hello world');
      expect(dark?.stopReason).toBe('end');
      expect(reply.chunks[0]?.join('')).toBe(dark?.text);
      const unsure = ocr?.tokens.find((t) => t.text.includes('hello'));
      expect(unsure?.prob).toBeGreaterThan(0.3);
      expect(unsure?.prob).toBeLessThan(0.5);
      expect(reply.progressEvents).toBeGreaterThan(0);

      const suffix = run.dtype === 'q4' ? '_q4' : '';
      expect(traffic.served).toContain(`onnx/decoder_model_merged${suffix}.onnx_data`);
      expect(traffic.served).toContain('chat_template.jinja');
      expect(traffic.foreign, 'no request leaves localhost except the (intercepted) hub').toEqual(
        [],
      );
    });
  }
});
