/**
 * What transformers.js keeps in Cache Storage (bucket `transformers-cache`, keyed by each file's full
 * URL `<host>/<org>/<name>/resolve/<revision>/<path>`), grouped per model for the Model panel.
 */
import { browserFingerprintRecords } from './integrity';

export const CACHE_BUCKET = 'transformers-cache';

export interface CachedFile {
  url: string;
  path: string;
  bytes: number;
}

export interface CachedModel {
  host: string;
  modelId: string;
  revision: string;
  files: CachedFile[];
  bytes: number;
}

const MODEL_URL = /^(.*?)\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;

export function parseModelFileUrl(
  url: string,
): (Omit<CachedFile, 'bytes'> & Omit<CachedModel, 'files' | 'bytes'>) | null {
  const match = MODEL_URL.exec(url);
  if (!match) return null;
  const [, host, modelId, revision, path] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    url,
    host,
    modelId: decodeURIComponent(modelId),
    revision: decodeURIComponent(revision),
    path: decodeURIComponent(path),
  };
}

export function groupCachedFiles(
  entries: readonly { url: string; bytes: number }[],
): CachedModel[] {
  const models = new Map<string, CachedModel>();
  for (const { url, bytes } of entries) {
    const parsed = parseModelFileUrl(url);
    if (!parsed) continue;
    const key = `${parsed.host}|${parsed.modelId}|${parsed.revision}`;
    let model = models.get(key);
    if (!model) {
      model = {
        host: parsed.host,
        modelId: parsed.modelId,
        revision: parsed.revision,
        files: [],
        bytes: 0,
      };
      models.set(key, model);
    }
    model.files.push({ url, path: parsed.path, bytes });
    model.bytes += bytes;
  }
  return [...models.values()];
}

export async function listCachedModels(): Promise<CachedModel[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(CACHE_BUCKET);
  const requests = await cache.keys();
  const entries = await Promise.all(
    requests.map(async (request) => {
      const response = await cache.match(request);
      return { url: request.url, bytes: Number(response?.headers.get('content-length') ?? 0) };
    }),
  );
  return groupCachedFiles(entries);
}

export async function deleteCachedModel(
  model: Pick<CachedModel, 'files' | 'modelId' | 'revision'>,
): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(CACHE_BUCKET);
  // The files' fingerprints go with them: a fresh download (or a folder) is trusted anew.
  const records = await browserFingerprintRecords();
  await Promise.all(
    model.files.flatMap((f) => [
      cache.delete(f.url),
      records.forget({ modelId: model.modelId, revision: model.revision, path: f.path }),
    ]),
  );
}
