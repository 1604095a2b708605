import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { QWEN3_VL_2B } from '../../src/model/models';

export const HUB = 'https://huggingface.co';

export interface ModelHostLog {
  /** Every URL asked of the model host. */
  requested: string[];
  /** Paths inside the model that were answered with a file. */
  served: string[];
}

/**
 * Plays the Hugging Face Hub for the page: requests for the model's files are answered from a
 * synthetic model folder with content-length, as the Hub sends it. Any revision is served unless
 * `onlyRevision` says otherwise (the tokenizer loader also probes `main`, qwen3vl.md §4.4);
 * anything else on the host is a 404.
 */
export async function hostModel(
  target: Page | BrowserContext,
  folder: string,
  {
    host = HUB,
    modelId = QWEN3_VL_2B.id,
    onlyRevision,
    missing = [],
  }: {
    host?: string;
    modelId?: string;
    /** Serve this revision only, as a plain static mirror of the pinned revision does. */
    onlyRevision?: string;
    /** Paths answered 404, as from a mirror where a copy failed. */
    missing?: string[];
  } = {},
): Promise<ModelHostLog> {
  const log: ModelHostLog = { requested: [], served: [] };
  const prefix = `${host}/${modelId}/resolve/`;
  const root = normalize(folder);
  await target.route(`${host}/**`, async (route) => {
    const url = route.request().url();
    log.requested.push(url);
    const rest = url.startsWith(prefix) ? url.slice(prefix.length).split('?')[0]! : '';
    const revision = decodeURIComponent(rest.split('/')[0] ?? '');
    const path = decodeURIComponent(rest.split('/').slice(1).join('/'));
    const file = normalize(join(root, path));
    const absent = missing.includes(path) || (onlyRevision && revision !== onlyRevision);
    if (!path || absent || !file.startsWith(root + sep))
      return route.fulfill({ status: 404, body: 'not found' });
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const head = route.request().method() === 'HEAD';
      if (!head) log.served.push(path);
      await route.fulfill({
        status: 200,
        body: head ? '' : await readFile(file),
        headers: {
          'content-length': String(info.size),
          'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
          'access-control-allow-origin': '*',
        },
      });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  return log;
}
