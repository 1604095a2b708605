import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotations, newId, type ImageId, type JobId } from '../../domain';
import { createJob } from '../../domain/batch/job-state';
import { BatchRunner, type ImageAnswer } from './runner';
import { DETECT_SPEC, scripted } from './test-fixtures';
import { openStore, type Store } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { batchStorage } from './batch-storage';

beforeEach(() => freshIndexedDb());

async function projectWithImages(n: number) {
  const store = await openStore();
  const project = await store.projects.create('Shelf');
  const images = Array.from({ length: n }, (_, i) => makeImage(project.id, `img-${i + 1}.png`));
  await store.images.addMany(project.id, images);
  const { job, chunks } = createJob({
    id: newId<'job'>(),
    projectId: project.id,
    spec: DETECT_SPEC,
    imageIds: images.map((i) => i.item.id),
    skip: new Set(),
    author: 'ann',
    now: 1000,
    chunkSize: 2,
  });
  await store.jobs.create(job, chunks);
  return { store, project, images: images.map((i) => i.item), job, chunks };
}

const good = (): ImageAnswer => ({ result: scripted('detect'), tokens: 5, cancelled: false });

function runner(store: Store, run: (id: ImageId) => Promise<ImageAnswer>) {
  return new BatchRunner({
    storage: batchStorage(store),
    model: {
      run: (_job, image) => run(image.id),
      reload: async () => undefined,
      cancel: () => undefined,
    },
    threshold: () => 0.85,
    onProgress: () => undefined,
  });
}

describe('JobRepository', () => {
  it('stores a job with its chunks and lists only job headers, newest first', async () => {
    const { store, project, job, chunks } = await projectWithImages(5);
    const older = { ...job, id: newId<'job'>(), createdAt: 10, chunkCount: 0 };
    await store.jobs.create(older, []);
    expect(await store.jobs.get(job.id)).toEqual(job);
    expect(await store.jobs.chunks(job)).toEqual(chunks);
    expect((await store.jobs.listByProject(project.id)).map((j) => j.id)).toEqual([
      job.id,
      older.id,
    ]);
    expect(await store.jobs.get(`${job.id}#0` as JobId)).toBeUndefined();
  });

  it('writes an outcome all at once or not at all', async () => {
    const { store, images, job, chunks } = await projectWithImages(2);
    const image = images[0]!;
    const annotations = emptyAnnotations(image.id, image.projectId);
    const broken = { ...annotations, imageId: undefined as unknown as ImageId };
    const chunk = { ...chunks[0]!, states: ['done', 'pending'] as const };
    await expect(
      store.jobs.saveOutcome({
        job: { ...job, counts: { ...job.counts, done: 1 } },
        chunk: { ...chunk, states: [...chunk.states] },
        annotations: broken,
        image: { ...image, status: 'pre-annotated' },
      }),
    ).rejects.toThrow();
    expect((await store.jobs.get(job.id))!.counts.done).toBe(0);
    expect((await store.jobs.chunks(job))[0]!.states).toEqual(['pending', 'pending']);
    expect((await store.images.get(image.id))!.status).toBe('new');
  });

  it('resumes a job interrupted mid-run without redoing or skipping an image', async () => {
    const { store, job } = await projectWithImages(5);
    const first: ImageId[] = [];
    void runner(store, (id) => {
      first.push(id);
      // The third image never finishes: the tab is closed while the model works on it.
      if (first.length === 3) return new Promise<ImageAnswer>(() => undefined);
      return Promise.resolve(good());
    }).run(job);
    await expect.poll(() => first.length).toBe(3);
    const stored = (await store.jobs.get(job.id))!;
    expect(stored.status).toBe('running');
    expect(stored.counts.done).toBe(2);

    const second: ImageId[] = [];
    const end = await runner(store, (id) => {
      second.push(id);
      return Promise.resolve(good());
    }).run(stored);
    expect(second).toEqual([
      first[2],
      ...(await store.jobs.chunks(end)).flatMap((c) => c.imageIds).slice(3),
    ]);
    expect(end.status).toBe('done');
    expect(end.counts.done).toBe(5);
    for (const a of await store.annotations.listByProject(job.projectId))
      expect(a.answers).toHaveLength(1);
  });

  it('is deleted with its project, and on its own', async () => {
    const { store, project, job } = await projectWithImages(3);
    await store.jobs.delete(job);
    expect(await store.jobs.listByProject(project.id)).toEqual([]);
    expect(await store.db.count('jobs')).toBe(0);

    const again = await projectWithImages(3);
    await again.store.projects.delete(again.project.id);
    expect(await again.store.db.count('jobs')).toBe(0);
  });
});
