import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotations, newId } from '../domain';
import { createJob } from '../domain/batch/job-state';
import { createOutlineJob, recordOutline } from '../domain/batch/outline-job';
import { DETECT_SPEC } from '../app/batch/test-fixtures';
import { humanRegion } from '../editor/test/fixtures';
import { openStore, StaleWriteError } from '.';
import { freshIndexedDb, makeImage } from './test/fixtures';

beforeEach(() => freshIndexedDb());

async function setup() {
  const store = await openStore();
  const project = await store.projects.create('Fruit');
  const images = [makeImage(project.id, 'a.png'), makeImage(project.id, 'b.png')];
  await store.images.addMany(project.id, images);
  const imageIds = images.map((i) => i.item.id);
  const outline = createOutlineJob({
    id: newId<'job'>(),
    projectId: project.id,
    imageIds,
    selection: { kind: 'all' },
    tolerance: 1,
    author: 'ann',
    now: 2000,
  });
  await store.outlineJobs.create(outline.job, outline.chunks);
  return { store, project, image: images[0]!.item, ...outline };
}

describe('outline jobs in the jobs store', () => {
  it('are kept apart from Qwen3-VL batches: each kind lists and reads only its own', async () => {
    const { store, project, job, chunks } = await setup();
    const batch = createJob({
      id: newId<'job'>(),
      projectId: project.id,
      spec: DETECT_SPEC,
      imageIds: chunks[0]!.imageIds,
      skip: new Set(),
      author: 'ann',
      now: 1000,
    });
    await store.jobs.create(batch.job, batch.chunks);
    expect(await store.outlineJobs.listByProject(project.id)).toEqual([job]);
    expect(await store.jobs.listByProject(project.id)).toEqual([batch.job]);
    expect(await store.jobs.get(job.id)).toBeUndefined();
    expect(await store.outlineJobs.get(batch.job.id)).toBeUndefined();
    expect(await store.outlineJobs.chunks(job)).toEqual(chunks);
    await store.projects.delete(project.id);
    expect(await store.db.count('jobs')).toBe(0);
  });

  it('write an image’s outline with its progress, and nothing when the image changed meanwhile', async () => {
    const { store, image, job, chunks } = await setup();
    const before = {
      ...emptyAnnotations(image.id, image.projectId),
      regions: [humanRegion('r', { kind: 'box', box: { x: 1, y: 1, w: 5, h: 5 } })],
    };
    await store.annotations.put(before);
    const outlined = {
      ...before,
      regions: [
        { ...before.regions[0]!, shape: { kind: 'polygon' as const, points: [1, 1, 6, 1, 6, 6] } },
      ],
    };
    const done = recordOutline(job, chunks[0]!, 0, { state: 'done', outlined: 1, ms: 5 }, 3000);
    // Someone saved the image after the job read it at revision 1.
    await store.annotations.put(before);
    await expect(
      store.outlineJobs.saveOutcome({ ...done, annotations: outlined, basedOn: 1 }),
    ).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store.outlineJobs.chunks(job))[0]!.states[0]).toBe('pending');
    expect((await store.outlineJobs.get(job.id))!.outlined).toBe(0);
    expect((await store.annotations.get(image.id, image.projectId)).regions[0]!.shape.kind).toBe(
      'box',
    );

    await store.outlineJobs.saveOutcome({ ...done, annotations: outlined, basedOn: 2 });
    expect((await store.outlineJobs.chunks(job))[0]!.states[0]).toBe('done');
    expect((await store.outlineJobs.get(job.id))!.outlined).toBe(1);
    const saved = await store.annotations.get(image.id, image.projectId);
    expect(saved).toMatchObject({ revision: 3, regions: [{ shape: { kind: 'polygon' } }] });
  });
});
