import { describe, expect, it } from 'vitest';
import { fromDataTransfer } from './file-walk';

/** A dropped tree as the browser's FileSystemEntry objects: files answer `file()` after a delay. */
type Tree = { [name: string]: Tree | string | Error };

function entry(name: string, node: Tree | string | Error, parent: string): FileSystemEntry {
  const fullPath = `${parent}/${name}`;
  if (typeof node === 'string' || node instanceof Error) {
    // Later files answer sooner, so answers arrive out of order when asked for together.
    const delay = 10 - (name.charCodeAt(0) % 10);
    return {
      isFile: true,
      isDirectory: false,
      name,
      fullPath,
      file: (ok: (f: File) => void, fail: (e: Error) => void) =>
        setTimeout(() => (node instanceof Error ? fail(node) : ok(new File([node], name))), delay),
    } as unknown as FileSystemEntry;
  }
  const children = Object.entries(node).map(([n, child]) => entry(n, child, fullPath));
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath,
    createReader: () => {
      let at = 0;
      // Like Chromium, at most 100 entries per call, then an empty batch.
      return {
        readEntries: (ok: (batch: FileSystemEntry[]) => void) =>
          setTimeout(() => {
            ok(children.slice(at, at + 100));
            at += 100;
          }),
      };
    },
  } as unknown as FileSystemEntry;
}

function dropped(name: string, tree: Tree): DataTransfer {
  const root = entry(name, tree, '');
  return {
    items: [{ kind: 'file', webkitGetAsEntry: () => root, getAsFile: () => null }],
  } as unknown as DataTransfer;
}

describe('fromDataTransfer', () => {
  it('walks a dropped folder in its own order, subfolders where they stand, unreadable files named', async () => {
    const tree: Tree = {
      'a.png': 'a',
      sub: { 'x.png': 'x', deeper: { 'y.png': 'y' }, 'z.png': 'z' },
      'b.png': 'b',
      'gone.png': new Error('NotFoundError'),
      'c.png': 'c',
    };
    const { files, unreadable } = await fromDataTransfer(dropped('photos', tree));
    expect(files.map((f) => f.relativePath)).toEqual([
      'photos/a.png',
      'photos/sub/x.png',
      'photos/sub/deeper/y.png',
      'photos/sub/z.png',
      'photos/b.png',
      'photos/c.png',
    ]);
    expect(await files[1]!.file.text()).toBe('x');
    expect(unreadable).toEqual(['photos/gone.png']);
  });

  it('finds every file of a folder larger than one read and one slice of requests', async () => {
    const tree: Tree = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`${String(i).padStart(3, '0')}.txt`, `${i}`]),
    );
    const { files, unreadable } = await fromDataTransfer(dropped('notes', tree));
    expect(files.map((f) => f.relativePath)).toEqual(
      Object.keys(tree).map((name) => `notes/${name}`),
    );
    expect(unreadable).toEqual([]);
  });
});
