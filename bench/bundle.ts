/**
 * Sizes of the production build: what the first page load fetches (index.html's scripts, styles and
 * module preloads) versus what loads lazily (the image page with pixi.js, the inference worker with
 * transformers.js, onnxruntime-web's WebAssembly). Run: npm run bench -- bundle
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { report } from './report';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const sizes = (file: string) => {
  const body = readFileSync(join(dist, file));
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
};

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1]!,
);
const assets = readdirSync(join(dist, 'assets')).filter((f) => !f.endsWith('.map'));
const pick = (pattern: RegExp) => assets.filter((f) => pattern.test(f)).map((f) => `assets/${f}`);
const total = (files: string[]) =>
  files.reduce((t, f) => ({ raw: t.raw + sizes(f).raw, gzip: t.gzip + sizes(f).gzip }), {
    raw: 0,
    gzip: 0,
  });

const first = total(initial);
const worker = total(pick(/^inference\.worker-.*\.js$/));
const imagePage = total(pick(/^ImageView-.*\.js$/));
const wasm = total(pick(/\.wasm$/));
const everything = assets.reduce((n, f) => n + statSync(join(dist, 'assets', f)).size, 0);

report(
  'bundle',
  { runtime: 'vite build (production)' },
  {
    initialFiles: initial.length,
    initialKiB: kib(first.raw),
    initialGzipKiB: kib(first.gzip),
    imagePageGzipKiB: kib(imagePage.gzip),
    inferenceWorkerKiB: kib(worker.raw),
    inferenceWorkerGzipKiB: kib(worker.gzip),
    ortWasmGzipKiB: kib(wasm.gzip),
    allAssetsMiB: Math.round((everything / 2 ** 20) * 10) / 10,
  },
);
