import { describe, expect, it, vi } from 'vitest';
import type { ImageId, RegionId } from '../domain';
import { RegionClipboard } from './clipboard';
import { EditorSession, wheelZoomFactor } from './session';
import { annotations, at, humanRegion, key, modelRegion, schema, session } from './test/fixtures';

const a = () => humanRegion('a', { kind: 'box', box: { x: 1000, y: 1000, w: 400, h: 200 } });
const m = () => modelRegion('m', { kind: 'box', box: { x: 100, y: 100, w: 50, h: 50 } });
const boxOf = (s: ReturnType<typeof session>, i: number) => {
  const r = s.regions[i];
  return r?.shape.kind === 'box' ? r.shape.box : undefined;
};

describe('session actions', () => {
  it('nudges with arrows (Shift for 10 px), each press one step, stopping at the border', () => {
    const s = session([a()]);
    s.select(['a' as RegionId]);
    s.keyDown(key('ArrowRight'));
    s.keyDown(key('ArrowDown', { shift: true }));
    expect(boxOf(s, 0)).toMatchObject({ x: 1001, y: 1010 });
    s.undo();
    expect(boxOf(s, 0)).toMatchObject({ x: 1001, y: 1000 });
    s.nudge(-5000, 0);
    expect(boxOf(s, 0)).toMatchObject({ x: 0, w: 400 });
  });

  it('deletes human regions and rejects suggestions in one step', () => {
    const s = session([a(), m()]);
    s.select(['a', 'm'] as RegionId[]);
    s.keyDown(key('Delete'));
    expect(s.regions.map((r) => [r.id, r.state])).toEqual([['m', 'rejected']]);
    expect(s.selection.size).toBe(0);
    s.undo();
    expect(s.regions.map((r) => [r.id, r.state])).toEqual([
      ['a', 'accepted'],
      ['m', 'suggested'],
    ]);
  });

  it('duplicates with an offset as human regions', () => {
    const s = session([m()]);
    s.select(['m' as RegionId]);
    s.keyDown(key('d', { mod: true }));
    expect(s.regions).toHaveLength(2);
    const copy = s.regions[1]!;
    expect(copy.id).not.toBe('m');
    expect(copy.provenance.source).toBe('human');
    expect(copy.state).toBe('accepted');
    expect(boxOf(s, 1)).toEqual({ x: 110, y: 110, w: 50, h: 50 });
    expect([...s.selection]).toEqual([copy.id]);
  });

  it('copies on one image and pastes on another, clamped to its size', () => {
    const clipboard = new RegionClipboard();
    const s1 = session(
      [humanRegion('far', { kind: 'box', box: { x: 3800, y: 2800, w: 200, h: 200 } })],
      {},
      clipboard,
    );
    s1.select(['far' as RegionId]);
    s1.keyDown(key('c', { mod: true }));
    s1.keyDown(key('v', { mod: true }));
    expect(boxOf(s1, 1)).toEqual({ x: 3810, y: 2810, w: 190, h: 190 });
    const s2 = session([], {}, clipboard, 'image-2' as ImageId);
    s2.keyDown(key('v', { mod: true }));
    expect(boxOf(s2, 0)).toEqual({ x: 3800, y: 2800, w: 200, h: 200 });
    expect(s2.regions[0]?.label).toBe('car');
    s2.undo();
    expect(s2.regions).toHaveLength(0);
  });

  it('toggles hidden and locked, accepts the selected suggestion and all of them', () => {
    const s = session([a(), m(), modelRegion('m2', { kind: 'point', point: { x: 1, y: 1 } })]);
    s.select(['a' as RegionId]);
    s.keyDown(key('h'));
    s.keyDown(key('l'));
    expect(s.regions[0]).toMatchObject({ hidden: true, locked: true });
    s.select(['m' as RegionId]);
    s.keyDown(key('y'));
    expect(s.regions.map((r) => r.state)).toEqual(['accepted', 'accepted', 'suggested']);
    s.keyDown(key('Y', { shift: true }));
    expect(s.regions.map((r) => r.state)).toEqual(['accepted', 'accepted', 'accepted']);
    s.undo();
    expect(s.regions[2]?.state).toBe('suggested');
  });

  it('undo and redo by keyboard', () => {
    const s = session([a()]);
    s.select(['a' as RegionId]);
    s.keyDown(key('ArrowLeft'));
    s.keyDown(key('z', { mod: true }));
    expect(boxOf(s, 0)?.x).toBe(1000);
    s.keyDown(key('Z', { mod: true, shift: true }));
    expect(boxOf(s, 0)?.x).toBe(999);
    s.keyDown(key('z', { mod: true }));
    s.keyDown(key('y', { mod: true }));
    expect(boxOf(s, 0)?.x).toBe(999);
  });

  it('passes navigation, image accept and help to the page', () => {
    const navigate = vi.fn();
    const acceptImage = vi.fn();
    const toggleHelp = vi.fn();
    const s = session([], { navigate, acceptImage, toggleHelp });
    s.keyDown(key('d'));
    s.keyDown(key('a'));
    s.keyDown(key('n'));
    s.keyDown(key('r'));
    s.keyDown(key('Enter', { mod: true }));
    s.keyDown(key('?', { shift: true }));
    expect(navigate.mock.calls.map((c) => c[0])).toEqual([
      'next',
      'previous',
      'next-unlabeled',
      'next-review',
    ]);
    expect(acceptImage).toHaveBeenCalledOnce();
    expect(toggleHelp).toHaveBeenCalledOnce();
  });

  it('zooms with keys and the wheel, fits with F and shows 1:1 with Shift+1', () => {
    const s = session();
    s.keyDown(key('f'));
    const fit = s.viewport.scale;
    s.keyDown(key('+'));
    expect(s.viewport.scale).toBeCloseTo(fit * 1.25, 9);
    s.keyDown(key('!', { shift: true, code: 'Digit1' }));
    expect(s.viewport.scale).toBe(1);
    s.wheel({ x: 100, y: 100 }, 0, -100, true);
    expect(s.viewport.scale).toBeGreaterThan(1);
    const before = s.viewport;
    s.wheel({ x: 100, y: 100 }, 30, 40, false);
    expect(s.viewport.offsetX).toBe(before.offsetX - 30);
    expect(s.viewport.scale).toBe(before.scale);
  });

  it('keeps the picture fitted while the canvas settles on its size, until the person moves the view', () => {
    const s = new EditorSession({
      annotations: annotations(),
      schema,
      imageSize: { width: 4000, height: 3000 },
      author: 'bob',
    });
    s.resize({ width: 1200, height: 700 });
    s.resize({ width: 1588, height: 944 });
    // 4000×3000 in 1588×944 less the 16 px margins: the height decides.
    expect(s.viewport.scale).toBeCloseTo((944 - 32) / 3000, 9);
    s.wheel({ x: 10, y: 10 }, 0, -100, true);
    const zoomed = s.viewport.scale;
    s.resize({ width: 1000, height: 600 });
    expect(s.viewport.scale).toBe(zoomed);
    s.fit();
    s.resize({ width: 1588, height: 944 });
    expect(s.viewport.scale).toBeCloseTo((944 - 32) / 3000, 9);
  });

  it('zooms one wheel notch ×1.22 and never more than two notches at once', () => {
    expect(wheelZoomFactor(-100)).toBeCloseTo(1.2214, 4);
    expect(wheelZoomFactor(100)).toBeCloseTo(1 / 1.2214, 4);
    expect(wheelZoomFactor(-5000)).toBeCloseTo(1.2214 ** 2, 4);
  });

  it('hovers the region under the pointer and notifies only what changed', () => {
    const s = session([a()]);
    const changes: string[] = [];
    s.subscribe((c) =>
      changes.push(
        Object.entries(c)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(','),
      ),
    );
    s.pointerMove(at(1100, 1100));
    expect(s.hover).toBe('a');
    expect(changes).toEqual(['hover']);
    s.pointerMove(at(10, 10));
    expect(s.hover).toBeNull();
  });

  it('drops selection of regions an undo removed', () => {
    const s = session();
    s.setTool('box');
    s.pointerDown(at(0, 0));
    s.pointerMove(at(100, 100));
    s.pointerUp(at(100, 100));
    expect(s.selection.size).toBe(1);
    s.undo();
    expect(s.selection.size).toBe(0);
  });

  it('Esc with nothing in progress clears the selection', () => {
    const s = session([a()]);
    s.select(['a' as RegionId]);
    s.keyDown(key('Escape'));
    expect(s.selection.size).toBe(0);
  });
});

describe('session view on open', () => {
  const options = (view?: { scale: number; centre: { x: number; y: number } }) =>
    new EditorSession({
      annotations: annotations([]),
      schema,
      imageSize: { width: 4000, height: 3000 },
      author: 'bob',
      screen: { width: 800, height: 600 },
      ...(view ? { view } : {}),
    });

  it('opens fitted, and stays fitted when the canvas gets its size', () => {
    const s = options();
    expect(s.fitted).toBe(true);
    s.resize({ width: 1000, height: 800 });
    expect(s.viewport.scale).toBeCloseTo((1000 - 32) / 4000, 9);
  });

  it('opens on a carried zoom and keeps its centre when the canvas is resized', () => {
    const s = options({ scale: 2, centre: { x: 0.25, y: 0.5 } });
    expect(s.fitted).toBe(false);
    s.resize({ width: 1000, height: 700 });
    expect(s.viewport.scale).toBe(2);
    expect(s.viewport.offsetX).toBeCloseTo(500 - 1000 * 2, 9);
    expect(s.viewport.offsetY).toBeCloseTo(350 - 1500 * 2, 9);
    s.fit();
    expect(s.fitted).toBe(true);
  });
});
