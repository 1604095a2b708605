import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { SYNTHETIC_IMAGE_SIZE, SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import { createProject } from './support/app';
import { solidPng } from './support/images';
import { hostModel } from './support/model-host';

const COUNT = 12;

/** Per image of the project: its review status and how many model answers it holds. */
async function answers(
  page: Page,
  projectId: string,
): Promise<{ status: string; answers: number }[]> {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'annotations']);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          const annotations = tx.objectStore('annotations').index('projectId').getAll(id);
          tx.oncomplete = () => {
            open.result.close();
            const byId = new Map(
              (annotations.result as { imageId: string; answers: unknown[] }[]).map((a) => [
                a.imageId,
                a.answers.length,
              ]),
            );
            resolve(
              (images.result as { id: string; status: string }[]).map((i) => ({
                status: i.status,
                answers: byId.get(i.id) ?? 0,
              })),
            );
          };
        };
      }),
    projectId,
  );
}

test('the browser closed in the middle of a batch: the database is consistent and the job resumes exactly', async ({
  baseURL,
}) => {
  test.setTimeout(240_000);
  const detect = SYNTHETIC_SCRIPTS.find((s) => s.name === 'detect')!;
  const modelFolder = await ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({ scripts: [{ text: detect.script }] }),
  });
  const profile = await mkdtemp(join(tmpdir(), 'annota-batch-profile-'));
  const folder = join(await mkdtemp(join(tmpdir(), 'annota-batch-crash-')), 'shelf');
  await mkdir(folder);
  for (let i = 0; i < COUNT; i++)
    await writeFile(
      join(folder, `shelf-${String(i).padStart(2, '0')}.png`),
      await solidPng(SYNTHETIC_IMAGE_SIZE.width, SYNTHETIC_IMAGE_SIZE.height, [190 + i, 200, 190]),
    );
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
      baseURL,
    });
    await hostModel(context, modelFolder);
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  };

  let { context, page } = await launch();
  const projectId = await createProject(page, 'Closed mid-batch');
  await page.getByTestId('import-folder').setInputFiles(folder);
  await expect
    .poll(async () => (await answers(page, projectId)).length, { timeout: 60_000 })
    .toBe(COUNT);
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(`/#/p/${projectId}`);
  await page.getByTestId('open-batch').click();
  await page.getByTestId('batch-task').selectOption('detect');
  await page.getByTestId('batch-labels').fill('cat, person');
  await page.getByTestId('batch-start').click();
  await expect
    .poll(async () => Number(await page.getByTestId('batch-done').textContent()), {
      timeout: 120_000,
    })
    .toBeGreaterThanOrEqual(2);
  await context.close();

  ({ context, page } = await launch());
  await page.goto(`/#/p/${projectId}`);
  const before = await answers(page, projectId);
  // Every image is either untouched or fully answered: never half-written.
  expect(
    before.every(
      (s) => (s.status === 'new' && s.answers === 0) || (s.status !== 'new' && s.answers === 1),
    ),
  ).toBe(true);
  const done = before.filter((s) => s.answers === 1).length;
  expect(done).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('resume-banner')).toContainText(`of ${COUNT} images`);
  await page.getByTestId('resume-banner-link').click();
  const job = page.getByTestId('batch-job');
  await job.getByTestId('job-resume').click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(job.getByTestId('job-counts')).toContainText(
    `${COUNT} done, 0 failed, 0 skipped of ${COUNT}`,
  );
  expect((await answers(page, projectId)).map((s) => s.answers)).toEqual(Array(COUNT).fill(1));
  await context.close();
});
