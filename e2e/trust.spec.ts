import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { createProject } from './support/app';
import { distinctPngs } from './support/images';
import { setClasses } from './support/schema';

/**
 * Trust: bad input is refused by name and writes nothing; tabs and failed saves lose nothing;
 * old tabs after an update get words and a Reload, never a blank page.
 */

test.use({ viewport: { width: 1600, height: 1000 } });

interface StoredRecord {
  imageId: string;
  regions: { label: string; shape: { kind: string }; attributes: Record<string, unknown> }[];
  caption: { text: string } | null;
  revision?: number;
}

async function storedRecords(page: Page): Promise<StoredRecord[]> {
  return page.evaluate(
    () =>
      new Promise<StoredRecord[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('annotations').objectStore('annotations').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as StoredRecord[]);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

async function projectWithImages(page: Page, name: string, count = 1): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'annota-trust-'));
  const pngs = await distinctPngs(count, 64);
  const paths: string[] = [];
  for (const [i, png] of pngs.entries()) {
    const path = join(dir, `img-${i}.png`);
    await writeFile(path, png);
    paths.push(path);
  }
  const projectId = await createProject(page, name);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles(paths);
  await expect(page.getByTestId('thumb')).toHaveCount(count);
  return projectId;
}

async function openFirstImage(page: Page): Promise<void> {
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute(
    'data-renderer',
    /webgl|webgpu|canvas/,
  );
}

async function drawBox(page: Page, at: number): Promise<void> {
  const canvas = page.getByTestId('editor-canvas');
  const r = (await canvas.boundingBox())!;
  // By key, like a labeler: a read-only tab must ignore this as well as the drag.
  await page.keyboard.press('w');
  await page.mouse.move(r.x + r.width / 2 - 40 + at, r.y + r.height / 2 - 40);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + at, r.y + r.height / 2, { steps: 4 });
  await page.mouse.up();
}

const saved = (page: Page) =>
  expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

test('row 1: a JSONL record with a shape the app cannot draw is refused by line and field; nothing is written', async ({
  page,
}) => {
  await projectWithImages(page, 'Refuse');
  const record = {
    file_name: 'img-0.png',
    regions: [],
    annota: {
      version: 1,
      image: {},
      annotations: {
        imageId: 'x',
        projectId: 'y',
        regions: [
          {
            id: 'r',
            shape: { kind: 'circle' },
            classId: null,
            label: 'c',
            attributes: {},
            note: '',
            hidden: false,
            locked: false,
            provenance: { source: 'human', author: '', createdAt: 1 },
            state: 'accepted',
            updatedAt: 1,
            updatedBy: '',
          },
        ],
        caption: null,
        tags: [],
        ocr: [],
        fields: null,
        answers: [],
        updatedAt: 1,
      },
    },
  };
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'bad.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(`{"file_name":"img-0.png","regions":[]}\n${JSON.stringify(record)}\n`),
  });
  await expect(dialog.getByTestId('annotation-import-error')).toContainText(
    'bad.jsonl:2 annota.annotations.regions[0].shape.kind',
  );
  await expect(dialog.getByTestId('annotation-import-apply')).toBeDisabled();
  expect(await storedRecords(page)).toEqual([]);
});

test('row 4: a large JSONL import is read line by line with bytes and records shown, and imports', async ({
  page,
}) => {
  await projectWithImages(page, 'Big import');
  // 40,000 lines (≈3 MB) for images this project lacks, and one for its image.
  const other = Array.from({ length: 40_000 }, (_, i) =>
    JSON.stringify({ file_name: `elsewhere/${i}.png`, regions: [] }),
  );
  const mine = JSON.stringify({
    file_name: 'img-0.png',
    regions: [{ label: 'car', bbox: [1, 2, 10, 10] }],
  });
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'big.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from([...other, mine].join('\n')),
  });
  await expect(dialog.getByTestId('annotation-import-reading')).toContainText(
    /Read [\d.]+ MB · 40,001 records/,
  );
  await expect(dialog.getByTestId('annotation-import-unmatched')).toContainText('40,000 entries');
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toBeVisible();
  expect((await storedRecords(page))[0]!.regions).toHaveLength(1);
});

function backup(project: unknown, image: Record<string, unknown>, path: string): Buffer {
  const line = {
    image_id: image.id,
    file_name: path,
    regions: [],
    annota: { version: 1, image, annotations: null },
  };
  return Buffer.from(
    zipSync({
      'project.json': strToU8(JSON.stringify({ format: 'annota-backup', version: 1, project })),
      'annotations.jsonl': strToU8(JSON.stringify(line) + '\n'),
      [`images/${path}`]: new Uint8Array([1]),
    }),
  );
}

test('rows 3, 6, 9: backups with a path outside the folder, a colour carrying CSS or a broken schema are refused and nothing is stored', async ({
  page,
}) => {
  await page.goto('/');
  const project = {
    id: '22222222-2222-4222-8222-222222222222',
    name: 'Evil',
    schema: { classes: [], tagVocabulary: [], captionLanguage: 'en', fields: [] },
    reviewThreshold: 0.8,
    createdAt: 1,
    updatedAt: 1,
  };
  const image = (relativePath: string) => ({
    id: '11111111-1111-4111-8111-111111111111',
    projectId: project.id,
    fileName: 'evil.png',
    relativePath,
    mime: 'image/png',
    byteSize: 1,
    width: 1,
    height: 1,
    contentHash: 'x',
    status: 'new',
    reviewReasons: [],
    createdAt: 1,
    updatedAt: 1,
  });
  const cases: [Buffer, string][] = [
    [
      backup(project, image('../../../../../home/evil.png'), 'evil.png'),
      'annota.image.relativePath',
    ],
    [
      backup(
        {
          ...project,
          schema: {
            ...project.schema,
            classes: [
              {
                id: 'c',
                name: 'car',
                color: 'red;position:fixed;inset:0',
                hotkey: '',
                attributes: [],
                synonyms: [],
              },
            ],
          },
        },
        image('evil.png'),
        'evil.png',
      ),
      'project.schema.classes[0].color',
    ],
    [
      backup({ ...project, schema: { foo: 1 } }, image('evil.png'), 'evil.png'),
      'project.schema.classes',
    ],
  ];
  for (const [zip, field] of cases) {
    await page
      .getByTestId('restore-backup-file')
      .setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: zip });
    await expect(page.getByTestId('restore-error')).toContainText(field);
  }
  await page.reload();
  await expect(page.getByTestId('project-name')).toBeVisible();
  await expect(page.getByText('Evil')).toHaveCount(0);
});

test('row 2: the second tab on an image is read-only until the first leaves, then edits on top of it; nothing is overwritten', async ({
  page,
  context,
}) => {
  await projectWithImages(page, 'Two tabs');
  await openFirstImage(page);
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('image-open-elsewhere')).toBeVisible();
  await expect(other.locator('.workspace')).toHaveAttribute('data-read-only', 'true');

  await drawBox(page, 0);
  await saved(page);
  // The read-only tab ignores the same gesture.
  await drawBox(other, 120);
  await expect(other.getByTestId('region-item')).toHaveCount(0);

  await page.getByTestId('back-to-gallery').click();
  await expect(other.getByTestId('image-open-elsewhere')).toBeHidden();
  // It reloaded what the first tab stored, and its own edit goes on top of it.
  await expect(other.getByTestId('region-item')).toHaveCount(1);
  await drawBox(other, 120);
  await saved(other);
  const [record] = await storedRecords(other);
  expect(record!.regions).toHaveLength(2);
});

test('row 10: a caption, a region attribute and an image field typed and left focused are saved while typing and survive a reload', async ({
  page,
}) => {
  const projectId = await projectWithImages(page, 'Caption');
  await setClasses(
    page,
    projectId,
    [
      {
        id: 'car',
        name: 'car',
        color: '#e6194b',
        hotkey: '1',
        attributes: [{ name: 'plate', type: 'text' }],
      },
    ],
    { fields: [{ name: 'shelf', type: 'string' }] },
  );
  await page.reload();
  await openFirstImage(page);
  await page.getByTestId('caption').click();
  await page.keyboard.type('a red bicycle');
  // Still focused: the header must not claim "saved" before it is.
  await expect(page.getByTestId('caption')).toBeFocused();
  await saved(page);
  await page.reload();
  await expect(page.getByTestId('caption')).toHaveValue('a red bicycle');

  await page.getByTestId('field-input').click();
  await page.keyboard.type('B-12');
  await expect(page.getByTestId('field-input')).toBeFocused();
  await saved(page);
  // Back to the canvas (keys go to the field while it has focus), then a box labelled car.
  await page.getByTestId('editor-canvas').click();
  await drawBox(page, 0);
  await page.keyboard.press('1');
  const plate = page.getByTestId('region-attribute');
  await plate.click();
  await page.keyboard.type('京A 12345');
  await expect(plate).toBeFocused();
  await saved(page);
  await page.reload();
  await expect(page.getByTestId('field-input')).toHaveValue('B-12');
  const [record] = await storedRecords(page);
  expect(record!.regions[0]).toMatchObject({ label: 'car', attributes: { plate: '京A 12345' } });
});

test('row 5: leaving after a failed save is held with a prompt; staying and retrying keeps the edit', async ({
  page,
}) => {
  await projectWithImages(page, 'Quota');
  await openFirstImage(page);
  // The disk is full: every write of annotations fails like a real quota error.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    (window as unknown as { restorePut: () => void }).restorePut = () => {
      IDBObjectStore.prototype.put = put;
    };
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args) {
      if (this.name === 'annotations') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args as Parameters<typeof put>);
    };
  });
  await drawBox(page, 0);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'error');
  const here = page.url();
  await page.getByTestId('back-to-gallery').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  expect(page.url()).toBe(here);
  // Stay: space is freed, the retry stores the edit, and leaving is free again.
  await page.evaluate(() => (window as unknown as { restorePut: () => void }).restorePut());
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  await saved(page);
  expect((await storedRecords(page))[0]!.regions).toHaveLength(1);
  await page.getByTestId('back-to-gallery').click();
  await expect(page.getByTestId('thumb')).toHaveCount(1);
});

test('row 5: reloading with an unsaved edit asks first (beforeunload)', async ({ page }) => {
  await projectWithImages(page, 'Unload');
  await openFirstImage(page);
  await page.getByTestId('caption').click();
  await page.keyboard.type('x');
  const dialog = page.waitForEvent('dialog');
  // Renderer-initiated, like the reload button or a typed URL (a CDP reload skips beforeunload).
  void page.evaluate(() => location.reload()).catch(() => undefined);
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.dismiss();
});

test('row 11: an old tab whose page code is gone reloads once, then shows Reload instead of a blank page', async ({
  page,
}) => {
  await projectWithImages(page, 'Old tab');
  let loads = 0;
  page.on('load', () => loads++);
  // The host was updated: the image page's chunk of this build no longer exists.
  await page.route(/\/assets\/ImageView-[^/]+\.js$/, (route) => route.fulfill({ status: 404 }));
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('route-load-failed')).toBeVisible();
  await expect(page.getByTestId('route-reload')).toBeVisible();
  expect(loads).toBe(1);
});

test('row 14: a denied persistent-storage request is said in words, not only in a tooltip', async ({
  page,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator.storage, 'persist', { value: async () => false });
    Object.defineProperty(navigator.storage, 'persisted', { value: async () => false });
  });
  await page.goto('/');
  await expect(page.getByTestId('storage-not-persisted')).toContainText(
    'the browser may delete your projects',
  );
});

test('row 11: an old build facing a database a newer Annota upgraded says so in words, offers Reload and loses nothing', async ({
  page,
}) => {
  await projectWithImages(page, 'Upgraded later');
  // A newer Annota in another tab upgrades the database: this tab lets go of it and says why.
  const version = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('annota', 99);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          open.result.close();
          resolve(open.result.version);
        };
      }),
  );
  expect(version).toBe(99);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Annota was updated in another tab' }),
  ).toBeVisible();
  await page.reload();
  const notice = page.getByTestId('db-newer');
  await expect(notice).toContainText('a newer version upgraded the database');
  await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();
  // Nothing was lost or rolled back: the project and its image are still in the database.
  const counts = await page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['projects', 'images']);
          const projects = tx.objectStore('projects').count();
          const images = tx.objectStore('images').count();
          tx.oncomplete = () => {
            open.result.close();
            resolve([open.result.version, projects.result, images.result]);
          };
        };
      }),
  );
  expect(counts).toEqual([99, 1, 1]);
});
