import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createProject } from './support/app';
import { rotatedJpeg, solidPng, solidWebp } from './support/images';
import { NetworkRecorder, watchCspViolations } from './support/network';
import { APP_ORIGIN } from './support/origins';

const ORIGIN = APP_ORIGIN;
const XSS_NAME = '<img src=x onerror=window.__xss=1>.png';

declare global {
  interface Window {
    __xss?: number;
    __inline?: number;
  }
}

test('a whole session stays on the page origin, sends no image bytes and breaks no CSP rule', async ({
  context,
  page,
}) => {
  const csp = await watchCspViolations(context);
  const network = new NetworkRecorder(context);
  const dir = await mkdtemp(join(tmpdir(), 'annota-privacy-'));
  const files: Record<string, Buffer> = {
    'beach photo.jpg': await rotatedJpeg(320, 240),
    'harbour.webp': await solidWebp(200, 150, [10, 90, 160]),
    [XSS_NAME]: await solidPng(120, 90, [200, 40, 40]),
  };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);

  await createProject(page, 'Private set');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles(Object.keys(files).map((n) => join(dir, n)));
  await expect(page.getByTestId('report-added')).toHaveText('3 images added');
  await expect(page.getByTestId('thumb')).toHaveCount(3);

  // A file name is shown as text wherever it appears, never parsed as HTML.
  const hostile = page.getByTestId('thumb').filter({ hasText: XSS_NAME });
  await expect(hostile).toHaveCount(1);
  await hostile.click();
  await expect(page.getByTestId('image-name')).toHaveText(XSS_NAME);
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute(
    'data-renderer',
    /webgl|webgpu|canvas/,
  );
  await page.getByTestId('back-to-gallery').click();
  await page.reload();
  await expect(page.getByTestId('thumb')).toHaveCount(3);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  network.stop();
  expect(network.requests.length).toBeGreaterThan(0);
  expect(network.offOrigin(ORIGIN).map((r) => r.url)).toEqual([]);
  expect(network.carrying(Object.values(files)).map((r) => r.url)).toEqual([]);
  expect(csp()).toEqual([]);
});

test('the production page enforces its Content-Security-Policy', async ({ context, page }) => {
  const csp = await watchCspViolations(context);
  await page.goto('/');
  await expect(page.getByTestId('new-project')).toBeVisible();
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("object-src 'none'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);

  // Inline event handlers and inline scripts never run, even if markup were injected.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__inline=1">');
    const script = document.createElement('script');
    script.textContent = 'window.__inline = 2';
    document.body.append(script);
  });
  await expect.poll(() => csp().length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => window.__inline)).toBeUndefined();
  expect(csp().join('\n')).toMatch(/script-src/);
});
