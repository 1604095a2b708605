import { beforeEach, describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  InvalidRecordError,
  newId,
  type ImageAnnotations,
  type Region,
} from '../domain';
import { StaleWriteError } from './errors';
import { openStore } from './index';
import { freshIndexedDb } from './test/fixtures';
import { testRegion } from '../domain/test-regions';

beforeEach(() => freshIndexedDb());

const region = (label: string): Region => testRegion({ label });

const withRegions = (a: ImageAnnotations, ...labels: string[]): ImageAnnotations => ({
  ...a,
  regions: labels.map(region),
});

describe('annotation revisions', () => {
  it('refuse a save based on a revision another writer moved past; nothing is overwritten', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const start = emptyAnnotations(newId<'image'>(), project.id);
    // Two tabs opened the image at revision 0; the first saves two regions.
    const first = await store.annotations.save(withRegions(start, 'a', 'b'), 0);
    expect(first).toBe(1);
    // The second tab, still based on revision 0, tries to save its one region.
    await expect(store.annotations.save(withRegions(start, 'c'), 0)).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    const stored = await store.annotations.get(start.imageId, project.id);
    expect(stored.regions.map((r) => r.label)).toEqual(['a', 'b']);
    expect(stored.revision).toBe(1);
    // Reloaded at the stored revision, its next save goes through.
    expect(await store.annotations.save(withRegions(stored, 'a', 'b', 'c'), 1)).toBe(2);
  });

  it('are bumped by blind writes too (a batch run), so an open editor learns of them', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const start = emptyAnnotations(newId<'image'>(), project.id);
    await store.annotations.save(withRegions(start, 'a'), 0);
    await store.annotations.putMany([withRegions(start, 'model')]);
    await expect(store.annotations.save(withRegions(start, 'mine'), 1)).rejects.toBeInstanceOf(
      StaleWriteError,
    );
  });
});

describe('the store validates records', () => {
  it('writes nothing of a batch when one record is invalid', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const good = withRegions(emptyAnnotations(newId<'image'>(), project.id), 'a');
    const bad = {
      ...withRegions(emptyAnnotations(newId<'image'>(), project.id), 'b'),
      regions: [{ ...region('b'), shape: { kind: 'circle' } }],
    } as unknown as ImageAnnotations;
    await expect(store.annotations.putMany([good, bad])).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await store.annotations.listByProject(project.id)).toEqual([]);
  });

  it('names a damaged stored record on read instead of handing it to the editor', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const record = withRegions(emptyAnnotations(newId<'image'>(), project.id), 'a');
    const damaged = { ...record, regions: [{ ...record.regions[0], shape: { kind: 'circle' } }] };
    await store.db.put('annotations', damaged as unknown as ImageAnnotations);
    const read = store.annotations.get(record.imageId, project.id);
    await expect(read).rejects.toThrow(/regions\[0\]\.shape\.kind/);
  });

  it('names a project whose schema is damaged', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    await store.db.put('projects', { ...project, schema: { foo: 1 } as never });
    await expect(store.projects.get(project.id)).rejects.toThrow(/schema\.classes/);
  });
});
