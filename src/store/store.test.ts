import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyAnnotations, newId } from '../domain';
import { openAnnotaDb } from './database';
import { migrations, type Migration } from './migrations';
import { NewerDatabaseError } from './errors';
import { createStore, openStore, StorageFullError, SCHEMA_VERSION } from './index';
import { freshIndexedDb, makeImage } from './test/fixtures';

beforeEach(() => freshIndexedDb());

describe('schema and migrations', () => {
  it('creates every store at the current version', async () => {
    const db = await openAnnotaDb();
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['annotations', 'imageBlobs', 'images', 'jobs', 'projects', 'settings', 'thumbnails'].sort(),
    );
    db.close();
  });

  it('upgrades a v1 database with data to a later version without losing it', async () => {
    const v1 = createStore(await openAnnotaDb({ version: 1 }));
    const project = await v1.projects.create('Shoes');
    await v1.images.addMany(project.id, [makeImage(project.id, 'a.png')]);
    v1.db.close();

    let ranV2 = false;
    const v2: Migration = (_db, tx) => {
      ranV2 = true;
      // A real migration would rewrite records; this one proves it can read v1 data in the upgrade.
      void tx.objectStore('projects').count();
    };
    const db = await openAnnotaDb({ version: 2, migrations: [...migrations, v2] });
    expect(ranV2).toBe(true);
    const store = createStore(db);
    expect((await store.projects.list()).map((p) => p.name)).toEqual(['Shoes']);
    expect(await store.images.count(project.id)).toBe(1);
    db.close();
  });

  it('tells an old build facing a newer database so, in a typed error (not the raw VersionError)', async () => {
    const v2: Migration = () => undefined;
    (await openAnnotaDb({ version: SCHEMA_VERSION + 1, migrations: [...migrations, v2] })).close();
    await expect(openAnnotaDb()).rejects.toBeInstanceOf(NewerDatabaseError);
  });

  it('refuses to open a version it has no migration for', async () => {
    await expect(openAnnotaDb({ version: SCHEMA_VERSION + 1 })).rejects.toThrow(/no migration/);
  });
});

describe('projects', () => {
  it('creates, renames, lists newest first and validates names', async () => {
    const store = await openStore();
    const a = await store.projects.create('  First ');
    expect(a.name).toBe('First');
    await new Promise((r) => setTimeout(r, 2));
    const b = await store.projects.create('Second');
    expect((await store.projects.list()).map((p) => p.id)).toEqual([b.id, a.id]);
    const renamed = await store.projects.rename(a.id, 'Renamed');
    expect(renamed.name).toBe('Renamed');
    await expect(store.projects.rename(a.id, '   ')).rejects.toThrow(RangeError);
    await expect(store.projects.create('')).rejects.toThrow(RangeError);
  });

  it('deletes a project with all its images, blobs, thumbnails and annotations only', async () => {
    const store = await openStore();
    const keep = await store.projects.create('Keep');
    const gone = await store.projects.create('Gone');
    await store.images.addMany(keep.id, [makeImage(keep.id, 'k.png')]);
    const img = makeImage(gone.id, 'g.png');
    await store.images.addMany(gone.id, [img]);
    await store.annotations.put(emptyAnnotations(img.item.id, gone.id));
    await store.projects.delete(gone.id);
    expect(await store.projects.get(gone.id)).toBeUndefined();
    for (const name of ['images', 'imageBlobs', 'thumbnails', 'annotations'] as const) {
      expect(await store.db.countFromIndex(name, 'projectId', gone.id)).toBe(0);
    }
    expect(await store.images.count(keep.id)).toBe(1);
  });
});

describe('images', () => {
  it('adds a batch with bytes and thumbnails, counts by status and streams pages', async () => {
    const store = await openStore();
    const project = await store.projects.create('P');
    const batch = Array.from({ length: 7 }, (_, i) => makeImage(project.id, `img-${i}.png`));
    await store.images.addMany(project.id, batch);
    await store.images.setStatus(batch[0]!.item.id, 'needs-review', ['low-confidence']);
    const counts = await store.images.countByStatus(project.id);
    expect(counts.new).toBe(6);
    expect(counts['needs-review']).toBe(1);
    expect((await store.images.get(batch[0]!.item.id))?.reviewReasons).toEqual(['low-confidence']);
    const original = await store.images.original(batch[1]!.item.id);
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));

    const seen: string[] = [];
    for await (const page of store.images.iterateByProject(project.id, 3)) {
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((i) => i.id));
    }
    expect(seen.sort()).toEqual(batch.map((b) => b.item.id).sort());
  });

  it('rejects a batch for a project that does not exist and writes nothing', async () => {
    const store = await openStore();
    const ghost = newId<'project'>();
    await expect(store.images.addMany(ghost, [makeImage(ghost, 'x.png')])).rejects.toThrow(
      /not found/,
    );
    expect(await store.db.count('images')).toBe(0);
  });

  it('turns a quota failure mid-batch into StorageFullError with nothing half-written', async () => {
    const store = await openStore();
    const project = await store.projects.create('Full disk');
    await store.images.addMany(project.id, [makeImage(project.id, 'before.png')]);

    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      calls += 1;
      if (calls === 5) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    try {
      const batch = Array.from({ length: 3 }, (_, i) => makeImage(project.id, `new-${i}.png`));
      await expect(store.images.addMany(project.id, batch)).rejects.toBeInstanceOf(
        StorageFullError,
      );
    } finally {
      spy.mockRestore();
    }
    expect(await store.images.count(project.id)).toBe(1);
    expect(await store.db.count('imageBlobs')).toBe(1);
    expect(await store.db.count('thumbnails')).toBe(1);
  });
});

describe('annotations and settings', () => {
  it('returns empty annotations for an image never annotated and saves many at once', async () => {
    const store = await openStore();
    const project = await store.projects.create('A');
    const imageId = newId<'image'>();
    const empty = await store.annotations.get(imageId, project.id);
    expect(empty.regions).toEqual([]);
    const other = newId<'image'>();
    await store.annotations.putMany([{ ...empty, tags: [] }, emptyAnnotations(other, project.id)]);
    expect((await store.annotations.listByProject(project.id)).length).toBe(2);
  });

  it('keeps typed settings and falls back on wrong types', async () => {
    const store = await openStore();
    const isString = (v: unknown): v is string => typeof v === 'string';
    expect(await store.settings.get('userName', 'anon', isString)).toBe('anon');
    await store.settings.set('userName', '李雷');
    expect(await store.settings.get('userName', 'anon', isString)).toBe('李雷');
    await store.settings.set('userName', 42);
    expect(await store.settings.get('userName', 'anon', isString)).toBe('anon');
  });
});
