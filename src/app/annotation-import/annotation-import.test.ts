import { beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import {
  emptyAnnotations,
  type ImageAnnotations,
  type Project,
  type Region,
  type RegionShape,
} from '../../domain';
import { exportPackage, streamToBlob, type ExportFormat } from '../../formats';
import { openStore, type Store } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { testRegion } from '../../domain/test-regions';
import { projectExportInput } from '../export/project-input';
import { AnnotationImport, BackupPickedError } from './annotation-import.svelte';
import { missingImages, readImportSource } from './import-source';

beforeEach(() => freshIndexedDb());

function region(label: string, shape: RegionShape): Region {
  return testRegion({
    label,
    shape,
    updatedAt: Date.now(),
    updatedBy: 'ann',
    provenance: { source: 'human', author: 'ann', createdAt: Date.now() },
  });
}

/** A project of three images: two labeled, one never opened. */
async function seeded(store: Store): Promise<{ project: Project; records: ImageAnnotations[] }> {
  const project = await store.projects.create('Street');
  const images = [
    makeImage(project.id, 'a.png', { width: 40, height: 30 }),
    makeImage(project.id, 'sub/b.png', { width: 30, height: 40, contentHash: 'b' }),
    makeImage(project.id, 'c.png', { contentHash: 'c' }),
  ];
  await store.images.addMany(project.id, images);
  const records = [
    {
      ...emptyAnnotations(images[0]!.item.id, project.id),
      regions: [
        region('猫', { kind: 'box', box: { x: 1.25, y: 2, w: 10, h: 8.5 } }),
        region('car', { kind: 'polygon', points: [0, 0, 20, 0, 20, 25] }),
      ],
    },
    {
      ...emptyAnnotations(images[1]!.item.id, project.id),
      regions: [region('car', { kind: 'box', box: { x: 3, y: 4, w: 5, h: 6 } })],
    },
  ];
  await store.annotations.putMany(records);
  return { project, records };
}

async function exported(store: Store, project: Project, format: ExportFormat): Promise<File> {
  const pkg = await exportPackage(format, await projectExportInput(store, project), {
    filter: {},
    include: 'accepted',
    withImages: true,
  });
  return new File([await streamToBlob(pkg.stream, pkg.mime)], pkg.fileName);
}

const shapes = (records: readonly ImageAnnotations[]) =>
  records.flatMap((r) => r.regions.map((g) => `${g.label} ${JSON.stringify(g.shape)}`)).sort();

describe('readImportSource', () => {
  it('reads the annotation files and the images a zip carries', async () => {
    const store = await openStore();
    const { project } = await seeded(store);
    const zip = await exported(store, project, 'coco');
    const source = await readImportSource([{ file: zip, relativePath: zip.name }]);
    expect(source.name).toBe('Street-coco.zip');
    expect(source.files.map((f) => f.path)).toEqual(['annotations/instances.json']);
    expect(source.images.map((i) => i.relativePath).sort()).toEqual([
      'a.png',
      'c.png',
      'sub/b.png',
    ]);
    const images = await store.images.listByProject(project.id);
    expect(missingImages(source.images, images.slice(1)).map((i) => i.relativePath)).toEqual([
      images[0]!.relativePath,
    ]);
  });
});

describe('readImportSource with progress and Cancel', () => {
  it('reads a JSONL file line by line, counting bytes and records', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ file_name: `img-${i}.png`, regions: [] }),
    );
    const file = new File([lines.join('\n')], 'big.jsonl');
    const seen: { bytes: number; records: number }[] = [];
    const source = await readImportSource([{ file, relativePath: 'big.jsonl' }], {
      onProgress: ({ bytes, records }) => seen.push({ bytes, records }),
    });
    expect(source.files).toEqual([]);
    expect(source.jsonl[0]!.records).toHaveLength(3000);
    expect(seen.at(-1)).toEqual({ bytes: file.size, records: 3000 });
  });

  it('stops when cancelled and keeps nothing', async () => {
    const file = new File(['{"file_name":"a.png","regions":[]}\n'.repeat(50_000)], 'a.jsonl');
    const controller = new AbortController();
    const read = readImportSource([{ file, relativePath: 'a.jsonl' }], {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('AnnotationImport', () => {
  for (const format of ['coco', 'jsonl', 'voc', 'yolo-segment'] as const)
    it(`brings back the regions of a ${format} export into a wiped project`, async () => {
      const store = await openStore();
      const { project, records } = await seeded(store);
      const zip = await exported(store, project, format);
      const images = await store.images.listByProject(project.id);
      await store.projects.delete(project.id);

      const fresh = await store.projects.create('Again');
      await store.images.addMany(
        fresh.id,
        images.map((i) => makeImage(fresh.id, i.relativePath, { ...i, projectId: fresh.id })),
      );
      const session = new AnnotationImport(store, fresh.id, () => 'me');
      await session.pick([{ file: zip, relativePath: zip.name }]);
      flushSync();
      expect(session.error).toBeNull();
      expect(session.missing).toEqual([]);
      const analysis = session.analysis!;
      expect(analysis.match.matched).toHaveLength(3);
      expect(analysis.match.unmatched).toEqual([]);
      // COCO and YOLO declare categories (exported in code-point order); JSONL and VOC give labels
      // in the order they first appear, which follows the images' (random) ids.
      const fileOrder = analysis.unknown.map((u) => u.label);
      expect([...fileOrder].sort()).toEqual(['car', '猫']);
      if (format === 'coco' || format === 'yolo-segment') expect(fileOrder).toEqual(['car', '猫']);
      await session.apply();
      expect(session.error).toBeNull();
      expect(session.result).toMatchObject({ regions: 3, addedLabels: 2 });

      const schema = (await store.projects.require(fresh.id)).schema;
      expect(schema.classes.map((c) => c.name)).toEqual(fileOrder);
      expect(schema.classes.map((c) => c.hotkey)).toEqual(['1', '2']);
      const stored = await store.annotations.listByProject(fresh.id);
      const restored = shapes(stored);
      if (format === 'coco' || format === 'jsonl') expect(restored).toEqual(shapes(records));
      else expect(restored).toHaveLength(3);
      for (const r of stored.flatMap((a) => a.regions))
        expect(r.classId).toBe(schema.classes.find((c) => c.name === r.label)!.id);
    });

  it('reports unmatched entries, clamps boxes outside the image, and writes nothing before Import', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    await store.images.addMany(project.id, [makeImage(project.id, 'a.png')]);
    const text = [
      JSON.stringify({ file_name: 'a.png', regions: [{ label: 'x', bbox: [30, 20, 50, 50] }] }),
      JSON.stringify({ file_name: 'gone.png', regions: [] }),
    ].join('\n');
    const file = new File([text], 'labels.jsonl');
    const session = new AnnotationImport(store, project.id, () => 'me');
    await session.pick([{ file, relativePath: file.name }]);
    flushSync();
    const analysis = session.analysis!;
    expect(analysis.match.unmatched.map((u) => u.relativePath)).toEqual(['gone.png']);
    expect(analysis.warnings.map((w) => w.key)).toEqual(['box-clamped']);
    expect(await store.annotations.listByProject(project.id)).toEqual([]);

    session.addUnknownLabels = false;
    await session.apply();
    const [stored] = await store.annotations.listByProject(project.id);
    expect(stored!.regions[0]!.shape).toEqual({ kind: 'box', box: { x: 30, y: 20, w: 10, h: 10 } });
    expect(stored!.regions[0]!.classId).toBeNull();
    expect((await store.projects.require(project.id)).schema.classes).toEqual([]);
  });

  it('rejects a malformed file by line and field, and a backup with its own message', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const bad = new File(
      ['{"file_name":"a.png"}\n{"file_name":"b.png","regions":[{"label":"x","bbox":[1]}]}\n'],
      'bad.jsonl',
    );
    const session = new AnnotationImport(store, project.id, () => 'me');
    await session.pick([{ file: bad, relativePath: bad.name }]);
    expect(session.error).toMatchObject({ name: 'FormatError', line: 2 });
    expect(session.analysis).toBeNull();

    const backup = new File(
      ['{"format":"annota-backup","version":1,"project":{}}'],
      'project.json',
    );
    await session.pick([{ file: backup, relativePath: backup.name }]);
    expect(session.error).toBeInstanceOf(BackupPickedError);
  });
});
