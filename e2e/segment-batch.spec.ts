import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { referenceMask } from '../models-manifest/synthetic-sam/reference-mask';
import { ensureSyntheticSam } from '../models-manifest/synthetic-sam/ensure';
import { DEFAULT_SEGMENT_MODEL } from '../src/model/models';
import { maskIoU, rasterizeRings } from '../src/segment';
import { createProject } from './support/app';
import { hostModel } from './support/model-host';

/**
 * "Outline boxes" over a project as a resumable job: boxes imported from a JSONL file on real
 * photos, the job started on the batch page, the page reloaded in the middle of the run, the job
 * resumed — and from IndexedDB, every box became one polygon around its object, exactly once.
 */
const PHOTO = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'qwen3vl-answers',
  'images',
  'spatio_case1.jpg',
);
/**
 * Copies of the photo, each a distinct file (one corner pixel differs): the job's images. Three
 * are enough to reload after the first and leave two to resume: each costs an image encode.
 */
const COUNT = 3;
/** Boxes around two uniform objects of the photo (640 × 480): the TV screen and the window pane. */
const BOXES = [
  { centre: { x: 160, y: 387 }, half: 40 },
  { centre: { x: 427, y: 233 }, half: 30 },
];

interface StoredRegion {
  label: string;
  shape: { kind: string; points?: number[]; holes?: number[][] };
}
interface Stored {
  regions: Record<string, { revision: number; regions: StoredRegion[] }>;
  jobs: {
    kind: string;
    status: string;
    outlined: number;
    counts: { done: number; failed: number };
  }[];
}

/** The project's annotations (by file name) and its outline jobs, straight from IndexedDB. */
async function stored(page: Page, projectId: string): Promise<Stored> {
  return page.evaluate(
    (id) =>
      new Promise<Stored>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'annotations', 'jobs']);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          const annotations = tx.objectStore('annotations').index('projectId').getAll(id);
          const jobs = tx.objectStore('jobs').index('projectId').getAll(id);
          tx.oncomplete = () => {
            open.result.close();
            const names = new Map(
              (images.result as { id: string; fileName: string }[]).map((i) => [i.id, i.fileName]),
            );
            resolve({
              regions: Object.fromEntries(
                (
                  annotations.result as {
                    imageId: string;
                    revision: number;
                    regions: StoredRegion[];
                  }[]
                ).map((a) => [names.get(a.imageId)!, { revision: a.revision, regions: a.regions }]),
              ),
              jobs: (jobs.result as Stored['jobs']).filter((j) => j.kind === 'outline'),
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    projectId,
  );
}

test('Outline boxes over a project: reloaded mid-run, resumed, every box outlined exactly once', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await hostModel(page, await ensureSyntheticSam(), { modelId: DEFAULT_SEGMENT_MODEL.id });
  const decoded = await sharp(await readFile(PHOTO))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = decoded.info;
  const dir = await mkdtemp(join(tmpdir(), 'annota-segment-batch-'));
  const files: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const data = Buffer.from(decoded.data);
    data[0] = i;
    const file = join(dir, `photo-${i}.png`);
    await writeFile(file, await sharp(data, { raw: { width, height, channels } }).png().toBuffer());
    files.push(file);
  }
  const pixels = { width, height, channels, data: decoded.data };

  const projectId = await createProject(page, 'Outline');
  await page.getByTestId('import-files').setInputFiles(files);
  await expect(page.getByTestId('thumb')).toHaveCount(COUNT);
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'boxes.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(
      files
        .map((_, i) =>
          JSON.stringify({
            file_name: `photo-${i}.png`,
            regions: BOXES.map(({ centre, half }) => ({
              label: 'object',
              bbox: [centre.x - half, centre.y - half, 2 * half, 2 * half],
            })),
          }),
        )
        .join('\n'),
    ),
  });
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toContainText(
    `${2 * COUNT} regions on ${COUNT} images`,
  );
  await dialog.getByTestId('annotation-import-close').click();
  const imported = await stored(page, projectId);

  // WebAssembly, the device every CI browser has; the job loads the model with these settings.
  await page.goto('/#/model');
  await page
    .getByTestId('segment-model-panel')
    .getByTestId('segment-device-select')
    .selectOption('wasm');
  await page.goto(`/#/p/${projectId}/batch`);
  const outline = page.getByTestId('outline-batch');
  await expect(outline.getByTestId('outline-batch-no-model')).toBeVisible();
  await outline.getByTestId('outline-batch-start').click();
  const progress = outline.getByTestId('outline-progress');
  // The model loads first (the worker, its runtime and the files): slow on a busy CI machine.
  await expect(progress).toHaveAttribute('data-total', String(COUNT), { timeout: 120_000 });
  // Watched on every frame, so the reload comes right after the first image, not a poll later.
  await page.waitForFunction(
    () =>
      Number(
        document.querySelector('[data-testid="outline-progress"]')?.getAttribute('data-done'),
      ) >= 1,
    undefined,
    { timeout: 120_000 },
  );

  // The page goes away in the middle of the run: what was stored is whole images only.
  await page.reload();
  const mid = await stored(page, projectId);
  expect(mid.jobs).toHaveLength(1);
  expect(mid.jobs[0]!.status).toBe('running');
  const doneBefore = mid.jobs[0]!.counts.done;
  expect(doneBefore).toBeGreaterThanOrEqual(1);
  expect(doneBefore).toBeLessThan(COUNT);
  const kinds = Object.values(mid.regions).map((a) => a.regions.map((r) => r.shape.kind).join());
  expect(kinds.filter((k) => k === 'polygon,polygon')).toHaveLength(doneBefore);
  expect(kinds.filter((k) => k === 'box,box')).toHaveLength(COUNT - doneBefore);
  expect(mid.jobs[0]!.outlined).toBe(2 * doneBefore);

  const job = outline.getByTestId('outline-job');
  await expect(job).toHaveAttribute('data-status', 'interrupted');
  await job.getByTestId('outline-job-resume').click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(job.getByTestId('outline-job-counts')).toContainText(
    `${COUNT} done, 0 failed of ${COUNT} images · ${2 * COUNT} boxes outlined`,
  );

  const end = await stored(page, projectId);
  expect(end.jobs).toMatchObject([
    { status: 'done', outlined: 2 * COUNT, counts: { done: COUNT, failed: 0 } },
  ]);
  expect(Object.keys(end.regions).sort()).toEqual(files.map((_, i) => `photo-${i}.png`));
  for (const [name, record] of Object.entries(end.regions)) {
    // One write per image after the import's: no image was outlined twice.
    expect(record.revision, name).toBe(imported.regions[name]!.revision + 1);
    expect(
      record.regions.map((r) => `${r.label}:${r.shape.kind}`),
      name,
    ).toEqual(['object:polygon', 'object:polygon']);
  }
  // Each outline covers its object: against the colour rule's independent reference.
  for (const [i, { centre, half }] of BOXES.entries()) {
    const shape = end.regions['photo-0.png']!.regions[i]!.shape;
    const outlineMask = rasterizeRings([shape.points!, ...(shape.holes ?? [])], { width, height });
    const box = { x: centre.x - half, y: centre.y - half, width: 2 * half, height: 2 * half };
    const reference = referenceMask(pixels, [centre], box);
    expect(maskIoU({ data: outlineMask.data }, { data: reference })).toBeGreaterThanOrEqual(0.5);
  }
  expect(errors).toEqual([]);
});
