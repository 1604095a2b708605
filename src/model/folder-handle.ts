/**
 * A model folder picked with the File System Access API (Chromium): its handle can be kept in
 * IndexedDB, so on the next visit the person grants read access again with one click instead of
 * finding and picking the folder anew (issue 15 item 4). Browsers without the API keep the plain
 * folder input, which remembers nothing.
 */

/** The parts of the API lib.dom does not declare yet. */
interface PermissionHandle {
  queryPermission?(options: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' }): Promise<PermissionState>;
}
type DirectoryPicker = (options: {
  mode: 'read';
  id?: string;
}) => Promise<FileSystemDirectoryHandle>;

export function canRememberFolders(): boolean {
  return typeof window !== 'undefined' && 'showDirectoryPicker' in window;
}

export function isDirectoryHandle(value: unknown): value is FileSystemDirectoryHandle {
  return (
    typeof FileSystemDirectoryHandle !== 'undefined' && value instanceof FileSystemDirectoryHandle
  );
}

/** Asks for a folder; null when the person closes the picker. */
export async function chooseDirectory(): Promise<FileSystemDirectoryHandle | null> {
  const pick = (window as unknown as { showDirectoryPicker: DirectoryPicker }).showDirectoryPicker;
  try {
    return await pick({ mode: 'read', id: 'annota-model' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

/** Read access to a remembered folder: asked again (one click) when the browser dropped it. */
export async function readAccess(handle: FileSystemDirectoryHandle): Promise<boolean> {
  const h = handle as FileSystemDirectoryHandle & PermissionHandle;
  if ((await h.queryPermission?.({ mode: 'read' })) === 'granted') return true;
  return (await h.requestPermission?.({ mode: 'read' })) === 'granted';
}

/** Every file under the folder, with paths that start with the folder's own name, as an input gives. */
export async function filesOfDirectory(
  handle: FileSystemDirectoryHandle,
  prefix = handle.name,
): Promise<{ path: string; size: number; value: File }[]> {
  const out: { path: string; size: number; value: File }[] = [];
  for await (const child of handle.values()) {
    const path = `${prefix}/${child.name}`;
    if (child.kind === 'directory') out.push(...(await filesOfDirectory(child, path)));
    else {
      const file = await child.getFile();
      out.push({ path, size: file.size, value: file });
    }
  }
  return out;
}
