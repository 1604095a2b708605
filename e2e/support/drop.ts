import type { Page } from '@playwright/test';

/**
 * Drops real files or folders from disk onto the page the way an OS drag does, through Chromium's
 * DevTools protocol: the page then sees genuine FileSystemEntry objects, directories included.
 */
export async function dropPaths(page: Page, paths: string[]): Promise<void> {
  const client = await page.context().newCDPSession(page);
  const viewport = page.viewportSize() ?? { width: 800, height: 600 };
  const at = { x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  await client.send('Input.dispatchDragEvent', { type: 'dragEnter', ...at, data });
  await client.send('Input.dispatchDragEvent', { type: 'dragOver', ...at, data });
  await client.send('Input.dispatchDragEvent', { type: 'drop', ...at, data });
  await client.detach();
}
