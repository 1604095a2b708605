import { describe, expect, it } from 'vitest';
import type { ImageId, ImageItem } from '../../domain';
import { countStates, createJob, failures } from '../../domain/batch/job-state';
import { BatchRunner, type BatchModel, type BatchProgress, type ImageAnswer } from './runner';
import { DETECT_SPEC, image, JOB, MemoryStorage, NOW, PROJECT, scripted } from './test-fixtures';
import type { BatchJob } from '../../domain/batch/types';

type Behaviour = (image: ImageItem, attempt: number) => Promise<ImageAnswer> | ImageAnswer;

const good = (): ImageAnswer => ({ result: scripted('detect'), tokens: 30, cancelled: false });

class FakeModel implements BatchModel {
  runs: ImageId[] = [];
  reloads = 0;
  cancels = 0;
  private attempts = new Map<ImageId, number>();
  constructor(public behaviour: Behaviour = good) {}

  async run(_job: BatchJob, img: ImageItem, _original: Blob, onText: (t: string) => void) {
    this.runs.push(img.id);
    const attempt = (this.attempts.get(img.id) ?? 0) + 1;
    this.attempts.set(img.id, attempt);
    onText('[');
    return this.behaviour(img, attempt);
  }
  async reload() {
    this.reloads += 1;
  }
  cancel() {
    this.cancels += 1;
  }
}

function setup(n: number, chunkSize = 4) {
  const images = Array.from({ length: n }, (_, i) => image(i + 1));
  const storage = new MemoryStorage(images);
  const { job, chunks } = createJob({
    id: JOB,
    projectId: PROJECT,
    spec: DETECT_SPEC,
    imageIds: images.map((i) => i.id),
    skip: new Set(),
    author: 'ann',
    now: NOW,
    chunkSize,
  });
  storage.addJob(job, chunks);
  return { images, storage, job };
}

function runner(storage: MemoryStorage, model: BatchModel, progress: BatchProgress[] = []) {
  let clock = NOW;
  return new BatchRunner({
    storage,
    model,
    threshold: () => 0.85,
    onProgress: (p) => progress.push(p),
    now: () => (clock += 100),
    reportEveryMs: 1000,
  });
}

const storedJob = (s: MemoryStorage) => s.jobs.get(JOB)!;

describe('BatchRunner', () => {
  it('runs every image once, saves suggestions and review state with the progress, and finishes', async () => {
    const { storage, job } = setup(10);
    const model = new FakeModel((img) =>
      img.id === 'image-3'
        ? { result: scripted('detect-unparseable'), tokens: 12, cancelled: false }
        : img.id === 'image-7'
          ? { result: scripted('detect-low-confidence'), tokens: 20, cancelled: false }
          : good(),
    );
    const progress: BatchProgress[] = [];
    const end = await runner(storage, model, progress).run(job);
    expect(end.status).toBe('done');
    expect(storedJob(storage)).toEqual(end);
    expect(model.runs).toHaveLength(10);
    expect(new Set(model.runs).size).toBe(10);
    expect(end.counts).toEqual({ done: 10, failed: 0, skipped: 0, needsReview: 2 });
    expect(end.tokens).toBe(8 * 30 + 12 + 20);
    expect(storage.writes).toBe(10);

    const img = (id: string) => storage.images.get(id as ImageId)!;
    expect(img('image-1').status).toBe('pre-annotated');
    expect(img('image-3')).toMatchObject({
      status: 'needs-review',
      reviewReasons: ['unparseable-output', 'empty-result'],
    });
    expect(img('image-7')).toMatchObject({
      status: 'needs-review',
      reviewReasons: ['low-confidence'],
    });
    const ann = storage.annotationStore.get('image-1' as ImageId)!;
    expect(ann.regions.map((r) => [r.label, r.state])).toEqual([
      ['cat', 'suggested'],
      ['person', 'suggested'],
    ]);
    expect(ann.answers).toHaveLength(1);

    // Throttled: far fewer reports than images and tokens; the last one says it stopped.
    expect(progress.length).toBeLessThan(10);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ running: false, remaining: 0, stopping: null });
    expect(last.job.status).toBe('done');
  });

  it('keeps N images in flight and records each one once, in one consistent job', async () => {
    const { storage, job } = setup(13, 4);
    let inFlight = 0;
    let most = 0;
    const model = new FakeModel(async (img) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Uneven answer times, so images finish out of order across chunks.
      await new Promise((r) => setTimeout(r, (Number(img.id.split('-')[1]) % 3) * 5));
      inFlight--;
      return good();
    });
    let clock = NOW;
    const end = await new BatchRunner({
      storage,
      model,
      threshold: () => 0.85,
      onProgress: () => {},
      now: () => (clock += 100),
      concurrency: () => 4,
    }).run(job);
    expect(most).toBe(4);
    expect(end.status).toBe('done');
    expect(end.counts).toEqual({ done: 13, failed: 0, skipped: 0, needsReview: 0 });
    expect(new Set(model.runs).size).toBe(13);
    expect(storedJob(storage)).toEqual(end);
    const states = (await storage.chunks(end)).flatMap((c) => c.states);
    expect(states.every((s) => s === 'done')).toBe(true);
  });

  it('resumes after a crash exactly where it stopped: nothing done twice, nothing skipped', async () => {
    const { storage, job } = setup(9);
    // The first session dies during image 5 (the page reloads): its promise never settles.
    const dying = new FakeModel((img) =>
      img.id === 'image-5' ? new Promise<ImageAnswer>(() => undefined) : good(),
    );
    void runner(storage, dying).run(job);
    await new Promise((r) => setTimeout(r, 20));
    expect(dying.runs).toEqual(['image-1', 'image-2', 'image-3', 'image-4', 'image-5']);
    const interrupted = storedJob(storage);
    expect(interrupted.status).toBe('running');
    expect(interrupted.counts.done).toBe(4);

    const fresh = new FakeModel();
    const end = await runner(storage, fresh).run(interrupted);
    expect(fresh.runs).toEqual(['image-5', 'image-6', 'image-7', 'image-8', 'image-9']);
    expect(end.status).toBe('done');
    expect(end.counts.done).toBe(9);
    const chunks = await storage.chunks(end);
    expect(countStates(chunks)).toEqual({ pending: 0, done: 9, failed: 0, skipped: 0 });
    for (const a of storage.annotationStore.values()) expect(a.answers).toHaveLength(1);
  });

  it('pauses after the image in flight and resumes from the next one', async () => {
    const { storage, job } = setup(6);
    const model = new FakeModel((img) => {
      if (img.id === 'image-2') r.pause();
      return good();
    });
    const r = runner(storage, model);
    const paused = await r.run(job);
    expect(paused.status).toBe('paused');
    expect(paused.counts.done).toBe(2);
    expect(storedJob(storage).status).toBe('paused');

    model.behaviour = good;
    const end = await runner(storage, model).run(paused);
    expect(end.status).toBe('done');
    expect(model.runs).toEqual(['image-1', 'image-2', 'image-3', 'image-4', 'image-5', 'image-6']);
  });

  it('cancels: the model is told to stop and the image it let go of stays undone', async () => {
    const { storage, job } = setup(5);
    const model = new FakeModel((img) => {
      if (img.id !== 'image-3') return good();
      r.cancel();
      return { ...good(), cancelled: true };
    });
    const r = runner(storage, model);
    const end = await r.run(job);
    expect(end.status).toBe('cancelled');
    expect(end.finishedAt).not.toBeNull();
    expect(model.cancels).toBe(1);
    expect(end.counts.done).toBe(2);
    expect(storage.images.get('image-3' as ImageId)!.status).toBe('new');
    // A cancelled job is over: running it again does nothing.
    expect(await runner(storage, model).run(end)).toBe(end);
    expect(model.runs).toHaveLength(3);
  });

  it('records a per-image error on the image and goes on', async () => {
    const { storage, job } = setup(4);
    const model = new FakeModel((img) => {
      if (img.id === 'image-2')
        throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      if (img.id === 'image-3') throw new Error('Unexpected tensor shape');
      return good();
    });
    const end = await runner(storage, model).run(job);
    expect(end.status).toBe('done');
    expect(end.counts).toMatchObject({ done: 2, failed: 2 });
    expect(failures(await storage.chunks(end))).toEqual([
      {
        imageId: 'image-2',
        error: { kind: 'decode', message: 'The source image could not be decoded.' },
      },
      { imageId: 'image-3', error: { kind: 'model', message: 'Unexpected tensor shape' } },
    ]);
    expect(storage.images.get('image-2' as ImageId)).toMatchObject({
      status: 'needs-review',
      reviewReasons: ['model-error'],
    });
  });

  it('leaves a decided image’s status alone when the model fails on it', async () => {
    const { storage, job } = setup(1);
    storage.images.set('image-1' as ImageId, image(1, { status: 'accepted' }));
    const model = new FakeModel(() => {
      throw new Error('tensor shape mismatch');
    });
    const end = await runner(storage, model).run(job);
    expect(end.counts.failed).toBe(1);
    expect(storage.images.get('image-1' as ImageId)!.status).toBe('accepted');
  });

  it('reloads the model once after a device loss and retries the image', async () => {
    const { storage, job } = setup(3);
    const model = new FakeModel((img, attempt) => {
      if (img.id === 'image-2' && attempt === 1) throw new Error('GPUDevice was lost: unknown');
      if (img.id === 'image-3') throw new Error('device lost');
      return good();
    });
    const end = await runner(storage, model).run(job);
    expect(model.reloads).toBe(2);
    expect(model.runs).toEqual(['image-1', 'image-2', 'image-2', 'image-3', 'image-3']);
    expect(end.counts).toMatchObject({ done: 2, failed: 1 });
    expect(failures(await storage.chunks(end))[0]).toMatchObject({
      imageId: 'image-3',
      error: { kind: 'device-lost' },
    });
  });

  it('pauses the whole job, with the reason, on an error that would fail every image', async () => {
    const { storage, job } = setup(3);
    const model = new FakeModel((img) => {
      if (img.id === 'image-2') throw new TypeError('Failed to fetch');
      return good();
    });
    const progress: BatchProgress[] = [];
    const end = await runner(storage, model, progress).run(job);
    expect(end.status).toBe('paused');
    expect(end.counts).toMatchObject({ done: 1, failed: 0 });
    expect(progress.at(-1)!.stoppedBy).toBe('Failed to fetch');
  });

  it('pauses when storage is full, with nothing recorded for that image', async () => {
    const { storage, job } = setup(2);
    storage.failNextWrite = true;
    const end = await runner(storage, new FakeModel()).run(job);
    expect(end.status).toBe('paused');
    expect(end.counts.done).toBe(0);
    expect(storage.images.get('image-1' as ImageId)!.status).toBe('new');
  });

  it('skips images marked skipped and refuses to run two jobs at once', async () => {
    const images = [image(1), image(2)];
    const storage = new MemoryStorage(images);
    const { job, chunks } = createJob({
      id: JOB,
      projectId: PROJECT,
      spec: DETECT_SPEC,
      imageIds: images.map((i) => i.id),
      skip: new Set(['image-1' as ImageId]),
      author: 'ann',
      now: NOW,
    });
    storage.addJob(job, chunks);
    const model = new FakeModel(
      () => new Promise<ImageAnswer>((resolve) => setTimeout(() => resolve(good()), 5)),
    );
    const r = runner(storage, model);
    const first = r.run(job);
    await expect(r.run(job)).rejects.toThrow(/already running/);
    const end = await first;
    expect(model.runs).toEqual(['image-2']);
    expect(end.counts).toMatchObject({ done: 1, skipped: 1 });
  });
});
