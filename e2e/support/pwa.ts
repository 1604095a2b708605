import { expect, type Page } from '@playwright/test';

/** Opens the app and waits until its service worker controls the page (after one reload). */
export async function controlledBySw(page: Page, origin = ''): Promise<void> {
  await page.goto(`${origin}/`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'))
    .toBe('activated');
}
