import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createProject } from './support/app';
import { storedAnnotations } from './support/annotate';
import { solidPng } from './support/images';
import { OpenAiTestServer, SHARED_IMAGES } from './support/openai-server';

/**
 * The app against a loopback OpenAI-compatible server (e2e/support/openai-server.ts), the way a
 * team points it at vLLM or Ollama in their LAN. The build allows http://127.0.0.1:* as a model
 * server (scripts/test.sh sets ANNOTA_MODEL_SERVERS); localhost is deliberately not allowed.
 */
const MODEL = 'Qwen/Qwen3-VL-8B-Instruct';
const PHOTOS = ['spatio_case1.jpg', 'ocr_example3.jpg', 'sample-food.jpeg', 'hopinn.jpg'];

let server: OpenAiTestServer;
let photos: string;

test.beforeAll(async () => {
  server = new OpenAiTestServer({
    models: [MODEL, 'Qwen/Qwen2.5-VL-7B-Instruct', 'llava-hf/llava-1.5-7b-hf'],
  });
  await server.listen();
  photos = join(await mkdtemp(join(tmpdir(), 'annota-server-')), 'photos');
  await mkdir(join(photos, 'more'), { recursive: true });
  for (const name of PHOTOS) await copyFile(join(SHARED_IMAGES, name), join(photos, name));
  for (let i = 0; i < 4; i++)
    await writeFile(
      join(photos, 'more', `shelf-${i}.png`),
      await solidPng(64, 48, [200, 190 + i, 180]),
    );
});

test.afterAll(() => server.close());

async function configure(page: Page, url: string, model = MODEL) {
  await page.goto('/#/model');
  await page.getByTestId('server-url').fill(url);
  await page.getByTestId('server-url').blur();
  await page.getByTestId('server-model').fill(model);
  await page.getByTestId('server-model').blur();
}

interface StoredImage {
  id: string;
  path: string;
  status: string;
  reasons: string[];
  regions: { label: string; state: string; provenance: { modelId?: string; revision?: string } }[];
}

async function stored(page: Page, projectId: string): Promise<StoredImage[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredImage[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'annotations']);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          const annotations = tx.objectStore('annotations').index('projectId').getAll(id);
          tx.oncomplete = () => {
            open.result.close();
            type A = { imageId: string; regions: StoredImage['regions'] };
            const byId = new Map((annotations.result as A[]).map((a) => [a.imageId, a]));
            type I = { id: string; relativePath: string; status: string; reviewReasons: string[] };
            resolve(
              (images.result as I[]).map((i) => ({
                id: i.id,
                path: i.relativePath,
                status: i.status,
                reasons: i.reviewReasons,
                regions: byId.get(i.id)?.regions ?? [],
              })),
            );
          };
        };
      }),
    projectId,
  );
}

test('an on-prem server annotates one image and a batch with N in flight; images go only there, only while chosen', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Every request the page makes that carries an image, wherever it goes.
  const imageRequests: string[] = [];
  page.on('request', (r) => {
    if ((r.postData() ?? '').includes('data:image/')) imageRequests.push(r.url());
  });
  const projectId = await createProject(page, 'Server');
  await page.getByTestId('import-folder').setInputFiles(photos);
  await expect
    .poll(async () => (await stored(page, projectId)).length, { timeout: 60_000 })
    .toBe(8);
  expect(server.hits).toHaveLength(0);

  await configure(page, `${server.url}/v1`);
  await page.getByTestId('server-concurrency').fill('3');
  await page.getByTestId('server-concurrency').blur();
  // Configured but not chosen: still nothing goes to the server.
  expect(server.hits).toHaveLength(0);
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-ok')).toContainText(MODEL);
  expect(server.requests).toHaveLength(1);
  await page.getByTestId('engine-server').check();
  await expect(page.getByTestId('server-indicator')).toContainText(new URL(server.url).host);

  // Once per project: the notice comes before any image is sent.
  await page.goto(`/#/p/${projectId}`);
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('server-notice')).toBeVisible();
  await expect(page.getByTestId('run-task')).toBeDisabled();
  await page.getByTestId('server-notice-accept').click();
  await expect(page.getByTestId('server-notice')).toHaveCount(0);
  await page.getByTestId('task-select').selectOption('detect');
  await page.getByTestId('task-labels').fill('plate/dish, cup');
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 30_000 });
  const imageId = decodeURIComponent(/\/i\/([^/]+)$/.exec(page.url())![1]!);
  const one = await storedAnnotations(page, imageId);
  expect(one.regions.length).toBeGreaterThan(5);
  expect(one.regions.every((r) => r.state === 'suggested')).toBe(true);
  expect(one.regions[0]!.provenance).toMatchObject({ source: 'model', task: 'detect' });
  expect(one.regions[0]!.provenance.confidence).toBeCloseTo(0.95, 2);

  // The batch keeps 3 requests in flight, survives a reload mid-run and resumes.
  server.set({ delayMs: 1500 });
  await page.goto(`/#/p/${projectId}`);
  await page.getByTestId('open-batch').click();
  await page.getByTestId('batch-task').selectOption('detect');
  await page.getByTestId('batch-labels').fill('plate/dish, cup');
  await page.getByTestId('batch-overwrite').check();
  await page.getByTestId('batch-start').click();
  await expect
    .poll(async () => Number(await page.getByTestId('batch-done').textContent()), {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(2);
  expect(server.maxInFlight).toBe(3);
  await page.reload();
  await page.goto(`/#/p/${projectId}`);
  await expect(page.getByTestId('resume-banner')).toContainText('of 8 images');
  server.set({ delayMs: 0 });
  await page.getByTestId('resume-banner-link').click();
  const job = page.getByTestId('batch-job').first();
  await expect(job).toHaveAttribute('data-status', 'interrupted');
  await job.getByTestId('job-resume').click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(job.getByTestId('job-counts')).toContainText('8 done, 0 failed');
  const all = await stored(page, projectId);
  for (const image of all) {
    expect(image.regions.length).toBeGreaterThan(0);
    expect(image.regions[0]!.provenance).toMatchObject({
      modelId: MODEL,
      revision: `server:${server.url}`,
    });
  }

  // Back to the model in this browser: the indicator goes, and no image leaves any more.
  await page.goto('/#/model');
  await page.getByTestId('engine-browser').check();
  await expect(page.getByTestId('server-indicator')).toHaveCount(0);
  const hits = server.hits.length;
  await page.goto(`/#/p/${projectId}`);
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('server-notice')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  expect(server.hits.length).toBe(hits);
  // Every image that left the page went to the configured server, and nowhere else.
  expect(imageRequests.length).toBeGreaterThanOrEqual(1 + 1 + 8);
  expect(imageRequests.every((u) => u.startsWith(`${server.url}/v1/`))).toBe(true);
});

test('the Test button explains CORS, a host the build does not allow, a refused key, an unknown model; it takes a Qwen2.5 model with a note', async ({
  page,
}) => {
  const noCors = new OpenAiTestServer({ models: [MODEL], cors: false });
  await noCors.listen();
  try {
    await configure(page, noCors.url);
    await page.getByTestId('server-test').click();
    const problem = page.getByTestId('server-problem');
    await expect(problem).toHaveAttribute('data-kind', 'cors');
    const origin = new URL(page.url()).origin;
    await expect(problem).toContainText(`OLLAMA_ORIGINS=${origin}`);
    await expect(problem).toContainText('--allowed-origins');
  } finally {
    await noCors.close();
  }

  // Same server, named as localhost: not in this build's allowed list, so not even tried.
  const hits = server.hits.length;
  await configure(page, server.url.replace('127.0.0.1', 'localhost'));
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-problem')).toHaveAttribute('data-kind', 'host-not-allowed');
  await expect(page.getByTestId('server-problem')).toContainText('ANNOTA_MODEL_SERVERS');
  expect(server.hits.length).toBe(hits);

  server.set({ apiKey: 'team-key', delayMs: 0 });
  await configure(page, server.url);
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-problem')).toHaveAttribute('data-kind', 'unauthorized');
  await page.getByTestId('server-key').fill('team-key');
  await page.getByTestId('server-key').blur();
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-ok')).toBeVisible();
  server.set({ apiKey: null });

  await configure(page, server.url, 'qwen3-vl:2b');
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-problem')).toHaveAttribute('data-kind', 'model-not-found');
  await expect(page.getByTestId('server-problem')).toContainText(MODEL);

  // Qwen2.5-VL answers in pixels of its resized input: accepted, and the panel says how it is read.
  await configure(page, server.url, 'Qwen/Qwen2.5-VL-7B-Instruct');
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-ok')).toContainText('Qwen/Qwen2.5-VL-7B-Instruct');
  await expect(page.getByTestId('server-pixels-note')).toContainText('multiples of 28');

  // A family whose coordinates we cannot know is still refused.
  await configure(page, server.url, 'llava-hf/llava-1.5-7b-hf');
  await page.getByTestId('server-test').click();
  await expect(page.getByTestId('server-problem')).toHaveAttribute(
    'data-kind',
    'unsupported-model',
  );
  await expect(page.getByTestId('server-pixels-note')).toHaveCount(0);
});

test('the CLI annotates a folder of photos on the server; the app imports the results as suggestions to review', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const out = join(await mkdtemp(join(tmpdir(), 'annota-cli-e2e-')), 'results.jsonl');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        'bin/annota.mjs',
        'batch',
        '--images',
        photos,
        '--task',
        'detect',
        '--labels',
        'plate/dish,cup',
        '--server',
        server.url,
        '--model',
        MODEL,
        '--concurrency',
        '4',
        '--out',
        out,
        '--no-progress',
      ],
      { stdio: 'inherit' },
    );
    child.on('exit', resolve);
  });
  expect(code).toBe(0);
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(8);

  const projectId = await createProject(page, 'From the CLI');
  await page.getByTestId('import-folder').setInputFiles(photos);
  await expect
    .poll(async () => (await stored(page, projectId)).length, { timeout: 60_000 })
    .toBe(8);
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles(out);
  await expect(dialog.getByTestId('annotation-import-matched')).toContainText('8');
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toBeVisible();
  const all = await stored(page, projectId);
  for (const image of all) {
    expect(image.status).toBe('needs-review');
    // The real answer names things outside the labels asked for: review says so.
    expect(image.reasons).toContain('unknown-label');
    expect(image.regions.length).toBeGreaterThan(0);
    expect(image.regions.every((r) => r.state === 'suggested')).toBe(true);
    expect(image.regions[0]!.provenance).toMatchObject({ modelId: MODEL });
  }
  // They wait in the review queue like the app's own suggestions.
  await page.goto(`/#/p/${projectId}/review`);
  await expect(page.getByTestId('review-count-needs-review')).toContainText('8');
});
