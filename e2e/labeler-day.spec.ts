import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createProject, storedImages } from './support/app';
import { noisyJpeg } from './support/images';
import { setClasses } from './support/schema';

const CUP = {
  id: '00000000-0000-4000-8000-0000000000c1',
  name: 'cup',
  color: '#e6194b',
  hotkey: '1',
};

test.use({ viewport: { width: 1600, height: 1000 } });

/** A project with the given JPEGs imported by the file chooser; returns its id. */
async function projectWith(page: Page, name: string, files: string[], size = [800, 600]) {
  const dir = await mkdtemp(join(tmpdir(), 'annota-day-'));
  for (const f of files) await writeFile(join(dir, f), await noisyJpeg(size[0]!, size[1]!));
  const projectId = await createProject(page, name);
  await setClasses(page, projectId, [CUP]);
  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles(files.map((f) => join(dir, f)));
  await expect(page.getByTestId('thumb')).toHaveCount(files.length);
  return projectId;
}

async function openEditor(page: Page, fileName: string) {
  await page.getByTestId('thumb').filter({ hasText: fileName }).click();
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute('data-renderer', /.+/);
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
}

/** Drags a box on the canvas from (x, y) by (dx, dy) screen pixels. */
async function drag(page: Page, x: number, y: number, dx: number, dy: number) {
  const r = (await page.getByTestId('editor-canvas').boundingBox())!;
  await page.mouse.move(r.x + x, r.y + y);
  await page.mouse.down();
  await page.mouse.move(r.x + x + dx, r.y + y + dy, { steps: 4 });
  await page.mouse.up();
}

const imageName = (page: Page) => page.getByTestId('image-name');

test('status follows the work: drawing starts it, Enter is done & next, N skips labeled', async ({
  page,
}) => {
  const projectId = await projectWith(page, 'Status', ['a.jpg', 'b.jpg', 'c.jpg']);
  await expect(page.getByTestId('labeled-progress')).toHaveText('0 of 3 labeled');
  await expect(page.getByTestId('thumb-status').first()).toHaveText('Not started');

  await openEditor(page, 'a.jpg');
  await page.keyboard.press('w');
  await drag(page, 200, 200, 120, 90);
  await expect(page.getByTestId('region-item')).toHaveCount(1);
  // No key pressed: the work itself puts the image in progress.
  await expect(page.getByTestId('image-status')).toHaveAttribute('data-status', 'in-progress');
  await expect(page.getByTestId('image-status')).toHaveText('In progress');

  // D, D to c; N wraps past a (labeled) to b.
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('b.jpg');
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('c.jpg');
  await page.keyboard.press('n');
  await expect(imageName(page)).toHaveText('b.jpg');

  // Enter: done, and on to the next image that needs work.
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(imageName(page)).toHaveText('c.jpg');
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await page.getByTestId('accept-image').click();
  await expect(imageName(page)).toHaveText('a.jpg');

  const statuses = Object.fromEntries(
    (await storedImages(page, projectId)).map((i) => [i.fileName, i.status]),
  );
  expect(statuses).toEqual({ 'a.jpg': 'in-progress', 'b.jpg': 'accepted', 'c.jpg': 'accepted' });

  // Deleting the only region puts a back to "not started"; undo brings the work back.
  await page.getByTestId('region-item').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('region-item')).toHaveCount(0);
  await expect(page.getByTestId('image-status')).toHaveAttribute('data-status', 'new');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('image-status')).toHaveAttribute('data-status', 'in-progress');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  await page.getByTestId('back-to-gallery').click();
  await expect(page.getByTestId('labeled-progress')).toHaveText('3 of 3 labeled');
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('labeled-progress')).toHaveText('已标注 3 / 3');
  const zh = page.getByTestId('thumb');
  await expect(zh.filter({ hasText: 'a.jpg' }).getByTestId('thumb-status')).toHaveText('标注中');
  await expect(zh.filter({ hasText: 'b.jpg' }).getByTestId('thumb-status')).toHaveText('已完成');
  await expect(page.getByTestId('thumb-status').filter({ hasText: '未标注' })).toHaveCount(0);
});

test('gallery cards do not overlap and every file name shows', async ({ page }) => {
  const files = Array.from({ length: 12 }, (_, i) => `card-${String(i).padStart(2, '0')}.jpg`);
  await projectWith(page, 'Cards', files, [300, 900]);
  const cards = page.getByTestId('thumb');
  const boxes = await cards.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }),
  );
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const overlap =
        Math.min(a.right, b.right) > Math.max(a.left, b.left) &&
        Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
      expect(overlap).toBe(false);
    }
  }
  // The name line sits inside its own card, not under the next row.
  for (const card of await cards.all()) {
    const name = (await card.locator('.name').boundingBox())!;
    const box = (await card.boundingBox())!;
    expect(name.y + name.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
  }
});

test('Esc closes the help and leaves the caption; the next key is a shortcut again', async ({
  page,
}) => {
  await projectWith(page, 'Keys', ['k.jpg']);
  await openEditor(page, 'k.jpg');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  const caption = page.getByTestId('caption');
  await caption.click();
  await page.keyboard.type('a red cup');
  await page.keyboard.press('Escape');
  await page.keyboard.press('w');
  await expect(page.getByTestId('annotation-editor')).toHaveAttribute(
    'data-tool-state',
    'box.idle',
  );
  await expect(caption).toHaveValue('a red cup');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.reload();
  await expect(page.getByTestId('caption')).toHaveValue('a red cup');
});

test('classes by id: a rename and a merge in the labels page reach the regions; small drags make no box', async ({
  page,
}) => {
  const MUG = {
    id: '00000000-0000-4000-8000-0000000000c2',
    name: 'beaker',
    color: '#3cb44b',
    hotkey: '2',
  };
  const projectId = await projectWith(page, 'Classes', ['k.jpg']);
  await setClasses(page, projectId, [CUP, MUG]);
  await page.reload();

  // Smallest box: 40 image pixels.
  await page.getByTestId('edit-labels').click();
  await page.getByTestId('schema-min-box').fill('40');
  await page.getByTestId('schema-min-box').blur();
  await page.getByTestId('schema-save').click();
  await expect(page.getByTestId('schema-status')).toHaveText('Saved');

  await openEditor(page, 'k.jpg');
  await page.keyboard.press('w');
  await page.keyboard.press('1');
  await drag(page, 100, 100, 3, 3); // a slip of the hand: a click
  await drag(page, 200, 100, 20, 20); // under 40 image pixels at this zoom
  await expect(page.getByTestId('region-item')).toHaveCount(0);
  await drag(page, 100, 100, 200, 150);
  await page.keyboard.press('2');
  await drag(page, 350, 100, 150, 150);
  await expect(page.getByTestId('region-item')).toHaveCount(2);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  // Rename beaker → mug and merge cup into it.
  await page.getByTestId('back-to-gallery').click();
  await page.getByTestId('edit-labels').click();
  await page.getByTestId('schema-class-name').nth(1).fill('mug');
  await page.getByTestId('schema-merge-into').first().selectOption({ label: 'mug' });
  await expect(page.getByTestId('schema-class')).toHaveCount(1);
  await page.getByTestId('schema-save').click();
  await expect(page.getByTestId('schema-status')).toHaveText('Saved');

  await openEditor(page, 'k.jpg');
  await expect(page.getByTestId('region-item')).toHaveCount(2);
  await expect(page.getByTestId('region-item').filter({ hasText: 'mug' })).toHaveCount(2);
  await expect(page.getByTestId('region-item').filter({ hasText: /cup|beaker/ })).toHaveCount(0);
});

test('file pickers speak the interface language', async ({ page }) => {
  await projectWith(page, 'Pickers', ['q.jpg']);
  // A pick with no image in it is told plainly, not in a success colour.
  await page
    .getByTestId('import-files')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
  await expect(page.getByTestId('report-added')).toHaveText('No image added');
  await expect(page.getByTestId('report-added')).toHaveAttribute('data-tone', 'neutral');
  await expect(page.getByTestId('report-added')).not.toHaveClass(/\b(ok|error)\b/);
  await page.getByTestId('language').selectOption('zh-CN');
  await page.getByTestId('open-quality').click();
  await expect(page.getByTestId('pass-a-button')).toHaveText('选择 JSON 或 JSONL 文件…');
  await expect(page.getByTestId('pass-a-name')).toHaveText('未选择文件');
  // The browser's own (English-only) input is not what the user sees.
  await expect(page.getByTestId('pass-a')).toHaveClass(/visually-hidden/);
  const dir = await mkdtemp(join(tmpdir(), 'annota-pass-'));
  await writeFile(join(dir, 'pass.jsonl'), '');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('pass-a-button').click();
  await (await chooser).setFiles(join(dir, 'pass.jsonl'));
  await expect(page.getByTestId('pass-a-name')).toHaveText('pass.jsonl');

  // The quality charts' category names never run into each other, in either language; a name
  // too long for its slot is cut, and its tooltip holds it whole.
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.getByTestId('language').selectOption(lang);
    const labels = page.getByTestId('quality-chart').first().getByTestId('chart-label');
    await expect(labels).toHaveCount(5);
    await expect(labels.first()).toHaveAttribute(
      'title',
      lang === 'en' ? 'Accepted unchanged' : '原样接受',
    );
    // Each name inside its own box, left to right, its tooltip the whole name.
    const problems = () =>
      page.getByTestId('quality-chart').evaluateAll((charts) =>
        charts.flatMap((chart) => {
          const cells = [...chart.querySelectorAll<HTMLElement>('[data-testid="chart-label"]')];
          return cells.flatMap((cell, i) => {
            const r = cell.getBoundingClientRect();
            const next = cells[i + 1]?.getBoundingClientRect();
            const found: string[] = [];
            if (cell.title !== cell.textContent) found.push(`${cell.textContent}: tooltip`);
            if (cell.scrollWidth > cell.clientWidth + 1) found.push(`${cell.textContent}: spills`);
            if (r.width < 8) found.push(`${cell.textContent}: no room`);
            if (next && r.right > next.left + 0.5) found.push(`${cell.textContent}: overlaps`);
            return found;
          });
        }),
      );
    await expect.poll(problems).toEqual([]);
  }
});

test('delete images from the gallery: a Ctrl/Shift selection or a filter, confirmed with counts', async ({
  page,
}) => {
  const files = ['d1.jpg', 'd2.jpg', 'd3.jpg', 'd4.jpg', 'd5.jpg'];
  const projectId = await projectWith(page, 'Delete', files);
  await openEditor(page, 'd2.jpg');
  await page.keyboard.press('w');
  await drag(page, 200, 200, 100, 80);
  await drag(page, 350, 200, 100, 80);
  await expect(page.getByTestId('region-item')).toHaveCount(2);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('back-to-gallery').click();

  const thumb = (name: string) => page.getByTestId('thumb').filter({ hasText: name });
  await thumb('d1.jpg').click({ modifiers: ['Control'] });
  await thumb('d3.jpg').click({ modifiers: ['Shift'] });
  await expect(page).toHaveURL(/#\/p\/[^/]+$/); // still the gallery: a modified click selects
  await expect(page.getByTestId('selected-count')).toHaveText('3 images selected');
  await page.getByTestId('delete-selected').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(
    'Delete 3 images and the 2 regions',
  );
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('thumb')).toHaveCount(2);

  // A filter: search "d5" and delete everything shown.
  await page.getByTestId('gallery-search').fill('d5');
  await page.getByTestId('delete-shown').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(
    'Delete 1 image and the 0 regions',
  );
  await page.getByTestId('confirm').click();
  await page.getByTestId('gallery-search').fill('');
  await expect(page.getByTestId('thumb')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  expect((await storedImages(page, projectId)).map((i) => i.fileName)).toEqual(['d4.jpg']);
  // Their bytes, thumbnails and annotations are gone too.
  const left = await page.evaluate(
    (id) =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['imageBlobs', 'thumbnails', 'annotations'];
          const tx = db.transaction(names);
          const counts = names.map((n) => tx.objectStore(n).index('projectId').count(id));
          tx.oncomplete = () => {
            db.close();
            resolve(counts.map((c) => c.result));
          };
        };
      }),
    projectId,
  );
  expect(left).toEqual([1, 1, 0]);
});

test('side panel: regions come first, sections fold and stay folded per project; icons are SVG', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await projectWith(page, 'Panel', ['p1.jpg', 'p2.jpg']);
  await openEditor(page, 'p1.jpg');
  await page.keyboard.press('w');
  await drag(page, 200, 200, 100, 80);
  await expect(page.getByTestId('region-item')).toHaveCount(1);

  // Regions sit above the AI block and are on screen without scrolling.
  const regions = (await page.getByTestId('side-regions').boundingBox())!;
  const ai = (await page.getByTestId('side-ai').boundingBox())!;
  expect(regions.y).toBeLessThan(ai.y);
  await expect(page.getByTestId('region-item')).toBeInViewport();
  // The lock and visibility toggles are drawn, not emoji.
  const toggles = page.getByTestId('region-item').locator('button.toggle');
  await expect(toggles.locator('svg')).toHaveCount(2);
  expect(await toggles.allTextContents()).toEqual(['', '']);

  await page.getByTestId('side-ai-toggle').click();
  await expect(page.getByTestId('ai-panel')).toHaveCount(0);
  await page.getByTestId('side-image-toggle').click();
  await expect(page.getByTestId('caption')).toHaveCount(0);
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('p2.jpg');
  await page.reload();
  await expect(page.getByTestId('side-regions')).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('side-ai')).toHaveAttribute('data-open', 'false');
  await expect(page.getByTestId('ai-panel')).toHaveCount(0);
  await page.getByTestId('side-ai-toggle').click();
  await expect(page.getByTestId('ai-panel')).toBeVisible();

  // In the English AI panel a checkbox stays on the line of its text, and "At most" on its field's.
  await page.getByTestId('task-select').selectOption('caption-tags');
  const panel = page.getByTestId('ai-panel');
  const checkRows = panel.locator('label.row:has(> input[type="checkbox"])');
  expect(await checkRows.count()).toBeGreaterThan(0);
  for (const row of await checkRows.all()) {
    if (!(await row.isVisible())) continue;
    const gap = await row.evaluate((label) => {
      const box = label.querySelector('input')!.getBoundingClientRect();
      const text = [...label.childNodes].find((n) => n.nodeType === 3 && n.textContent!.trim())!;
      const range = document.createRange();
      range.selectNodeContents(text);
      const first = range.getClientRects()[0]!;
      return Math.abs(first.top + first.height / 2 - (box.top + box.height / 2));
    });
    expect(gap).toBeLessThan(6);
  }
  const atMost = (await panel.getByTestId('max-tags').boundingBox())!;
  const atMostInput = (await panel.getByTestId('max-tags').locator('input').boundingBox())!;
  expect(atMost.height).toBeLessThanOrEqual(atMostInput.height + 4);
  await page.getByTestId('task-select').selectOption('detect');

  // The shortcut help fits a small screen: its bottom is reachable inside the window.
  await page.keyboard.press('?');
  const help = (await page.getByTestId('help-overlay').boundingBox())!;
  expect(help.y + help.height).toBeLessThanOrEqual(768);
});

test('keep zoom: off, D opens the next image fitted; on (remembered), D and A keep the zoom', async ({
  page,
}) => {
  await projectWith(page, 'Zoom', ['z1.jpg', 'z2.jpg']);
  await openEditor(page, 'z1.jpg');
  const zoom = page.getByTestId('zoom-level');
  const fitted = (await zoom.textContent())!;
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(zoom).not.toHaveText(fitted);
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('z2.jpg');
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await expect(zoom).toHaveText(fitted);

  await page.getByTestId('keep-zoom').check();
  await page.reload();
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute('data-renderer', /.+/);
  await expect(page.getByTestId('keep-zoom')).toBeChecked();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const zoomed = (await zoom.textContent())!;
  expect(zoomed).not.toBe(fitted);
  await page.keyboard.press('a');
  await expect(imageName(page)).toHaveText('z1.jpg');
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await expect(zoom).toHaveText(zoomed);
  // F fits again, and a fitted view is what the next image gets.
  await page.keyboard.press('f');
  await expect(zoom).toHaveText(fitted);
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('z2.jpg');
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await expect(zoom).toHaveText(fitted);
});
