/**
 * Lays out a downloaded model snapshot for any static web server, the way transformers.js asks
 * for files: `<out>/<model id>/resolve/<revision>/<path>`. Only the pinned revision is needed —
 * the app asks for `main` as that revision.
 */
import { cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  DEFAULT_MODEL,
  SESSIONS,
  requiredFiles,
  type ModelEntry,
  type SessionDtypes,
} from '../src/model/models';

export interface MirrorReport {
  /** Folder the server must serve as the mirror URL's root. */
  root: string;
  /** Where the files were copied to. */
  folder: string;
  copied: string[];
  /** Files the app needs for at least one runtime and that the snapshot lacks. */
  missing: string[];
  /** Files whose size differs from the manifest's for the pinned revision. */
  damaged: { path: string; expected: number; actual: number }[];
}

/** Folders of a snapshot that are bookkeeping of the download tools, not model files. */
const SKIP = new Set(['.git', '.cache', '.huggingface']);

async function listFiles(folder: string, base = folder): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = join(folder, entry.name);
    // Hub cache snapshots are symlinks into blobs/: follow them.
    const info = await stat(full);
    if (info.isDirectory()) out.push(...(await listFiles(full, base)));
    else if (info.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

function runtimes(entry: ModelEntry): SessionDtypes[] {
  return [entry.dtypes.webgpuF16, entry.dtypes.webgpu, entry.dtypes.wasm];
}

export async function layOutMirror(
  snapshot: string,
  out: string,
  entry: ModelEntry = DEFAULT_MODEL,
  revision: string = entry.revision,
): Promise<MirrorReport> {
  const files = await listFiles(snapshot);
  const folder = join(out, ...entry.id.split('/'), 'resolve', revision);
  await mkdir(folder, { recursive: true });
  const sizes = new Map<string, number>();
  for (const path of files) {
    const from = join(snapshot, ...path.split('/'));
    const to = join(folder, ...path.split('/'));
    await cp(from, to, { dereference: true });
    sizes.set(path, (await stat(to)).size);
  }
  const present = new Set(files);
  // A runtime is usable when all its files are there; name what the usable ones would still need.
  const needs = runtimes(entry).map((d) => requiredFiles(entry, d));
  const missing = [...new Set(needs.flat())].filter(
    (p) => !present.has(p) && needs.some((n) => n.includes(p)),
  );
  const known = [
    ...entry.commonFiles,
    ...SESSIONS.flatMap((s) => runtimes(entry).flatMap((d) => entry.graphFiles(d[s]))),
  ];
  const damaged =
    revision === entry.revision
      ? known.flatMap((f) => {
          const actual = sizes.get(f.path);
          return f.bytes !== undefined && actual !== undefined && actual !== f.bytes
            ? [{ path: f.path, expected: f.bytes, actual }]
            : [];
        })
      : [];
  await writeFile(
    join(out, '_headers'),
    '# Netlify/Cloudflare Pages style: the app fetches from another origin.\n/*\n  Access-Control-Allow-Origin: *\n',
  );
  return {
    root: out,
    folder,
    copied: files,
    missing: missing.filter((p, i, all) => all.indexOf(p) === i),
    damaged: damaged.filter((d, i, all) => all.findIndex((x) => x.path === d.path) === i),
  };
}
