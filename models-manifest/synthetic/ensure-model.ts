import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticModel, type SynthesisOptions } from './generate.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MODELS_ROOT = resolve(here, '../../.models');

/** Hash of the options and the generator's own sources, so an edited generator never reuses old files. */
async function cacheKey(options: SynthesisOptions): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of (await readdir(here)).sort()) {
    if (file.endsWith('.test.ts')) continue;
    if (file.endsWith('.ts') || file.endsWith('.jinja'))
      hash.update(file).update(await readFile(join(here, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Generates (or reuses) a synthetic model under .models/ and returns its absolute folder. */
export async function ensureSyntheticModel(
  options: SynthesisOptions,
  root = MODELS_ROOT,
): Promise<string> {
  const folder = join(root, `synthetic-${options.dims}-${await cacheKey(options)}`);
  if (existsSync(join(folder, 'config.json'))) return folder;
  // Build beside the target and rename, so parallel test files never see a half-written folder.
  const partial = `${folder}.partial-${process.pid}`;
  await mkdir(root, { recursive: true });
  await writeSyntheticModel(partial, options);
  if (existsSync(folder)) await rm(partial, { recursive: true, force: true });
  else await rename(partial, folder);
  return folder;
}
