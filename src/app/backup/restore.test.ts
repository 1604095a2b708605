import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotations } from '../../domain';
import { backupStream, streamToBlob } from '../../formats';
import { openStore } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { testSuggestion } from '../../domain/test-regions';
import { projectExportInput } from '../export/project-input';
import { restoreProjectBackup, UnreadableBackupImage } from './restore';

beforeEach(() => freshIndexedDb());

const thumbnail = { blob: new Blob([new Uint8Array([7])]), width: 8, height: 6 };
const readable = {
  size: 2,
  probe: () =>
    Promise.resolve({
      ok: true as const,
      mime: 'image/png' as const,
      width: 1,
      height: 1,
      contentHash: 'probe',
      thumbnail,
    }),
};

async function backedUp() {
  const store = await openStore();
  const project = await store.projects.create('Backed up');
  const images = [
    makeImage(project.id, 'a.png', { width: 30, height: 40, status: 'accepted' }),
    makeImage(project.id, 'deep/b.png', { contentHash: 'b' }),
  ];
  await store.images.addMany(project.id, images);
  const now = Date.now();
  const rejected = testSuggestion(0.4, {
    shape: { kind: 'box', box: { x: 1, y: 1, w: 2, h: 2 } },
    label: 'dog',
    state: 'rejected',
    updatedAt: now,
    updatedBy: 'ann',
  });
  const record = { ...emptyAnnotations(images[0]!.item.id, project.id), regions: [rejected] };
  await store.annotations.put(record);
  const current = await store.projects.require(project.id);
  const stream = backupStream(await projectExportInput(store, current));
  const file = new File([await streamToBlob(stream, 'application/zip')], 'backup.zip');
  return { store, project: current, images, record, file };
}

describe('restoreProjectBackup', () => {
  it('restores exactly what was backed up, with new thumbnails', async () => {
    const { store, project, images, record, file } = await backedUp();
    await store.projects.delete(project.id);
    const progress: number[] = [];
    const restored = await restoreProjectBackup(store, file, readable, {
      onProgress: (done) => progress.push(done),
    });
    expect(restored).toEqual(project);
    const items = await store.images.listByProject(project.id);
    expect(items.sort((a, b) => a.relativePath.localeCompare(b.relativePath))).toEqual(
      images.map((i) => i.item),
    );
    expect(await store.annotations.listByProject(project.id)).toEqual([{ ...record, revision: 1 }]);
    expect((await store.images.thumbnail(images[1]!.item.id))?.size).toBe(1);
    expect(progress.at(-1)).toBe(2);
  });

  it('stores nothing when an image of the backup cannot be read', async () => {
    const { store, project, file } = await backedUp();
    await store.projects.delete(project.id);
    const broken = {
      size: 1,
      probe: () =>
        Promise.resolve({ ok: false as const, reason: 'unreadable' as const, detail: 'bad' }),
    };
    await expect(restoreProjectBackup(store, file, broken)).rejects.toBeInstanceOf(
      UnreadableBackupImage,
    );
    expect(await store.projects.list()).toEqual([]);
  });
});
