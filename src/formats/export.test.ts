import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportItem } from './types';
import { exportPackage, safeFileName } from './export';
import { parseJsonl } from './jsonl/parse';
import { projectArb } from './test/arbitraries';
import { openZip } from './zip/read';
import { streamToBlob } from './zip/write';
import { parseCoco } from './coco/parse';
import { detectImport, importImagesOf, readImportFiles } from './import/detect';

const sample = fc.sample(
  projectArb.filter((p) => p.items.length >= 3),
  { numRuns: 1, seed: 11 },
)[0]!;
const { project } = sample;
const items: ExportItem[] = sample.items.map((item, i) => ({
  ...item,
  image: { ...item.image, status: i === 0 ? 'new' : 'accepted' },
  annotations: i === 0 ? null : item.annotations,
}));
const readImage = async (image: ExportItem['image']) => new Blob([`bytes of ${image.id}`]);
const input = { project, items, total: items.length, readImage };

describe('exportPackage', () => {
  it('plain .jsonl without images, one line per image including never-opened ones, with progress', async () => {
    const progress: [number, number][] = [];
    const pkg = await exportPackage(
      'jsonl',
      input,
      { filter: {}, include: 'accepted', withImages: false },
      { onProgress: (d, t) => progress.push([d, t]) },
    );
    expect(pkg.fileName).toBe('Test 项目-jsonl.jsonl');
    const text = await (await streamToBlob(pkg.stream, pkg.mime)).text();
    expect(parseJsonl(text).records).toHaveLength(items.length);
    expect(progress.at(-1)).toEqual([items.length, items.length]);
  });

  it('labeledOnly drops images nobody decided on; status filter keeps the asked statuses', async () => {
    const labeled = await exportPackage('jsonl', input, {
      filter: { labeledOnly: true },
      include: 'accepted',
      withImages: false,
    });
    const lines = parseJsonl(await (await streamToBlob(labeled.stream, '')).text()).records;
    expect(lines.map((l) => l.relativePath)).toEqual(
      items.slice(1).map((i) => i.image.relativePath),
    );
    const fresh = await exportPackage('jsonl', input, {
      filter: { statuses: ['new'] },
      include: 'accepted',
      withImages: false,
    });
    const only = (await (await streamToBlob(fresh.stream, '')).text()).trim().split('\n');
    expect(only).toHaveLength(1);
  });

  it('COCO with images is a zip holding instances.json and every image, stored', async () => {
    const pkg = await exportPackage('coco', input, {
      filter: {},
      include: 'accepted+suggested',
      withImages: true,
    });
    expect(pkg.fileName.endsWith('.zip')).toBe(true);
    const zip = await openZip(await streamToBlob(pkg.stream, pkg.mime));
    const instances = zip.get('annotations/instances.json')!;
    expect(parseCoco(await zip.text(instances)).records).toHaveLength(items.length);
    const carried = importImagesOf(zip)
      .map((i) => i.relativePath)
      .sort();
    expect(carried).toEqual(items.map((i) => i.image.relativePath).sort());
    const detected = detectImport(await readImportFiles(zip), 'coco.zip');
    expect(detected.format).toBe('coco');
    for (const { image } of items) {
      const entry = zip.get(`images/${image.relativePath}`)!;
      expect(entry.method).toBe(0);
      expect(await (await zip.blob(entry)).text()).toBe(`bytes of ${image.id}`);
    }
  });

  it('COCO without images or captions is a plain .json', async () => {
    const noCaptions = items.map((i) => ({
      ...i,
      annotations: i.annotations && { ...i.annotations, caption: null },
    }));
    const pkg = await exportPackage(
      'coco',
      { ...input, items: noCaptions },
      { filter: {}, include: 'accepted', withImages: false },
    );
    expect(pkg.fileName.endsWith('.json')).toBe(true);
    expect(parseCoco(await (await streamToBlob(pkg.stream, '')).text()).records).toHaveLength(
      items.length,
    );
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const pkg = await exportPackage(
      'voc',
      input,
      { filter: {}, include: 'accepted', withImages: false },
      { signal: controller.signal },
    );
    await expect(streamToBlob(pkg.stream, '')).rejects.toThrow('stop');
  });

  it('file names keep letters of any script and lose what file systems refuse', () => {
    expect(safeFileName('项目: a/b*?')).toBe('项目- a-b-');
    expect(safeFileName('...')).toBe('annota');
  });
});
