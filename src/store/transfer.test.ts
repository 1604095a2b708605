import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotations, newId, type ImageAnnotations } from '../domain';
import { testRegion } from '../domain/test-regions';
import { openStore } from './index';
import { freshIndexedDb, makeImage } from './test/fixtures';

beforeEach(() => freshIndexedDb());

function withRegion(record: ImageAnnotations, label: string): ImageAnnotations {
  const region = testRegion({ label, updatedAt: Date.now() });
  return { ...record, regions: [...record.regions, region] };
}

describe('findMany', () => {
  it('reads records in order, null for images without any', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const a = withRegion(emptyAnnotations(newId<'image'>(), project.id), 'cat');
    const c = emptyAnnotations(newId<'image'>(), project.id);
    await store.annotations.putMany([a, c]);
    // Every stored write bumps the revision (see AnnotationRepository.save).
    expect(await store.annotations.findMany([a.imageId, newId<'image'>(), c.imageId])).toEqual([
      { ...a, revision: 1 },
      null,
      { ...c, revision: 1 },
    ]);
  });
});

describe('applyImport', () => {
  it('writes schema, records and statuses together', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const a = makeImage(project.id, 'a.png');
    await store.images.addMany(project.id, [a]);
    const schema = { ...project.schema, captionLanguage: 'zh' as const };
    const record = withRegion(emptyAnnotations(a.item.id, project.id), 'cat');
    await store.annotations.applyImport(project.id, {
      schema,
      records: [record],
      statuses: [{ imageId: a.item.id, status: 'accepted' }],
    });
    expect((await store.projects.require(project.id)).schema).toEqual(schema);
    expect(await store.annotations.get(a.item.id, project.id)).toEqual({ ...record, revision: 1 });
    expect((await store.images.get(a.item.id))?.status).toBe('accepted');
  });

  it('writes nothing when one status names an image that is gone', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const a = makeImage(project.id, 'a.png');
    await store.images.addMany(project.id, [a]);
    const record = withRegion(emptyAnnotations(a.item.id, project.id), 'cat');
    await expect(
      store.annotations.applyImport(project.id, {
        schema: { ...project.schema, captionLanguage: 'zh' },
        records: [record],
        statuses: [
          { imageId: a.item.id, status: 'accepted' },
          { imageId: newId<'image'>(), status: 'accepted' },
        ],
      }),
    ).rejects.toThrow(/image not found/);
    expect((await store.projects.require(project.id)).schema).toEqual(project.schema);
    expect(await store.annotations.listByProject(project.id)).toEqual([]);
    expect((await store.images.get(a.item.id))?.status).toBe('new');
  });

  it('refuses records of another project', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const other = await store.projects.create('Q');
    const record = emptyAnnotations(newId<'image'>(), other.id);
    await expect(
      store.annotations.applyImport(project.id, {
        schema: project.schema,
        records: [record],
        statuses: [],
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe('restore', () => {
  it('keeps every id when the project is not here, and stores images, thumbnails and records', async () => {
    const store = await openStore();
    const project = await store.projects.create('Backed up');
    const a = makeImage(project.id, 'a.png', { status: 'accepted', width: 30, height: 40 });
    const b = makeImage(project.id, 'sub/b.png');
    const record = withRegion(emptyAnnotations(a.item.id, project.id), '猫');
    await store.projects.delete(project.id);

    const restored = await store.projects.restore({
      project,
      images: [a, b],
      annotations: [record],
    });
    expect(restored).toEqual(project);
    expect(await store.images.listByProject(project.id)).toEqual(
      expect.arrayContaining([a.item, b.item]),
    );
    expect(await store.annotations.listByProject(project.id)).toEqual([{ ...record, revision: 1 }]);
    expect(await store.images.thumbnail(b.item.id)).toBeDefined();
    expect((await store.images.original(a.item.id)).size).toBe(4);
  });

  it('gives a second copy fresh ids so it lives beside the original', async () => {
    const store = await openStore();
    const project = await store.projects.create('Twice');
    const a = makeImage(project.id, 'a.png');
    await store.images.addMany(project.id, [a]);
    const record = withRegion(emptyAnnotations(a.item.id, project.id), 'cat');
    await store.annotations.put(record);

    const copy = await store.projects.restore({ project, images: [a], annotations: [record] });
    expect(copy.id).not.toBe(project.id);
    expect(copy.name).toBe(project.name);
    const [image] = await store.images.listByProject(copy.id);
    expect(image?.id).not.toBe(a.item.id);
    expect({ ...image, id: a.item.id, projectId: project.id }).toEqual(a.item);
    expect(await store.annotations.get(image!.id, copy.id)).toEqual({
      ...record,
      imageId: image!.id,
      projectId: copy.id,
      revision: 1,
    });
    expect(await store.images.count(project.id)).toBe(1);
  });

  it('stores nothing when a record names an image the backup lacks', async () => {
    const store = await openStore();
    const project = await store.projects.create('Broken');
    const a = makeImage(project.id, 'a.png');
    await store.projects.delete(project.id);
    await expect(
      store.projects.restore({
        project,
        images: [a],
        annotations: [emptyAnnotations(newId<'image'>(), project.id)],
      }),
    ).rejects.toThrow(RangeError);
    expect(await store.projects.list()).toEqual([]);
    expect(await store.images.count(project.id)).toBe(0);
  });
});
