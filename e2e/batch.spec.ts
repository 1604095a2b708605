import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import { createProject } from './support/app';
import { solidPng } from './support/images';
import { hostModel } from './support/model-host';

const script = (name: string) => SYNTHETIC_SCRIPTS.find((s) => s.name === name)!;

let modelFolder: string;
let imageFolder: string;

/**
 * Twelve images in three folders, four per generation: three groups, so the reload lands mid-run
 * with a whole group still to do. 256 × 256 is the processor's smallest input (64 image tokens):
 * nothing here depends on the size, and a smaller prefill keeps the run short.
 */
const FOLDERS = { shelf: 6, dark: 2, pets: 4 } as const;
const TOTAL = FOLDERS.shelf + FOLDERS.dark + FOLDERS.pets;
const SIZE = 256;

/**
 * The synthetic model answers by image and prompt: a dark image gets an unparseable answer, a prompt
 * for "dog" a low-confidence box, anything else the cat-and-person detection.
 */
test.beforeAll(async () => {
  modelFolder = await ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({
      scripts: [
        { text: script('detect-unparseable').script, when: { image: 'dark' } },
        { text: script('detect-low-confidence').script, when: { trigger: 'dog' } },
        { text: script('detect').script },
      ],
    }),
  });
  imageFolder = join(await mkdtemp(join(tmpdir(), 'annota-batch-')), 'photos');
  const groups: [string, number, (i: number) => [number, number, number]][] = [
    ['shelf', FOLDERS.shelf, (i) => [200 + i, 200, 190]],
    ['dark', FOLDERS.dark, (i) => [20 + i, 20, 20]],
    ['pets', FOLDERS.pets, (i) => [180, 200 + i, 190]],
  ];
  for (const [folder, count, colour] of groups) {
    await mkdir(join(imageFolder, folder), { recursive: true });
    for (let i = 0; i < count; i++)
      await writeFile(
        join(imageFolder, folder, `${folder}-${String(i + 1).padStart(2, '0')}.png`),
        await solidPng(SIZE, SIZE, colour(i)),
      );
  }
});

interface StoredState {
  path: string;
  status: string;
  reasons: string[];
  answers: number;
  regions: { label: string; state: string; updatedBy: string }[];
}

async function stored(page: Page, projectId: string): Promise<StoredState[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredState[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'annotations']);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          const annotations = tx.objectStore('annotations').index('projectId').getAll(id);
          tx.oncomplete = () => {
            open.result.close();
            type A = { imageId: string; answers: unknown[]; regions: StoredState['regions'] };
            const byId = new Map((annotations.result as A[]).map((a) => [a.imageId, a]));
            resolve(
              (
                images.result as {
                  id: string;
                  relativePath: string;
                  status: string;
                  reviewReasons: string[];
                }[]
              ).map((i) => ({
                path: i.relativePath,
                status: i.status,
                reasons: i.reviewReasons,
                answers: byId.get(i.id)?.answers.length ?? 0,
                regions: (byId.get(i.id)?.regions ?? []).map((r) => ({
                  label: r.label,
                  state: r.state,
                  updatedBy: r.updatedBy,
                })),
              })),
            );
          };
        };
      }),
    projectId,
  );
}

const inFolder = (all: StoredState[], folder: string) =>
  all.filter((s) => s.path.includes(`/${folder}/`));

test('a batch survives a reload, feeds the review queue, and the quality report counts the decisions', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await hostModel(page, modelFolder);
  const projectId = await createProject(page, 'Batch');
  await page.getByTestId('import-folder').setInputFiles(imageFolder);
  // The gallery renders only the thumbnails in view: count what was stored.
  await expect
    .poll(async () => (await stored(page, projectId)).length, { timeout: 60_000 })
    .toBe(TOTAL);

  // The tiny model runs fastest on WebAssembly on CI's CPUs.
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(`/#/p/${projectId}`);
  await page.getByTestId('open-batch').click();

  await page.getByTestId('batch-task').selectOption('detect');
  await page.getByTestId('batch-labels').fill('cat, person');
  // Four images per generation (batched decoding); the setting stays for the resume.
  await page.getByTestId('batch-images-at-once').selectOption('4');
  await expect(page.getByTestId('batch-start')).toHaveText(`Run on ${TOTAL} images`);
  await page.getByTestId('batch-start').click();
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  await page.getByTestId('batch-watch').locator('summary').click();
  // The first group's prefill comes first: a wait, room for a loaded machine.
  await expect(page.getByTestId('batch-stream')).not.toBeEmpty({ timeout: 90_000 });
  // Polled often: the reload must come while a group of four is still to do.
  await expect
    .poll(async () => Number(await page.getByTestId('batch-done').textContent()), {
      timeout: 120_000,
      intervals: [100],
    })
    .toBeGreaterThanOrEqual(4);

  // Reload mid-run: the job is interrupted, and the project page offers to resume it.
  await page.reload();
  await page.goto(`/#/p/${projectId}`);
  await expect(page.getByTestId('resume-banner')).toContainText(`of ${TOTAL} images`);
  const before = await stored(page, projectId);
  const doneBefore = before.filter((s) => s.status !== 'new').length;
  expect(doneBefore).toBeGreaterThanOrEqual(4);
  expect(doneBefore).toBeLessThan(TOTAL);
  await page.getByTestId('resume-banner-link').click();
  const job = page.getByTestId('batch-job');
  await expect(job).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('batch-images-at-once')).toHaveValue('4');
  await job.getByTestId('job-resume').click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(job.getByTestId('job-counts')).toContainText(
    `${TOTAL} done, 0 failed, 0 skipped of ${TOTAL}`,
  );

  let all = await stored(page, projectId);
  // Every image answered exactly once: none done twice, none skipped.
  expect(all.map((s) => s.answers)).toEqual(Array(TOTAL).fill(1));
  expect(inFolder(all, 'dark')).toHaveLength(FOLDERS.dark);
  expect(inFolder(all, 'dark').every((s) => s.status === 'needs-review')).toBe(true);
  expect(inFolder(all, 'dark')[0]!.reasons).toEqual(['unparseable-output', 'empty-result']);
  expect(all.filter((s) => s.status === 'pre-annotated')).toHaveLength(
    FOLDERS.shelf + FOLDERS.pets,
  );

  // A second batch over one folder: the dog prompt gets low-confidence boxes.
  await page.getByTestId('batch-task').selectOption('detect');
  await page.getByTestId('batch-labels').fill('dog');
  await page.getByTestId('scope-filter').check();
  const pets = page.getByTestId('batch-folder').locator('option', { hasText: /\/pets$/ });
  await page.getByTestId('batch-folder').selectOption((await pets.getAttribute('value'))!);
  await expect(page.getByTestId('batch-start')).toHaveText(`Run on ${FOLDERS.pets} images`);
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('batch-job')).toHaveCount(2);
  await expect(page.getByTestId('batch-job').first()).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  all = await stored(page, projectId);
  expect(inFolder(all, 'pets')).toHaveLength(FOLDERS.pets);
  for (const s of inFolder(all, 'pets'))
    expect(s).toMatchObject({ status: 'needs-review', reasons: ['low-confidence'] });

  // Review with the keyboard: least confident first (the unreadable answers, then the dogs).
  await page.goto(`/#/p/${projectId}/review`);
  await page.getByTestId('review-user').fill('Ann');
  await page.getByTestId('review-user-save').click();
  const count = (status: string) => page.getByTestId(`review-count-${status}`).locator('strong');
  await expect(count('needs-review')).toHaveText('6');
  const current = page.getByTestId('review-current');
  const decide = async (key: string, expectFolder: string) => {
    await expect(current).toContainText(`/${expectFolder}/`);
    const id = await current.getAttribute('data-image');
    await page.keyboard.press(key);
    await expect(current).not.toHaveAttribute('data-image', id!);
  };
  await expect(
    page.getByTestId('review-reasons').locator('[data-reason="unparseable-output"]'),
  ).toBeVisible();
  for (let i = 0; i < 2; i++) await decide('r', 'dark');
  await expect(
    page.getByTestId('review-reasons').locator('[data-reason="low-confidence"]'),
  ).toBeVisible();
  await expect(page.getByTestId('review-confidence')).toContainText('0.4');
  for (let i = 0; i < 2; i++) await decide('a', 'pets');
  await decide('r', 'pets');
  await decide('j', 'pets');
  await decide('a', 'shelf');
  await expect(count('accepted')).toHaveText('3');

  // The 5 confident images left are accepted in one go.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('bulk-threshold').fill('0.9');
  await expect(page.getByTestId('bulk-accept')).toHaveText('Accept 5 images');
  await page.getByTestId('bulk-accept').click();
  await expect(count('accepted')).toHaveText('8');
  await expect(count('rejected')).toHaveText('3');
  await expect(count('needs-review')).toHaveText('1');

  all = await stored(page, projectId);
  const accepted = all.flatMap((s) => s.regions).filter((r) => r.state === 'accepted');
  // The dog run merged into the pets' cat-and-person suggestions instead of replacing them
  // (issue 15 item 6): 6 shelf images × 2 + 2 accepted pets × 3 = 18.
  expect(accepted).toHaveLength(18);
  expect(accepted.every((r) => r.updatedBy === 'Ann')).toBe(true);

  await page.goto(`/#/p/${projectId}/quality`);
  await expect(page.getByTestId('outcome-accepted-unchanged')).toHaveText('18');
  // The rejected and the skipped pets image each hold cat, person and dog.
  await expect(page.getByTestId('outcome-rejected')).toHaveText('3');
  await expect(page.getByTestId('outcome-pending')).toHaveText('3');
  await expect(page.getByTestId('outcome-edited')).toHaveText('0');
  await expect(page.getByTestId('metric-reviewed')).toHaveText('11');
  await expect(page.getByTestId('metric-box-iou')).toHaveText('1.000');
  await expect(page.getByTestId('agreement-model').getByTestId('agreement-iou')).toContainText(
    '1.000',
  );
  await expect(page.getByTestId('quality-chart')).toHaveCount(3);
  await expect(page.getByTestId('reviewers')).toContainText('Ann (11)');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = await readFile(await (await download).path(), 'utf8');
  expect(csv).toContain('outcome,accepted-unchanged,18');
});
