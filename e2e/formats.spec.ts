import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import type {
  ImageAnnotations,
  ImageItem,
  Project,
  Provenance,
  Region,
  RegionShape,
} from '../src/domain';
import { createProject } from './support/app';
import { solidPng } from './support/images';

/** Everything the app stored for one project, read straight from IndexedDB. */
interface StoredProject {
  project: Project;
  images: ImageItem[];
  annotations: ImageAnnotations[];
}

function readProject(page: Page, projectId: string): Promise<StoredProject> {
  return page.evaluate(
    (id) =>
      new Promise<StoredProject>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['projects', 'images', 'annotations']);
          const out: Partial<StoredProject> = {};
          const project = tx.objectStore('projects').get(id);
          project.onsuccess = () => (out.project = project.result as Project);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          images.onsuccess = () => (out.images = images.result as ImageItem[]);
          const annotations = tx.objectStore('annotations').index('projectId').getAll(id);
          annotations.onsuccess = () =>
            (out.annotations = annotations.result as ImageAnnotations[]);
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            db.close();
            resolve(out as StoredProject);
          };
        };
      }),
    projectId,
  );
}

/** Labels a project's images by writing records as the editor would: accepted, made by a person. */
function seed(page: Page, annotations: ImageAnnotations[], accepted: string[]): Promise<void> {
  // Plain JSON for the page: Playwright's argument typing cannot walk the nested record types.
  const records = JSON.parse(JSON.stringify(annotations)) as unknown[];
  return page.evaluate(
    ({ records, accepted }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['annotations', 'images'], 'readwrite');
          for (const r of records) tx.objectStore('annotations').put(r);
          for (const id of accepted) {
            const get = tx.objectStore('images').get(id);
            get.onsuccess = () =>
              tx.objectStore('images').put({ ...get.result, status: 'accepted' });
          }
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
        };
      }),
    { records, accepted },
  );
}

const NOW = 1_700_000_000_000;
const BY: Provenance = { source: 'human', author: 'Ann', createdAt: NOW };
const tracked = { provenance: BY, state: 'accepted' as const, updatedAt: NOW, updatedBy: 'Ann' };

function region(id: string, label: string, shape: RegionShape): Region {
  return {
    id: id as Region['id'],
    shape,
    classId: null,
    label,
    attributes: {},
    note: '',
    hidden: false,
    locked: false,
    ...tracked,
  };
}

function labels(image: ImageItem, index: number): ImageAnnotations {
  const regions =
    index === 0
      ? [
          region('6f1c0f64-0d3e-4a53-9a53-4b2c3f7c0a01', '猫', {
            kind: 'box',
            box: { x: 10.5, y: 20.25, w: 30, h: 15.75 },
          }),
          region('6f1c0f64-0d3e-4a53-9a53-4b2c3f7c0a02', 'car', {
            kind: 'polygon',
            points: [5, 5, 60.5, 8, 40, 44.25],
          }),
        ]
      : [
          region('6f1c0f64-0d3e-4a53-9a53-4b2c3f7c0a03', 'car', {
            kind: 'box',
            box: { x: 1, y: 2, w: 20, h: 30 },
          }),
        ];
  return {
    imageId: image.id,
    projectId: image.projectId,
    regions,
    caption: { text: `Picture ${index + 1}, “quoted”`, language: 'en', ...tracked },
    tags: [
      { value: 'street', dimension: '', ...tracked },
      { value: '夜', dimension: '', ...tracked },
    ],
    ocr: [],
    fields: null,
    answers: [],
    updatedAt: NOW,
  };
}

/** What an export must carry back, per image path: regions by label and geometry, caption, tags. */
function comparable(stored: StoredProject) {
  const pathOf = new Map(stored.images.map((i) => [i.id, i.relativePath]));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const shape = (s: RegionShape) =>
    JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v));
  return Object.fromEntries(
    stored.annotations
      .filter((a) => a.regions.length > 0 || a.caption || a.tags.length > 0)
      .map((a) => [
        pathOf.get(a.imageId),
        {
          regions: a.regions
            .filter((r) => r.state === 'accepted')
            .map((r) => `${r.id} ${r.label} ${shape(r.shape)}`)
            .sort(),
          caption: a.caption?.text ?? null,
          tags: a.tags.map((t) => t.value).sort(),
        },
      ])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

const statuses = (stored: StoredProject) =>
  Object.fromEntries(stored.images.map((i) => [i.relativePath, i.status]).sort());

async function exportZip(page: Page, format: 'coco' | 'jsonl', dir: string): Promise<string> {
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format').selectOption(format);
  await dialog.getByTestId('export-with-images').check();
  const download = page.waitForEvent('download');
  await dialog.getByTestId('export-start').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`Formats-${format}.zip`);
  const path = `${dir}/${file.suggestedFilename()}`;
  await file.saveAs(path);
  await expect(dialog.getByTestId('transfer-done')).toBeVisible();
  await dialog.getByTestId('export-close').click();
  return path;
}

async function deleteProject(page: Page) {
  await page.goto('/');
  await page.getByTestId('delete-project').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('project-row')).toHaveCount(0);
}

async function importAnnotations(page: Page, zip: string) {
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles(zip);
  await expect(dialog.getByTestId('annotation-import-missing')).toContainText('3 images');
  await dialog.getByTestId('annotation-import-add-images').click();
  await expect(dialog.getByTestId('annotation-import-matched')).toContainText('3 entries match');
  await expect(dialog.getByTestId('annotation-import-missing')).toHaveCount(0);
  // Unknown labels come in the file's order (COCO: its categories; JSONL: first appearance).
  await expect(dialog.getByTestId('annotation-import-unknown')).toContainText('car (2)');
  await expect(dialog.getByTestId('annotation-import-unknown')).toContainText('猫 (1)');
  await expect(dialog.getByTestId('annotation-import-add-labels')).toBeChecked();
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toContainText('3 regions on 3 images');
  await dialog.getByTestId('annotation-import-close').click();
}

test.beforeEach(async ({ page }) => {
  // The Blob download is what runs here: the save picker needs a person to answer it.
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
});

test('labels survive COCO and JSONL exports with images into a wiped project, and a backup restores exactly', async ({
  page,
}, testInfo) => {
  const dir = testInfo.outputPath();
  const projectId = await createProject(page, 'Formats');
  await page.getByTestId('import-files').setInputFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: await solidPng(80, 60, [200, 30, 30]) },
    { name: 'b.png', mimeType: 'image/png', buffer: await solidPng(40, 64, [30, 200, 30]) },
    { name: 'never-opened.png', mimeType: 'image/png', buffer: await solidPng(32, 32, [9, 9, 9]) },
  ]);
  await expect(page.getByTestId('report-added')).toContainText('3 images added');

  const images = (await readProject(page, projectId)).images.sort((x, y) =>
    x.relativePath.localeCompare(y.relativePath),
  );
  const labeled = images.filter((i) => i.relativePath !== 'never-opened.png');
  await seed(
    page,
    labeled.map((image, i) => labels(image, i)),
    labeled.map((i) => i.id),
  );
  await page.reload();
  const original = await readProject(page, projectId);
  const expected = comparable(original);
  expect(Object.keys(expected)).toEqual(['a.png', 'b.png']);

  const coco = await exportZip(page, 'coco', dir);
  const jsonl = await exportZip(page, 'jsonl', dir);

  for (const zip of [coco, jsonl]) {
    await deleteProject(page);
    const fresh = await createProject(page, 'Formats');
    await importAnnotations(page, zip);
    const back = await readProject(page, fresh);
    expect(comparable(back), zip).toEqual(expected);
    expect(statuses(back), zip).toEqual(statuses(original));
    expect(back.project.schema.classes.map((c) => c.name).sort()).toEqual(['car', '猫']);
    await expect(page.getByTestId('count-accepted')).toContainText('2');
  }

  // Backup of the re-imported project, wipe, restore: every record comes back as it was.
  const reimported = /#\/p\/([^/]+)/.exec(page.url())![1]!;
  const before = await readProject(page, reimported);
  await page.getByTestId('open-backup').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('backup-start').click();
  const backup = `${dir}/backup.zip`;
  await (await download).saveAs(backup);
  await page.getByTestId('backup-close').click();
  await deleteProject(page);
  await page.getByTestId('restore-backup-file').setInputFiles(backup);
  await expect(page.getByTestId('project-title')).toHaveText('Formats');
  expect(page.url()).toContain(reimported);
  const after = await readProject(page, reimported);
  const byId = <T extends { imageId?: string; id?: string }>(list: T[]) =>
    [...list].sort((x, y) => String(x.imageId ?? x.id).localeCompare(String(y.imageId ?? y.id)));
  expect(after.project).toEqual(before.project);
  expect(byId(after.images)).toEqual(byId(before.images));
  expect(byId(after.annotations)).toEqual(byId(before.annotations));
  await expect(page.getByTestId('thumb')).toHaveCount(3);
});

test('an import names the bad line and field and writes nothing; boxes outside the image are clipped with a warning', async ({
  page,
}) => {
  const projectId = await createProject(page, 'Checks');
  await page
    .getByTestId('import-files')
    .setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: await solidPng(50, 40, [1, 2, 3]) },
    ]);
  await expect(page.getByTestId('report-added')).toContainText('1 image added');
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  const line = (o: unknown) => JSON.stringify(o);
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'bad.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(
      [
        line({ file_name: 'a.png', regions: [{ label: 'cat', bbox: [1, 1, 5, 5] }] }),
        line({ file_name: 'a.png', regions: [{ label: 'cat', bbox: [1, 'x', 5, 5] }] }),
      ].join('\n'),
    ),
  });
  await expect(dialog.getByTestId('annotation-import-error')).toContainText(
    'bad.jsonl:2 regions[0].bbox',
  );
  await expect(dialog.getByTestId('annotation-import-apply')).toBeDisabled();

  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'spill.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(
      [
        line({ file_name: 'a.png', regions: [{ label: 'cat', bbox: [40, 30, 30, 30] }] }),
        line({ file_name: 'elsewhere/z.png', regions: [] }),
      ].join('\n'),
    ),
  });
  await expect(dialog.getByTestId('annotation-import-unmatched')).toContainText('elsewhere/z.png');
  await dialog.getByTestId('annotation-import-warnings').locator('summary').click();
  await expect(dialog.getByTestId('annotation-import-warnings')).toContainText(
    'reached outside the image and was clipped',
  );
  expect((await readProject(page, projectId)).annotations).toEqual([]);
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toContainText('1 region on 1 image');
  const [record] = (await readProject(page, projectId)).annotations;
  expect(record!.regions.map((r) => r.shape)).toEqual([
    { kind: 'box', box: { x: 40, y: 30, w: 10, h: 10 } },
  ]);
});

test('YOLO pose export split into train/val from the dialog; importing it back with Replace says first what goes', async ({
  page,
}, testInfo) => {
  const projectId = await createProject(page, 'Pose');
  const names = ['a.png', 'b.png', 'c.png', 'd.png'];
  await page.getByTestId('import-files').setInputFiles(
    await Promise.all(
      names.map(async (name, i) => ({
        name,
        mimeType: 'image/png',
        // Distinct pixels: identical files would be skipped as duplicates.
        buffer: await solidPng(80, 40, [200, 30 + i, 30]),
      })),
    ),
  );
  await expect(page.getByTestId('report-added')).toContainText('4 images added');
  const images = (await readProject(page, projectId)).images;
  await seed(
    page,
    images.map((image, i) => ({
      ...labels(image, 1),
      regions: [
        region(`6f1c0f64-0d3e-4a53-9a53-4b2c3f7c0b0${i}`, 'car', {
          kind: 'box',
          box: { x: 8, y: 4, w: 16, h: 8 },
        }),
        region(`6f1c0f64-0d3e-4a53-9a53-4b2c3f7c0c0${i}`, 'eye', {
          kind: 'point',
          point: { x: 40, y: 10 },
        }),
      ],
    })),
    images.map((i) => i.id),
  );
  await page.reload();

  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  // The option groups have visible headings.
  await expect(dialog.getByTestId('export-group-images')).toHaveText('Images');
  await expect(dialog.getByTestId('export-group-which')).toBeVisible();
  await dialog.getByTestId('export-format').selectOption('yolo-pose');
  await dialog.getByTestId('export-split').check();
  await dialog.getByTestId('export-val').fill('25');
  await dialog.getByTestId('export-test').fill('0');
  await dialog.getByTestId('export-seed').fill('7');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('export-start').click();
  const zip = testInfo.outputPath('pose.zip');
  await (await download).saveAs(zip);
  await dialog.getByTestId('export-close').click();

  const files = unzipSync(new Uint8Array(await readFile(zip)));
  const text = (path: string) => strFromU8(files[path]!);
  const yaml = text('data.yaml');
  expect(yaml).toContain('train: images/train\nval: images/val\n');
  expect(yaml).toContain('kpt_shape: [1, 3]');
  const labelFiles = Object.keys(files).filter((p) => p.startsWith('labels/'));
  expect(labelFiles.filter((p) => p.startsWith('labels/train/'))).toHaveLength(3);
  expect(labelFiles.filter((p) => p.startsWith('labels/val/'))).toHaveLength(1);
  // The box with its keypoint unlabeled, the point as a visible keypoint with an empty box.
  expect(text(labelFiles[0]!)).toBe('0 0.2 0.2 0.2 0.2 0 0 0\n1 0.5 0.25 0 0 0.5 0.25 2\n');

  await page.getByTestId('open-import').click();
  const importing = page.getByTestId('annotation-import-dialog');
  await importing.getByTestId('annotation-import-file').setInputFiles(zip);
  await expect(importing.getByTestId('annotation-import-matched')).toContainText('4 entries match');
  await importing.getByTestId('annotation-import-replace').check();
  await expect(importing.getByTestId('annotation-import-removes')).toHaveText(
    'Replace first removes from 4 images: 8 regions, 4 captions, 8 tags, 0 text lines and 0 sets of fields.',
  );
  await importing.getByTestId('annotation-import-apply').click();
  await expect(importing.getByTestId('annotation-import-done')).toContainText(
    '8 regions on 4 images',
  );
  const back = await readProject(page, projectId);
  for (const record of back.annotations) {
    expect(record.regions.map((r) => `${r.label} ${r.shape.kind}`)).toEqual([
      'car box',
      'eye point',
    ]);
    expect(record.regions[1]!.shape).toEqual({ kind: 'point', point: { x: 40, y: 10 } });
    expect(record.caption).toBeNull();
    expect(record.tags).toEqual([]);
  }
});
