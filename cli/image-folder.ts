import { opendir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { imageTypeFromName } from '../src/domain';

/**
 * Image files under a folder, depth first, yielded as they are found: a folder of 100k photos is
 * never listed into memory first. Paths start with the folder's own name and are '/'-separated,
 * exactly as the app stores a picked or dropped folder, so results match images by path.
 */
export function imageFiles(folder: string): AsyncGenerator<ImageFile> {
  const root = resolve(folder);
  return walk(resolve(root, '..'), root);
}

async function* walk(base: string, dir: string): AsyncGenerator<ImageFile> {
  const entries = await opendir(dir);
  const subfolders: string[] = [];
  for await (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) subfolders.push(path);
    else if (entry.isFile() && imageTypeFromName(entry.name))
      yield { path, relativePath: relative(base, path).split(sep).join('/') };
  }
  for (const folder of subfolders.sort()) yield* walk(base, folder);
}

export interface ImageFile {
  path: string;
  relativePath: string;
}
