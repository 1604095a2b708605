import type { FileData, FileEntry } from '../types';

/** Reads an export's entries into path → text (images as their byte length marker). */
export async function readData(data: FileData): Promise<string> {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  if (typeof data === 'function')
    return new TextDecoder().decode(new Uint8Array(await (await data()).arrayBuffer()));
  let text = '';
  for await (const piece of data)
    text += typeof piece === 'string' ? piece : new TextDecoder().decode(piece);
  return text;
}

export async function collect(entries: AsyncIterable<FileEntry>): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of entries) files.set(entry.path, await readData(entry.data));
  return files;
}
