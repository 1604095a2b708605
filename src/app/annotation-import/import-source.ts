import { normaliseRelativePath, type ImageItem } from '../../domain';
import { importImagesOf, openZip, readImportFiles, type TextFile } from '../../formats';
import type { PickedFile } from '../../media/file-walk';

/** An image an archive carries, read only when it is added to the project. */
export interface CarriedImage {
  relativePath: string;
  blob: () => Promise<Blob>;
}

/** What the user picked for an annotation import, read into annotation files and carried images. */
export interface ImportSource {
  /** Names the input in messages: the zip's or the single file's name. */
  name: string;
  files: TextFile[];
  images: CarriedImage[];
}

const ZIP = /\.zip$/i;
const TEXT = /\.(jsonl|json|csv|txt|ya?ml|xml)$/i;

/**
 * Reads picked files or zips: annotation files as text (images and anything else in a zip stay
 * unread), and the images a zip carries so a wiped project can take them back.
 */
export async function readImportSource(picked: readonly PickedFile[]): Promise<ImportSource> {
  const files: TextFile[] = [];
  const images: CarriedImage[] = [];
  for (const { file, relativePath } of picked) {
    if (ZIP.test(file.name)) {
      const zip = await openZip(file, file.name);
      files.push(...(await readImportFiles(zip)));
      images.push(...importImagesOf(zip));
    } else if (TEXT.test(file.name)) {
      files.push({ path: normaliseRelativePath(relativePath), text: await file.text() });
    }
  }
  const name = picked.length === 1 ? picked[0]!.file.name : `${picked.length} files`;
  return { name, files, images };
}

/** Carried images whose path the project does not have yet. */
export function missingImages(
  carried: readonly CarriedImage[],
  images: readonly ImageItem[],
): CarriedImage[] {
  const have = new Set(images.map((i) => i.relativePath));
  const seen = new Set<string>();
  return carried.filter(
    (c) =>
      !have.has(c.relativePath) && !seen.has(c.relativePath) && (seen.add(c.relativePath), true),
  );
}

/** Carried images as files for the image import, keeping the path they had in the project. */
export async function asPickedFiles(carried: readonly CarriedImage[]): Promise<PickedFile[]> {
  return Promise.all(
    carried.map(async (c) => {
      const blob = await c.blob();
      const name = c.relativePath.split('/').pop()!;
      return { file: new File([blob], name, { type: blob.type }), relativePath: c.relativePath };
    }),
  );
}
