import { cp, mkdtemp, open, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from '@playwright/test';
import { QWEN3_VL_2B } from '../src/model/models';
import { HUB, hostModel } from './support/model-host';
import { ensureProductPhotoModel, testWithModel } from './support/model-fixture';

const test = testWithModel(ensureProductPhotoModel);

test('a mirror without CORS headers or missing a file fails within seconds saying why; the same tab then loads from a mirror of the pinned revision only', async ({
  page,
  modelFolder,
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
  modelFolder,
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

test('a folder whose file changed since the model was first loaded from it is refused with the file named, and so is a mirror of the same revision with a cut-short file', async ({
  page,
  modelFolder,
}) => {
  // Three model loads, each hashing the files: minutes on 2 busy cores.
  test.setTimeout(300_000);
  const file = 'onnx/embed_tokens_q4.onnx_data';
  const parent = await mkdtemp(join(tmpdir(), 'annota-flip-'));
  const flipped = join(parent, 'Qwen3-VL-2B');
  await cp(modelFolder, flipped, { recursive: true });
  // One byte changes (a damaged disk, a bad copy): same size, so only the fingerprint can tell.
  const weights = await open(join(flipped, file), 'r+');
  const { size } = await weights.stat();
  const at = Math.floor(size / 2);
  const one = Buffer.alloc(1);
  await weights.read(one, 0, 1, at);
  one[0] = one[0]! ^ 0xff;
  await weights.write(one, 0, 1, at);
  await weights.close();

  await page.goto('/#/model');
  await page.getByTestId('source-folder').check();
  await page.getByTestId('device-select').selectOption('wasm');
  // The first load trusts the folder's files (trust on first use).
  await page.getByTestId('model-folder').setInputFiles(modelFolder);
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });

  await page.reload();
  await page.getByTestId('source-folder').check();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('model-folder').setInputFiles(flipped);
  await expect(page.getByTestId('folder-ok')).toBeVisible();
  await page.getByTestId('load-model').click();
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('A model file is damaged', { timeout: 90_000 });
  await expect(error).toContainText(file);
  await expect(error).not.toContainText('config.json');

  // A mirror of the same revision whose copy of a file is cut short is refused before anything
  // downloads: the length first trusted (here from the folder) is the one a mirror must have.
  const cut = join(parent, 'cut');
  await cp(modelFolder, cut, { recursive: true });
  const vision = await open(join(cut, 'onnx', 'vision_encoder_q4.onnx_data'), 'r+');
  await vision.truncate(Math.floor((await vision.stat()).size / 2));
  await vision.close();
  const mirror = 'https://models.corp.example/hf';
  await hostModel(page, cut, { host: mirror });
  await page.getByTestId('source-mirror').check();
  await page.getByTestId('mirror-url').fill(mirror);
  await page.getByTestId('mirror-url').blur();
  await page.getByTestId('load-model').click();
  await expect(error).toContainText('onnx/vision_encoder_q4.onnx_data (', { timeout: 30_000 });
  await expect(error).toContainText('A model file is damaged');
  await expect(error).not.toContainText('embed_tokens');
});

test('a cached model file whose bytes changed after its first download is named on the next load and fetched again', async ({
  page,
  modelFolder,
}) => {
  // Three model loads, each hashing the files: minutes on 2 busy cores.
  test.setTimeout(300_000);
  const file = 'onnx/embed_tokens_q4.onnx_data';
  const host = await hostModel(page, modelFolder);
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });

  // One byte of the cached weights flips (a damaged disk): same size, so only its hash can tell.
  const trusted = await page.evaluate(async (path) => {
    const cache = await caches.open('transformers-cache');
    const key = (await cache.keys()).find((r) => r.url.endsWith(`/${path}`))!;
    const response = (await cache.match(key))!;
    const bytes = new Uint8Array(await response.arrayBuffer());
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await cache.put(key, new Response(bytes, { headers: response.headers }));
    // Fingerprints are kept by model, revision and path, whatever host the file came from.
    const records = await (await caches.open('annota-model-integrity')).keys();
    return records.some((r) => r.url.endsWith(`/${path}`));
  }, file);
  expect(trusted, 'the file was fingerprinted after its first successful load').toBe(true);

  await page.reload();
  const servedBefore = host.served.length;
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-repaired')).toContainText(file, { timeout: 90_000 });
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });
  // Only the damaged file came over the network again; the rest loaded from the cache.
  expect(host.served.slice(servedBefore).filter((p) => p.startsWith('onnx/'))).toEqual([file]);
});

test('a model folder chosen with the folder picker is remembered: the next visit opens it again with one click', async ({
  page,
  modelFolder,
}) => {
  await hostModel(page, modelFolder);
  await page.goto('/#/model');
  // The picker needs a person, so the folder is made in the browser's own file system and its
  // handle kept where the app keeps the folder it was handed.
  const paths = (await readdir(modelFolder, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(modelFolder, join(e.parentPath, e.name)).split('\\').join('/'));
  await page.evaluate(
    async ({ paths, base }) => {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle('Qwen3-VL-2B', { create: true });
      for (const path of paths) {
        const parts = path.split('/');
        let dir = folder;
        for (const part of parts.slice(0, -1))
          dir = await dir.getDirectoryHandle(part, { create: true });
        const file = await dir.getFileHandle(parts.at(-1)!, { create: true });
        const writable = await file.createWritable();
        await writable.write(await (await fetch(base + path)).blob());
        await writable.close();
      }
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({ key: 'modelFolder', value: folder });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    },
    { paths, base: `${HUB}/${QWEN3_VL_2B.id}/resolve/${QWEN3_VL_2B.revision}/` },
  );
  // From here on nothing comes over the network: the model is read from the remembered folder.
  await page.unroute(`${HUB}/**`);
  await page.reload();
  await page.getByTestId('source-folder').check();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('model-folder-again').click();
  await expect(page.getByTestId('folder-ok')).toContainText('Qwen3-VL-2B');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-status')).toContainText('Ready', { timeout: 90_000 });
});
