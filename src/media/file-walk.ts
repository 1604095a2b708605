import { normaliseRelativePath, type ImageSource } from '../domain';

/** A file picked or dropped, with its path inside the chosen folder. */
export interface PickedFile {
  file: File;
  relativePath: string;
  /** For a page rendered from a PDF: the document and page it came from. */
  source?: ImageSource;
}

export function fromFileList(files: FileList | readonly File[]): PickedFile[] {
  return Array.from(files, (file) => ({
    file,
    // Folder pickers fill webkitRelativePath ("Folder/sub/a.jpg"); loose files leave it empty.
    relativePath: normaliseRelativePath(file.webkitRelativePath || file.name),
  }));
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call: keep reading until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const step = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          step();
        }
      }, reject);
    step();
  });
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/**
 * Files of one folder asked for at once: each is a round trip to the browser, and one at a time a
 * folder of 20,000 files took most of a minute to walk.
 */
const FILES_AT_ONCE = 64;

type Picked = { file: PickedFile } | { unreadable: string };

async function pickFile(entry: FileSystemFileEntry): Promise<Picked> {
  try {
    const file = await entryFile(entry);
    return { file: { file, relativePath: normaliseRelativePath(entry.fullPath || file.name) } };
  } catch {
    return { unreadable: normaliseRelativePath(entry.fullPath || entry.name) };
  }
}

async function walk(
  entry: FileSystemEntry,
  out: PickedFile[],
  unreadable: string[],
): Promise<void> {
  if (entry.isFile) {
    const picked = await pickFile(entry as FileSystemFileEntry);
    if ('file' in picked) out.push(picked.file);
    else unreadable.push(picked.unreadable);
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader()).catch(
      () => {
        unreadable.push(normaliseRelativePath(entry.fullPath || entry.name));
        return [];
      },
    );
    // Files a slice at a time, folders one by one, all kept in the folder's order.
    for (let at = 0; at < children.length; at += FILES_AT_ONCE) {
      const slice = children.slice(at, at + FILES_AT_ONCE);
      const files = await Promise.all(
        slice.map((child) => (child.isFile ? pickFile(child as FileSystemFileEntry) : null)),
      );
      for (const [i, child] of slice.entries()) {
        const picked = files[i];
        if (!picked) await walk(child, out, unreadable);
        else if ('file' in picked) out.push(picked.file);
        else unreadable.push(picked.unreadable);
      }
    }
  }
}

/** Files and whole folders dropped on the page, folders walked recursively. */
export async function fromDataTransfer(
  transfer: DataTransfer,
): Promise<{ files: PickedFile[]; unreadable: string[] }> {
  const files: PickedFile[] = [];
  const unreadable: string[] = [];
  // Entries must be taken synchronously, before the first await, or the DataTransfer is emptied.
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  for (const entry of entries) await walk(entry, files, unreadable);
  files.push(...fromFileList(loose));
  return { files, unreadable };
}
