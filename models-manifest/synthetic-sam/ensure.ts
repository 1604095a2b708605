import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticSam } from './generate.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MODELS_ROOT = resolve(here, '../../.models');

/** Hash of the generator's sources (and the graph writer it shares), so edits never reuse old files. */
async function cacheKey(): Promise<string> {
  const hash = createHash('sha256');
  const sources = [
    ...(await readdir(here)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
  ].sort();
  for (const file of sources) hash.update(file).update(await readFile(join(here, file)));
  for (const shared of ['onnx-graph.ts', 'protobuf.ts', 'precision.ts'])
    hash.update(await readFile(join(here, '../synthetic', shared)));
  return hash.digest('hex').slice(0, 16);
}

/** Generates (or reuses) the synthetic SAM under .models/ and returns its absolute folder. */
export async function ensureSyntheticSam(root = MODELS_ROOT): Promise<string> {
  const folder = join(root, `synthetic-sam-${await cacheKey()}`);
  if (existsSync(join(folder, 'config.json'))) return folder;
  // Built beside the target and renamed, so parallel test files never see a half-written folder.
  const partial = `${folder}.partial-${process.pid}`;
  await mkdir(root, { recursive: true });
  await writeSyntheticSam(partial);
  if (existsSync(folder)) await rm(partial, { recursive: true, force: true });
  else await rename(partial, folder);
  return folder;
}
