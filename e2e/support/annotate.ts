import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { ensureSyntheticModel } from '../../models-manifest/synthetic/ensure-model';
import { qwen3Encoder } from '../../models-manifest/synthetic/generate';
import { parseSpec } from '../../models-manifest/synthetic/script-spec';
import {
  SYNTHETIC_IMAGE_SIZE,
  syntheticSpec,
  type ExpectedRegion,
} from '../../models-manifest/synthetic/task-scripts';
import { createProject } from './app';
import { solidPng } from './images';

/** A long answer without repetition, so cancelling can catch it mid-generation. */
export const STORY = Array.from({ length: 400 }, (_, i) => `${i + 1}`).join(' ');

/** Markup a hostile or confused model might answer with: it must only ever be shown as text. */
export const HOSTILE_ANSWER =
  '<img src=x onerror="window.__xss=2"><script>window.__xss=3</script> done';

/**
 * The synthetic model scripted for every task of models-manifest/synthetic/task-scripts.ts, plus a long
 * story (a custom prompt with "story") and a hostile answer (a custom prompt with "HTML").
 */
export async function ensureTaskModel(): Promise<string> {
  const spec = syntheticSpec(await qwen3Encoder(), ['story', 'HTML']);
  return ensureSyntheticModel({
    dims: 'tiny',
    spec: parseSpec({
      scripts: [
        { text: STORY, when: { trigger: 'story' } },
        { text: HOSTILE_ANSWER, when: { trigger: 'HTML' } },
        ...spec.scripts,
      ],
    }),
  });
}

export interface StoredRegion {
  label: string;
  state: string;
  shape: {
    kind: string;
    box?: { x: number; y: number; w: number; h: number };
    point?: { x: number; y: number };
  };
  provenance: { source: string; confidence?: number; task?: string };
  updatedBy: string;
}

export interface Stored {
  regions: StoredRegion[];
  caption: { text: string; state: string } | null;
  tags: { value: string; state: string }[];
  ocr: { text: string; state: string }[];
  fields: { values: Record<string, unknown>; state: string } | null;
  status: string;
  reasons: string[];
}

export async function storedAnnotations(page: Page, imageId: string): Promise<Stored> {
  return page.evaluate(
    (id) =>
      new Promise<Stored>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['annotations', 'images']);
          const a = tx.objectStore('annotations').get(id);
          const i = tx.objectStore('images').get(id);
          tx.oncomplete = () => {
            open.result.close();
            const ann = a.result ?? { regions: [], caption: null, tags: [], ocr: [], fields: null };
            resolve({ ...ann, status: i.result.status, reasons: i.result.reviewReasons });
          };
        };
      }),
    imageId,
  );
}

export function expectRegions(actual: StoredRegion[], expected: readonly ExpectedRegion[]) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, want] of expected.entries()) {
    const got = actual[i]!;
    expect(got.label).toBe(want.label);
    const shape = want.box ? got.shape.box! : got.shape.point!;
    for (const [key, value] of Object.entries(want.box ?? want.point!))
      expect(
        Math.abs((shape as Record<string, number>)[key]! - value),
        `${want.label}.${key}`,
      ).toBeLessThanOrEqual(1);
  }
}

export async function openImageWithModel(page: Page): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'annota-ai-'));
  const file = join(dir, 'shelf.png');
  await writeFile(
    file,
    await solidPng(SYNTHETIC_IMAGE_SIZE.width, SYNTHETIC_IMAGE_SIZE.height, [200, 200, 190]),
  );
  await createProject(page, 'AI tasks');
  await page.getByTestId('import-files').setInputFiles(file);
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  // The model runs on WebAssembly here: fastest for the tiny model on CI's CPUs.
  const gallery = page.url();
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(gallery);
  await page.getByTestId('thumb').click();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  return decodeURIComponent(/\/i\/([^/]+)$/.exec(page.url())![1]!);
}

export async function runTask(page: Page, task: string, setup?: () => Promise<void>) {
  await page.getByTestId('task-select').selectOption(task);
  await setup?.();
  await page.getByTestId('run-task').click();
  // A wait, not a timing check: a loaded 2-core machine may take minutes per answer.
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 300_000 });
}

/** The OCR outline colour (src/render/shape-paint.ts OCR_COLOR), as the editor draws it. */
const OCR_RGB = [0x08, 0x91, 0xb2] as const;

/** How many pixels of the editor's canvas show the OCR outline colour. */
export async function ocrOutlinePixels(page: Page): Promise<number> {
  const png = await page.getByTestId('editor-canvas').screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const d =
      Math.abs(data[i]! - OCR_RGB[0]) +
      Math.abs(data[i + 1]! - OCR_RGB[1]) +
      Math.abs(data[i + 2]! - OCR_RGB[2]);
    if (d < 60) count += 1;
  }
  return count;
}
