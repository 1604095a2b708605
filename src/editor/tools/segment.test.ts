import { describe, expect, it } from 'vitest';
import type { Box, Region } from '../../domain';
import { polygonArea, shapeBounds } from '../../domain';
import type { Mask, Prompt, Segmenter } from '../../segment';
import { at, drag, humanRegion, key, modelRegion, session } from '../test/fixtures';

/**
 * A scene on the fixture's 4000×3000 image, as a model would see it on a 400×300 grid: a frame
 * (a square with a square hole) and a disc. The test model answers a prompt with the objects its
 * positive points (or its box's centre) fall in, less those of its negative points.
 */
const GRID = { width: 400, height: 300 };
const frame = (c: number, r: number) =>
  c >= 40 && c < 140 && r >= 40 && r < 140 && !(c >= 70 && c < 110 && r >= 70 && r < 110);
const disc = (c: number, r: number) => (c + 0.5 - 300) ** 2 + (r + 0.5 - 200) ** 2 < 40 ** 2;
const OBJECTS = [frame, disc];

function sceneMask(prompt: Prompt): Mask {
  const cell = (x: number, y: number) => [Math.floor(x / 10), Math.floor(y / 10)] as const;
  const hit = (x: number, y: number) => OBJECTS.filter((o) => o(...cell(x, y)));
  const seeds = prompt.points.filter((p) => p.positive).map((p) => ({ x: p.x, y: p.y }));
  if (prompt.box)
    seeds.push({ x: prompt.box.x + prompt.box.width / 2, y: prompt.box.y + prompt.box.height / 2 });
  const chosen = new Set(seeds.flatMap((p) => hit(p.x, p.y)));
  for (const p of prompt.points.filter((q) => !q.positive))
    for (const o of hit(p.x, p.y)) chosen.delete(o);
  const data = new Uint8Array(GRID.width * GRID.height);
  for (let r = 0; r < GRID.height; r++)
    for (let c = 0; c < GRID.width; c++)
      data[r * GRID.width + c] = [...chosen].some((o) => o(c, r)) ? 1 : 0;
  return { ...GRID, data, imageWidth: 4000, imageHeight: 3000 };
}

/** The scene model with answers held until the test lets them go, to see what waits. */
class HeldModel implements Segmenter {
  asked: Prompt[] = [];
  #pending: (() => void)[] = [];
  fail: Error | null = null;
  decode(prompt: Prompt): Promise<Mask> {
    this.asked.push(prompt);
    return new Promise((resolve, reject) =>
      this.#pending.push(() => (this.fail ? reject(this.fail) : resolve(sceneMask(prompt)))),
    );
  }
  /** Lets the answers held now go, and no later ones. */
  async answerOnce(): Promise<void> {
    this.#pending.splice(0).forEach((f) => f());
    await new Promise((r) => setTimeout(r, 0));
  }
  /** Lets every held answer go, and those asked for meanwhile, until the tool has taken them in. */
  async answer(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const go = this.#pending.splice(0);
      go.forEach((f) => f());
      await new Promise((r) => setTimeout(r, 0));
    }
  }
}

function segmentSession(regions: Region[] = []) {
  const s = session(regions);
  const model = new HeldModel();
  s.setSegmenter(model);
  s.setTool('segment');
  return { s, model };
}

const draftParts = (s: ReturnType<typeof session>) =>
  s.draft?.kind === 'segment' ? s.draft.parts : [];

describe('segment tool', () => {
  it('says when no model is loaded and does nothing on a click', () => {
    const s = session();
    s.setTool('segment');
    expect(s.segmentStatus).toBe('no-model');
    s.pointerDown(at(900, 900));
    s.pointerUp(at(900, 900));
    expect(s.toolPath).toBe('segment.prompted');
    s.keyDown(key('Enter'));
    expect(s.regions).toHaveLength(0);
    expect(s.segmentStatus).toBe('no-model');
  });

  it('previews on hover, asking only for the newest pointer position while one decode runs', async () => {
    const { s, model } = segmentSession();
    s.pointerMove(at(450, 450));
    s.pointerMove(at(2900, 1900));
    s.pointerMove(at(3000, 2000));
    expect(s.segmentStatus).toBe('working');
    // The first move started a decode; the other two wait, and only the last one will run.
    expect(model.asked).toHaveLength(1);
    await model.answer();
    expect(model.asked.map((p) => p.points[0])).toEqual([
      { x: 450, y: 450, positive: true },
      { x: 3000, y: 2000, positive: true },
    ]);
    expect(s.toolPath).toBe('segment.idle');
    const [part] = draftParts(s);
    // The disc under the pointer, not the frame the first move was over.
    expect(shapeBounds({ kind: 'polygon', points: part!.outer })).toMatchObject({
      x: 2600,
      y: 1600,
    });
    expect(s.regions).toHaveLength(0);
  });

  it('click, Alt-click and Enter: a polygon with its hole, one undo step', async () => {
    const { s, model } = segmentSession();
    s.pointerDown(at(450, 450));
    s.pointerUp(at(450, 450));
    expect(s.toolPath).toBe('segment.prompted');
    s.pointerDown(at(3000, 2000));
    s.pointerUp(at(3000, 2000));
    await model.answer();
    expect(draftParts(s)).toHaveLength(2);
    // Alt-click on the disc: not this one.
    s.pointerDown({ ...at(3000, 2000), alt: true });
    s.pointerUp({ ...at(3000, 2000), alt: true });
    await model.answer();
    expect(model.asked.at(-1)!.points.map((p) => p.positive)).toEqual([true, true, false]);
    expect(draftParts(s)).toHaveLength(1);
    expect(s.draft).toMatchObject({
      kind: 'segment',
      points: [{ positive: true }, { positive: true }, { positive: false }],
    });
    s.keyDown(key('Enter'));
    expect(s.toolPath).toBe('segment.idle');
    expect(s.regions).toHaveLength(1);
    const shape = s.regions[0]!.shape;
    expect(shape.kind).toBe('polygon');
    if (shape.kind !== 'polygon') return;
    expect(polygonArea(shape.points)).toBeCloseTo(1000 * 1000, -3);
    expect(shape.holes?.map(polygonArea)).toEqual([400 * 400]);
    expect(s.regions[0]).toMatchObject({
      label: 'car',
      state: 'accepted',
      provenance: { source: 'human' },
    });
    expect([...s.selection]).toEqual([s.regions[0]!.id]);
    s.undo();
    expect(s.regions).toHaveLength(0);
    expect(s.canUndo).toBe(false);
  });

  it('several parts become several regions in one step; Enter before the answer waits for it', async () => {
    const { s, model } = segmentSession();
    s.pointerDown(at(450, 450));
    s.pointerUp(at(450, 450));
    s.pointerDown(at(3000, 2000));
    s.pointerUp(at(3000, 2000));
    s.keyDown(key('Enter'));
    expect(s.regions).toHaveLength(0);
    await model.answer();
    expect(s.regions).toHaveLength(2);
    expect(s.selection.size).toBe(2);
    s.undo();
    expect(s.regions).toHaveLength(0);
  });

  it('a drag is a box prompt; Backspace drops the last prompt and Esc all of it', async () => {
    const { s, model } = segmentSession();
    drag(s, [2500, 1500], [3500, 2500]);
    expect(s.toolPath).toBe('segment.prompted');
    await model.answer();
    const asked = model.asked.at(-1)!;
    expect(asked.box).toEqual({ x: 2500, y: 1500, width: 1000, height: 1000 });
    expect(asked.points).toEqual([]);
    expect(draftParts(s)).toHaveLength(1);
    s.pointerDown(at(450, 450));
    s.pointerUp(at(450, 450));
    await model.answer();
    expect(draftParts(s)).toHaveLength(2);
    s.keyDown(key('Backspace'));
    await model.answer();
    expect(draftParts(s)).toHaveLength(1);
    s.keyDown(key('Escape'));
    expect(s.toolPath).toBe('segment.idle');
    expect(draftParts(s)).toHaveLength(0);
    s.keyDown(key('Enter'));
    expect(s.regions).toHaveLength(0);
  });

  it('the tolerance slider changes the preview at once and what Enter keeps', async () => {
    const { s, model } = segmentSession();
    s.pointerDown(at(3000, 2000));
    s.pointerUp(at(3000, 2000));
    await model.answer();
    const fine = draftParts(s)[0]!.outer.length;
    s.setSegmentTolerance(10);
    const coarse = draftParts(s)[0]!.outer.length;
    expect(coarse).toBeLessThan(fine);
    expect(model.asked).toHaveLength(1);
    s.keyDown(key('Enter'));
    const shape = s.regions[0]!.shape;
    expect(shape.kind === 'polygon' && shape.points.length).toBe(coarse);
  });

  it('a failing model says why and keeps the prompt', async () => {
    const { s, model } = segmentSession();
    model.fail = new Error('decoder exploded');
    s.pointerDown(at(450, 450));
    s.pointerUp(at(450, 450));
    await model.answer();
    expect(s.segmentStatus).toBe('failed');
    expect(s.segmentError).toBe(model.fail);
    expect(s.toolPath).toBe('segment.prompted');
    model.fail = null;
    s.pointerDown(at(3000, 2000));
    s.pointerUp(at(3000, 2000));
    await model.answer();
    expect(s.segmentStatus).toBe('ready');
    expect(draftParts(s)).toHaveLength(2);
  });

  it('S picks the tool; leaving it drops the preview', async () => {
    const { s, model } = segmentSession();
    s.setTool('select');
    s.keyDown(key('s'));
    expect(s.toolName).toBe('segment');
    s.pointerMove(at(450, 450));
    await model.answer();
    expect(draftParts(s)).toHaveLength(1);
    s.setTool('box');
    expect(s.draft).toBeNull();
  });
});

describe('box → polygon', () => {
  const boxShape = (box: Box) => ({ kind: 'box' as const, box });

  it('outlines the selected box, keeping label and suggestion state, as one undo step', async () => {
    const suggested = modelRegion('a', boxShape({ x: 2550, y: 1550, w: 900, h: 900 }), {
      label: 'ball',
    });
    const other = humanRegion('b', boxShape({ x: 350, y: 350, w: 1100, h: 1100 }));
    const { s, model } = segmentSession([suggested, other]);
    s.select([suggested.id]);
    expect(s.canOutline(s.selectedRegions)).toBe(true);
    const done = s.outlineBoxes(s.selectedRegions);
    expect(s.outlining).toBe(true);
    await model.answer();
    expect(await done).toBe(1);
    const [a, b] = s.regions;
    expect(a!.shape.kind).toBe('polygon');
    expect(a).toMatchObject({ label: 'ball', state: 'suggested' });
    expect(a!.modelOriginal?.shape).toEqual(suggested.shape);
    expect(b!.shape.kind).toBe('box');
    s.undo();
    expect(s.regions[0]!.shape).toEqual(suggested.shape);
  });

  it('outlines every box of the image; a box moved meanwhile keeps the move', async () => {
    const a = humanRegion('a', boxShape({ x: 2550, y: 1550, w: 900, h: 900 }));
    const b = humanRegion('b', boxShape({ x: 350, y: 350, w: 1100, h: 1100 }));
    const locked = humanRegion('c', boxShape({ x: 0, y: 0, w: 100, h: 100 }), { locked: true });
    const { s, model } = segmentSession([a, b, locked]);
    const done = s.outlineBoxes(s.regions);
    await model.answerOnce();
    // The first box was answered; move the second before its answer comes.
    s.select([b.id]);
    s.nudge(10, 0);
    await model.answer();
    expect(await done).toBe(1);
    expect(model.asked.map((p) => p.box)).toHaveLength(2);
    expect(s.regions.map((r) => r.shape.kind)).toEqual(['polygon', 'box', 'box']);
    const hole = s.regions[0]!.shape;
    expect(hole.kind === 'polygon' && hole.holes).toBeUndefined();
  });

  it('needs a model and a box', () => {
    const s = session([humanRegion('a', boxShape({ x: 0, y: 0, w: 10, h: 10 }))]);
    expect(s.canOutline(s.regions)).toBe(false);
    s.setSegmenter(new HeldModel());
    expect(s.canOutline(s.regions)).toBe(true);
    expect(s.canOutline([])).toBe(false);
  });
});
