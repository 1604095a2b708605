import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export async function createProject(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('project-name').fill(name);
  await page.getByTestId('new-project').click();
  await expect(page.getByTestId('project-title')).toHaveText(name);
  const match = /#\/p\/([^/]+)/.exec(page.url());
  if (!match?.[1]) throw new Error(`not on a project page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

export interface StoredImage {
  fileName: string;
  relativePath: string;
  width: number;
  height: number;
  mime: string;
  status: string;
}

/** Reads what the app stored, straight from IndexedDB — the truth a reload would see. */
export async function storedImages(page: Page, projectId: string): Promise<StoredImage[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredImage[]>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db
            .transaction('images')
            .objectStore('images')
            .index('projectId')
            .getAll(id);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(
              (request.result as StoredImage[]).map(
                ({ fileName, relativePath, width, height, mime, status }) => ({
                  fileName,
                  relativePath,
                  width,
                  height,
                  mime,
                  status,
                }),
              ),
            );
          };
        };
      }),
    projectId,
  );
}
