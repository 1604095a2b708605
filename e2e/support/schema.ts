import type { Page } from '@playwright/test';

export interface TestClass {
  id: string;
  name: string;
  color: string;
  hotkey: string;
  attributes?: { name: string; type: string; options?: string[] }[];
}

/** Test setup: gives a project label classes straight in IndexedDB (reload the page after). */
export async function setClasses(
  page: Page,
  projectId: string,
  classes: readonly TestClass[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  const schema = {
    classes: classes.map((c) => ({ attributes: [], synonyms: [], ...c })),
    tagVocabulary: [],
    captionLanguage: 'en',
    fields: [],
    ...extra,
  };
  await page.evaluate(
    ({ projectId, schema }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('projects', 'readwrite');
          const store = tx.objectStore('projects');
          const get = store.get(projectId);
          get.onsuccess = () => store.put({ ...get.result, schema });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { projectId, schema },
  );
}
