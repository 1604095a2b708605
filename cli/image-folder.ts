import { opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { imageTypeFromName } from '../src/domain';

/**
 * Image files under a folder, depth first, yielded as they are found: a folder of 100k photos is
 * never listed into memory first. Paths are relative and '/'-separated, as the app stores them.
 */
export async function* imageFiles(root: string, dir = root): AsyncGenerator<ImageFile> {
  const entries = await opendir(dir);
  const subfolders: string[] = [];
  for await (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) subfolders.push(path);
    else if (entry.isFile() && imageTypeFromName(entry.name))
      yield { path, relativePath: relative(root, path).split(sep).join('/') };
  }
  for (const folder of subfolders.sort()) yield* imageFiles(root, folder);
}

export interface ImageFile {
  path: string;
  relativePath: string;
}
