import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createProject } from './support/app';
import { canvasMapping } from './support/canvas';
import { noisyJpeg } from './support/images';
import { setClasses } from './support/schema';

interface StoredRegion {
  label: string;
  shape:
    | { kind: 'box'; box: { x: number; y: number; w: number; h: number } }
    | { kind: 'polygon'; points: number[] }
    | { kind: 'point'; point: { x: number; y: number } };
}

const WIDTH = 2400;
const HEIGHT = 1600;
const CLASSES = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'car', color: '#e6194b', hotkey: '1' },
  { id: '00000000-0000-4000-8000-000000000002', name: 'person', color: '#3cb44b', hotkey: '2' },
];

async function storedRegions(page: Page, imageId: string): Promise<StoredRegion[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredRegion[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('annotations').objectStore('annotations').get(id);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result?.regions ?? []) as StoredRegion[]);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    imageId,
  );
}

async function saved(page: Page) {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1);

// Room for the canvas beside the side panel (regions, image fields and the AI panel).
test.use({ viewport: { width: 1600, height: 1000 } });

test('draw, edit, label, undo/redo and reload keep original-pixel coordinates', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-editor-'));
  await writeFile(join(dir, 'a-street.jpg'), await noisyJpeg(WIDTH, HEIGHT));
  await writeFile(join(dir, 'b-park.jpg'), await noisyJpeg(WIDTH, HEIGHT));

  const projectId = await createProject(page, 'Editor e2e');
  await setClasses(page, projectId, CLASSES);
  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles([join(dir, 'a-street.jpg'), join(dir, 'b-park.jpg')]);
  await expect(page.getByTestId('thumb')).toHaveCount(2);
  await page.getByTestId('thumb').filter({ hasText: 'a-street.jpg' }).click();

  const canvas = page.getByTestId('editor-canvas');
  await expect(canvas).toHaveAttribute('data-renderer', /webgl|webgpu|canvas/);
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  const imageId = decodeURIComponent(/\/i\/([^/?#]+)/.exec(page.url())![1]!);

  // A non-trivial view: zoom in at an off-centre cursor, then pan with space+drag.
  const box0 = (await canvas.boundingBox())!;
  await page.mouse.move(box0.x + box0.width * 0.3, box0.y + box0.height * 0.4);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
  await page.keyboard.down(' ');
  await page.mouse.down();
  await page.mouse.move(box0.x + box0.width * 0.3 + 120, box0.y + box0.height * 0.4 + 70, {
    steps: 5,
  });
  await page.mouse.up();
  await page.keyboard.up(' ');
  const m = await canvasMapping(page);
  expect(m.scale).not.toBeCloseTo(1, 2);
  const { rect } = m;
  // Draw where the image is: screen offsets below are relative to image point (35 %, 35 %).
  const o = m.toScreen(WIDTH * 0.35, HEIGHT * 0.35);
  const ox = rect.x + Math.round(o.x) - 150;
  const oy = rect.y + Math.round(o.y) - 150;
  const toImage = (x: number, y: number) => m.toImage(ox - rect.x + x, oy - rect.y + y);

  // Box.
  await page.getByTestId('tool-box').click();
  await page.mouse.move(ox + 150, oy + 150);
  await page.mouse.down();
  await page.mouse.move(ox + 350, oy + 300, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('annotation-editor')).toHaveAttribute(
    'data-tool-state',
    'box.idle',
  );
  let expectedBox = { ...toImage(150, 150), w: 200 / m.scale, h: 150 / m.scale };

  // Polygon, closed on its first point.
  await page.getByTestId('tool-polygon').click();
  for (const [x, y] of [
    [450, 150],
    [600, 170],
    [560, 320],
    [450, 150],
  ] as const) {
    await page.mouse.click(ox + x, oy + y);
  }
  const expectedPolygon = [
    [450, 150],
    [600, 170],
    [560, 320],
  ].flatMap(([x, y]) => {
    const p = toImage(x!, y!);
    return [p.x, p.y];
  });
  await expect(page.getByTestId('region-item')).toHaveCount(2);

  // Move the box, then resize it by its south-east handle.
  await page.getByTestId('tool-select').click();
  await page.mouse.move(ox + 250, oy + 225);
  await page.mouse.down();
  await page.mouse.move(ox + 290, oy + 245, { steps: 5 });
  await page.mouse.up();
  expectedBox = {
    ...expectedBox,
    x: expectedBox.x + 40 / m.scale,
    y: expectedBox.y + 20 / m.scale,
  };
  await page.mouse.move(ox + 390, oy + 320);
  await page.mouse.down();
  await page.mouse.move(ox + 430, oy + 350, { steps: 5 });
  await page.mouse.up();
  expectedBox = {
    ...expectedBox,
    w: expectedBox.w + 40 / m.scale,
    h: expectedBox.h + 30 / m.scale,
  };

  // Label by hotkey, then undo and redo it.
  await page.keyboard.press('2');
  await expect(page.getByTestId('region-label')).toHaveValue(CLASSES[1]!.id);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('region-label')).toHaveValue(CLASSES[0]!.id);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('region-label')).toHaveValue(CLASSES[1]!.id);
  // Undo and redo the resize too: the stored box must come back exactly.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await saved(page);

  await page.reload();
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute('data-renderer', /.+/);
  await expect(page.getByTestId('region-item')).toHaveCount(2);
  const regions = await storedRegions(page, imageId);
  const box = regions.find((r) => r.shape.kind === 'box')!;
  const polygon = regions.find((r) => r.shape.kind === 'polygon')!;
  expect(box.label).toBe('person');
  expect(polygon.label).toBe('car');
  if (box.shape.kind !== 'box' || polygon.shape.kind !== 'polygon') throw new Error('shapes');
  near(box.shape.box.x, expectedBox.x);
  near(box.shape.box.y, expectedBox.y);
  near(box.shape.box.w, expectedBox.w);
  near(box.shape.box.h, expectedBox.h);
  expect(polygon.shape.points).toHaveLength(6);
  polygon.shape.points.forEach((v, i) => near(v, expectedPolygon[i]!));

  // D and A move between images while the pointer rests on the canvas.
  const c = (await page.getByTestId('editor-canvas').boundingBox())!;
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.keyboard.press('d');
  await expect(page).not.toHaveURL(new RegExp(imageId));
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
  await page.mouse.move(c.x + c.width / 2 + 5, c.y + c.height / 2);
  await page.keyboard.press('a');
  await expect(page).toHaveURL(new RegExp(imageId));
  await expect(page.getByTestId('region-item')).toHaveCount(2);
});

test('Esc cancels a box being drawn and ? lists the shortcuts', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-editor-'));
  await writeFile(join(dir, 'one.jpg'), await noisyJpeg(800, 600));
  const projectId = await createProject(page, 'Editor keys');
  await setClasses(page, projectId, CLASSES);
  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles([join(dir, 'one.jpg')]);
  await page.getByTestId('thumb').first().click();
  const canvas = page.getByTestId('editor-canvas');
  await expect(canvas).toHaveAttribute('data-renderer', /.+/);
  const r = (await canvas.boundingBox())!;
  await page.keyboard.press('w');
  await page.mouse.move(r.x + 100, r.y + 100);
  await page.mouse.down();
  await page.mouse.move(r.x + 200, r.y + 200, { steps: 3 });
  await expect(page.getByTestId('annotation-editor')).toHaveAttribute(
    'data-tool-state',
    'box.creating',
  );
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(page.getByTestId('annotation-editor')).toHaveAttribute(
    'data-tool-state',
    'box.idle',
  );
  await expect(page.getByTestId('region-item')).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('Ctrl+Z');
});

test('a wide picture opens fitted to the canvas it ends up with; Ctrl+wheel zooms one small step; the panel names the renderer', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-editor-'));
  await writeFile(join(dir, 'wide.jpg'), await noisyJpeg(2400, 1350));
  await createProject(page, 'Editor fit');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles([join(dir, 'wide.jpg')]);
  await page.getByTestId('thumb').first().click();
  const canvas = page.getByTestId('editor-canvas');
  await expect(canvas).toHaveAttribute('data-renderer', /.+/);
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);

  // Fit = the whole picture inside the canvas less a 16 px margin, as F does.
  const m = await canvasMapping(page);
  const fit = Math.min((m.rect.width - 32) / 2400, (m.rect.height - 32) / 1350);
  expect(m.scale / fit).toBeCloseTo(1, 2);
  await expect(page.getByTestId('zoom-level')).toHaveText(`${Math.round(fit * 100)}%`);

  // One Ctrl+wheel notch: a step a person can follow, not ×2.7.
  await page.mouse.move(m.rect.x + m.rect.width / 2, m.rect.y + m.rect.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect(page.getByTestId('zoom-level')).not.toHaveText(`${Math.round(fit * 100)}%`);
  const zoomed = await canvasMapping(page);
  expect(zoomed.scale / m.scale).toBeGreaterThanOrEqual(1.1);
  expect(zoomed.scale / m.scale).toBeLessThanOrEqual(1.25);

  const renderer = await canvas.getAttribute('data-renderer');
  await page.getByTestId('display-details').locator('summary').click();
  await expect(page.getByTestId('renderer-choice')).toHaveAttribute('data-kind', renderer!);
  await expect(page.getByTestId('renderer-choice')).toContainText('Drawn with');
});
