/**
 * Checks that every file a load needs is where the source says, before transformers.js starts: a
 * missing file (404) otherwise surfaces as an uncaught error deep in the loader and the load hangs
 * (issue 15 item 2), and a mirror without CORS headers reads as "offline".
 */
export interface ExpectedFile {
  path: string;
  /** Exact size when the manifest knows it for this revision. */
  bytes?: number;
}

export type PreflightProblem =
  | { kind: 'missing'; path: string }
  | { kind: 'damaged'; path: string; expected: number; actual: number }
  | { kind: 'unreachable'; path: string; offline: boolean };

/** Where a file of `modelId@revision` lies on a Hub-shaped host (transformers.js's remote layout). */
export function fileUrl(host: string, modelId: string, revision: string, path: string): string {
  return `${host.replace(/\/?$/, '/')}${modelId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** Asks for each file's headers only; a few at a time so a slow mirror is not flooded. */
export async function preflightMirror(
  host: string,
  modelId: string,
  revision: string,
  files: readonly ExpectedFile[],
  network: (url: string, init?: RequestInit) => Promise<Response>,
  online: () => boolean,
  parallel = 4,
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const url = fileUrl(host, modelId, revision, file.path);
      let response: Response;
      try {
        response = await network(url, { method: 'HEAD' });
      } catch {
        problems.push({ kind: 'unreachable', path: file.path, offline: !online() });
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        problems.push({ kind: 'missing', path: file.path });
        continue;
      }
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (file.bytes !== undefined && Number.isFinite(length) && length !== file.bytes)
        problems.push({ kind: 'damaged', path: file.path, expected: file.bytes, actual: length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  const order = new Map(files.map((f, i) => [f.path, i]));
  return problems.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
}

/**
 * One error for the UI, its cause first (`missing-file: a, b`), so the classifier names the cause
 * and the files without guessing from a runtime's wording.
 */
export function preflightError(problems: readonly PreflightProblem[], host: string): Error | null {
  const of = (kind: PreflightProblem['kind']) => problems.filter((p) => p.kind === kind);
  const unreachable = of('unreachable') as Extract<PreflightProblem, { kind: 'unreachable' }>[];
  if (unreachable.length > 0)
    return unreachable.every((p) => p.offline)
      ? new Error(`offline: ${host}`)
      : new Error(`unreachable: ${host}`);
  const missing = of('missing');
  if (missing.length > 0)
    return new Error(`missing-file: ${missing.map((p) => p.path).join(', ')}`);
  const damaged = of('damaged') as Extract<PreflightProblem, { kind: 'damaged' }>[];
  if (damaged.length > 0)
    return new Error(
      `damaged-file: ${damaged.map((p) => `${p.path} (${p.actual} of ${p.expected} bytes)`).join(', ')}`,
    );
  return null;
}
