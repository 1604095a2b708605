import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotations } from '../../domain';
import { humanRegion } from '../../editor/test/fixtures';
import type { Mask, Prompt } from '../../segment';
import { openStore } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { UserName } from '../user-name.svelte';
import { OutlineController, type OutlineModel } from './outline-controller.svelte';

/** The whole 40×30 image is the object: any box prompt gets it back. */
const everything = (): Mask => ({
  width: 40,
  height: 30,
  data: new Uint8Array(40 * 30).fill(1),
  imageWidth: 40,
  imageHeight: 30,
});

beforeEach(() => freshIndexedDb());

async function setup(model: OutlineModel) {
  const store = await openStore();
  const project = await store.projects.create('Fruit');
  const images = [makeImage(project.id, 'a.png'), makeImage(project.id, 'b.png')];
  await store.images.addMany(project.id, images);
  for (const { item } of images)
    await store.annotations.put({
      ...emptyAnnotations(item.id, project.id),
      regions: [humanRegion('r', { kind: 'box', box: { x: 2, y: 2, w: 16, h: 12 } })],
    });
  return { store, project, controller: new OutlineController(store, model, new UserName(store)) };
}

describe('OutlineController', () => {
  it('makes no job when the model cannot load, and says why', async () => {
    const { store, project, controller } = await setup({
      client: { encode: async () => undefined, decode: async () => everything() },
      error: { kind: 'model-missing', message: 'encoder.onnx: 404' },
      ensureLoaded: async () => null,
    });
    expect(await controller.start(project.id, { kind: 'all' }, 1)).toBeNull();
    expect(controller.error).toEqual({
      kind: 'model',
      model: { kind: 'model-missing', message: 'encoder.onnx: 404' },
    });
    expect(await store.outlineJobs.listByProject(project.id)).toEqual([]);
  });

  it('runs a new job over the selection to the end, as stored', async () => {
    const asked: Prompt[] = [];
    const { store, project, controller } = await setup({
      client: {
        encode: async () => undefined,
        decode: async (_id: string, prompt: Prompt) => {
          asked.push(prompt);
          return everything();
        },
      },
      error: null,
      ensureLoaded: async () => ({}),
    });
    const end = await controller.start(project.id, { kind: 'all' }, 2);
    expect(end).toMatchObject({ status: 'done', tolerance: 2, outlined: 2, counts: { done: 2 } });
    expect(await store.outlineJobs.listByProject(project.id)).toEqual([end]);
    expect(asked).toHaveLength(2);
    expect(controller.progress).toMatchObject({ running: false, remaining: 0 });
    expect(controller.isInterrupted(end!)).toBe(false);
    expect(controller.error).toBeNull();
  });
});
