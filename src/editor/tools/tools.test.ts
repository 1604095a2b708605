import { describe, expect, it } from 'vitest';
import type { OcrLineId, Region } from '../../domain';
import {
  at,
  drag,
  humanRegion,
  key,
  modelOcrLine,
  modelRegion,
  ocrSession,
  person,
  session,
} from '../test/fixtures';
import { BoxTool } from './box';
import type { ToolPath } from './tool';

const box = (r: Region | undefined) => (r?.shape.kind === 'box' ? r.shape.box : undefined);
const poly = (r: Region | undefined) => (r?.shape.kind === 'polygon' ? r.shape.points : undefined);

describe('box tool', () => {
  it('goes box.idle → box.creating → box.idle and stores image pixels at zoom and pan', () => {
    const s = session();
    s.setTool('box');
    expect(s.toolPath).toBe('box.idle');
    s.pointerDown(at(1000, 800));
    expect(s.toolPath).toBe('box.creating');
    s.pointerMove(at(1500, 1100));
    expect(s.draft).toEqual({ kind: 'box', box: { x: 1000, y: 800, w: 500, h: 300 } });
    s.pointerUp(at(1600, 1200));
    expect(s.toolPath).toBe('box.idle');
    expect(s.draft).toBeNull();
    expect(s.regions).toHaveLength(1);
    const r = s.regions[0]!;
    expect(box(r)).toEqual({ x: 1000, y: 800, w: 600, h: 400 });
    expect(r.provenance).toMatchObject({ source: 'human', author: 'bob' });
    expect(r.state).toBe('accepted');
    expect(r.label).toBe('car');
    expect([...s.selection]).toEqual([r.id]);
    s.undo();
    expect(s.regions).toHaveLength(0);
    s.redo();
    expect(box(s.regions[0])).toEqual({ x: 1000, y: 800, w: 600, h: 400 });
  });

  it('clamps to the image, draws squares with Shift and ignores clicks', () => {
    const s = session();
    s.setTool('box');
    drag(s, [3900, 2900], [4500, 3500]);
    expect(box(s.regions[0])).toEqual({ x: 3900, y: 2900, w: 100, h: 100 });
    drag(s, [100, 100], [300, 200], { shift: true });
    expect(box(s.regions[1])).toEqual({ x: 100, y: 100, w: 200, h: 200 });
    s.pointerDown(at(500, 500));
    s.pointerUp(at(500, 500));
    expect(s.regions).toHaveLength(2);
  });

  it('treats a short drag as a click and drops boxes under the project minimum', () => {
    const s = session();
    s.setTool('box');
    // Zoomed in to 4×: a 3-screen-pixel drag is 0.75 image pixels — a slip, not a box.
    s.setViewport({ ...s.viewport, scale: 4, offsetX: 0, offsetY: 0 });
    const px = (x: number, y: number) => ({ ...at(0, 0), screen: { x, y } });
    s.pointerDown(px(100, 100));
    s.pointerMove(px(103, 103));
    s.pointerUp(px(103, 103));
    expect(s.regions).toHaveLength(0);
    // 8 screen pixels is a drag, but 2 × 2 image pixels is under a 5-pixel project minimum.
    s.setSchema({ ...s.schema, minBoxSize: 5 });
    s.pointerDown(px(100, 100));
    s.pointerUp(px(108, 108));
    expect(s.regions).toHaveLength(0);
    s.pointerDown(px(100, 100));
    s.pointerUp(px(124, 124));
    expect(box(s.regions[0])).toEqual({ x: 25, y: 25, w: 6, h: 6 });
  });

  it('Esc drops the box being drawn', () => {
    const s = session();
    s.setTool('box');
    s.pointerDown(at(100, 100));
    s.pointerMove(at(400, 400));
    s.keyDown(key('Escape'));
    expect(s.toolPath).toBe('box.idle');
    s.pointerUp(at(400, 400));
    expect(s.regions).toHaveLength(0);
    expect(s.canUndo).toBe(false);
  });
});

describe('polygon tool', () => {
  const click = (s: ReturnType<typeof session>, x: number, y: number, clicks = 1) => {
    s.pointerDown({ ...at(x, y), clicks });
    s.pointerUp({ ...at(x, y), clicks });
  };

  it('closes on the first point', () => {
    const s = session();
    s.setTool('polygon');
    click(s, 100, 100);
    expect(s.toolPath).toBe('polygon.drawing');
    click(s, 500, 100);
    click(s, 500, 400);
    s.pointerMove(at(102, 102));
    expect(s.draft).toMatchObject({ kind: 'polygon', closing: true });
    click(s, 102, 102);
    expect(s.toolPath).toBe('polygon.idle');
    expect(poly(s.regions[0])).toEqual([100, 100, 500, 100, 500, 400]);
    s.undo();
    expect(s.regions).toHaveLength(0);
  });

  it('closes with Enter, drops points with Backspace and everything with Esc', () => {
    const s = session();
    s.setTool('polygon');
    for (const [x, y] of [
      [0, 0],
      [1000, 0],
      [1000, 1000],
      [700, 700],
    ] as const)
      click(s, x, y);
    s.keyDown(key('Backspace'));
    s.keyDown(key('Enter'));
    expect(poly(s.regions[0])).toEqual([0, 0, 1000, 0, 1000, 1000]);
    click(s, 10, 10);
    click(s, 20, 20);
    s.keyDown(key('Escape'));
    expect(s.toolPath).toBe('polygon.idle');
    expect(s.draft).toBeNull();
    expect(s.regions).toHaveLength(1);
  });

  it('closes on a double click and keeps fewer than three points from becoming a region', () => {
    const s = session();
    s.setTool('polygon');
    click(s, 0, 0);
    click(s, 100, 0);
    click(s, 100, 100);
    click(s, 100, 100, 2);
    expect(poly(s.regions[0])).toEqual([0, 0, 100, 0, 100, 100]);
    click(s, 0, 0);
    click(s, 50, 50);
    s.keyDown(key('Enter'));
    expect(s.regions).toHaveLength(1);
  });
});

describe('point tool', () => {
  it('drops a point per click', () => {
    const s = session();
    s.setTool('point');
    expect(s.toolPath).toBe('point.idle');
    s.pointerDown(at(321, 654));
    s.pointerUp(at(321, 654));
    expect(s.regions[0]?.shape).toEqual({ kind: 'point', point: { x: 321, y: 654 } });
  });
});

describe('select tool', () => {
  const a = () => humanRegion('a', { kind: 'box', box: { x: 1000, y: 1000, w: 400, h: 200 } });
  const b = () => humanRegion('b', { kind: 'box', box: { x: 2000, y: 1000, w: 100, h: 100 } });

  it('moves the selection in one undo step', () => {
    const s = session([a(), b()]);
    expect(s.toolPath).toBe('select.idle');
    s.pointerDown(at(1100, 1100));
    expect(s.toolPath).toBe('select.dragging');
    s.pointerMove(at(1200, 1150));
    s.pointerMove(at(1300, 1200));
    s.pointerUp(at(1300, 1200));
    expect(s.toolPath).toBe('select.idle');
    expect(box(s.regions[0])).toEqual({ x: 1200, y: 1100, w: 400, h: 200 });
    expect(box(s.regions[1])).toEqual({ x: 2000, y: 1000, w: 100, h: 100 });
    s.undo();
    expect(box(s.regions[0])).toEqual({ x: 1000, y: 1000, w: 400, h: 200 });
    s.redo();
    expect(box(s.regions[0])).toEqual({ x: 1200, y: 1100, w: 400, h: 200 });
  });

  it('Esc during a move puts the region back and records nothing', () => {
    const s = session([a()]);
    s.pointerDown(at(1100, 1100));
    s.pointerMove(at(1500, 1500));
    s.keyDown(key('Escape'));
    expect(s.toolPath).toBe('select.idle');
    expect(box(s.regions[0])).toEqual({ x: 1000, y: 1000, w: 400, h: 200 });
    expect(s.canUndo).toBe(false);
  });

  it('a click selects without recording a move', () => {
    const s = session([a()]);
    s.pointerDown(at(1100, 1100));
    s.pointerUp(at(1100, 1100));
    expect([...s.selection]).toEqual(['a']);
    expect(s.canUndo).toBe(false);
  });

  it('resizes with 8 handles; Shift keeps the aspect ratio', () => {
    const s = session([a()]);
    s.select(['a' as Region['id']]);
    drag(s, [1400, 1200], [1600, 1300]);
    expect(box(s.regions[0])).toEqual({ x: 1000, y: 1000, w: 600, h: 300 });
    drag(s, [1000, 1150], [900, 1150]);
    expect(box(s.regions[0])).toEqual({ x: 900, y: 1000, w: 700, h: 300 });
    s.pointerDown(at(1600, 1300));
    expect(s.toolPath).toBe('select.resizing');
    s.pointerMove({ ...at(2300, 1350), shift: true });
    s.pointerUp({ ...at(2300, 1350), shift: true });
    const r = box(s.regions[0])!;
    expect(r.w / r.h).toBeCloseTo(700 / 300, 6);
    expect(r.w).toBeCloseTo(1400, 6);
    s.undo();
    expect(box(s.regions[0])).toEqual({ x: 900, y: 1000, w: 700, h: 300 });
  });

  it('shift-click toggles and a marquee selects what it touches', () => {
    const s = session([a(), b()]);
    s.pointerDown(at(1100, 1100));
    s.pointerUp(at(1100, 1100));
    s.pointerDown({ ...at(2050, 1050), shift: true });
    s.pointerUp({ ...at(2050, 1050), shift: true });
    expect(new Set(s.selection)).toEqual(new Set(['a', 'b']));
    s.pointerDown({ ...at(1100, 1100), shift: true });
    s.pointerUp({ ...at(1100, 1100), shift: true });
    expect([...s.selection]).toEqual(['b']);
    s.pointerDown(at(500, 500));
    expect(s.toolPath).toBe('select.marquee');
    expect(s.selection.size).toBe(0);
    s.pointerMove(at(1200, 1200));
    expect(s.draft?.kind).toBe('marquee');
    s.pointerUp(at(1200, 1200));
    expect([...s.selection]).toEqual(['a']);
    expect(s.draft).toBeNull();
  });

  it('does not move locked regions or pick hidden ones', () => {
    const s = session([a(), { ...b(), hidden: true }]);
    s.select(['a' as Region['id']]);
    s.toggleLocked();
    drag(s, [1100, 1100], [1500, 1500]);
    expect(box(s.regions[0])).toEqual({ x: 1000, y: 1000, w: 400, h: 200 });
    s.pointerDown(at(2050, 1050));
    s.pointerUp(at(2050, 1050));
    expect(s.selection.size).toBe(0);
  });

  it('drags, inserts and deletes polygon vertices', () => {
    const tri = humanRegion('p', { kind: 'polygon', points: [0, 0, 1000, 0, 1000, 1000] });
    const s = session([tri]);
    s.select(['p' as Region['id']]);
    drag(s, [1000, 1000], [1200, 1100]);
    expect(poly(s.regions[0])).toEqual([0, 0, 1000, 0, 1200, 1100]);
    s.pointerDown({ ...at(500, 0), alt: true });
    expect(s.toolPath).toBe('select.vertex');
    s.pointerMove({ ...at(500, 200), alt: true });
    s.pointerUp({ ...at(500, 200), alt: true });
    expect(poly(s.regions[0])).toEqual([0, 0, 500, 200, 1000, 0, 1200, 1100]);
    s.undo();
    expect(poly(s.regions[0])).toEqual([0, 0, 1000, 0, 1200, 1100]);
    s.redo();
    s.pointerDown({ ...at(500, 200), alt: true });
    s.pointerUp({ ...at(500, 200), alt: true });
    expect(poly(s.regions[0])).toEqual([0, 0, 1000, 0, 1200, 1100]);
  });

  it('editing a model suggestion keeps the model original and accepts it', () => {
    const s = session([
      modelRegion('m', { kind: 'box', box: { x: 1000, y: 1000, w: 100, h: 100 } }),
    ]);
    drag(s, [1050, 1050], [1150, 1050]);
    const r = s.regions[0]!;
    expect(box(r)).toEqual({ x: 1100, y: 1000, w: 100, h: 100 });
    expect(r.provenance.source).toBe('model');
    expect(r.state).toBe('accepted');
    expect(r.modelOriginal?.shape).toEqual({
      kind: 'box',
      box: { x: 1000, y: 1000, w: 100, h: 100 },
    });
    expect(r.updatedBy).toBe('bob');
  });
});

describe('pan', () => {
  it('space-drag and the middle button pan without touching regions', () => {
    const s = session([
      humanRegion('a', { kind: 'box', box: { x: 1000, y: 1000, w: 400, h: 200 } }),
    ]);
    const v0 = s.viewport;
    s.setSpacePan(true);
    s.pointerDown({ ...at(1100, 1100) });
    expect(s.toolPath).toBe('pan.panning');
    s.pointerMove({ ...at(1100, 1100), screen: { x: 500, y: 550 } });
    s.pointerUp({ ...at(1100, 1100), screen: { x: 500, y: 550 } });
    s.setSpacePan(false);
    expect(s.toolPath).toBe('select.idle');
    expect(s.viewport.offsetX - v0.offsetX).toBe(500 - 450);
    expect(s.viewport.offsetY - v0.offsetY).toBe(550 - 500);
    s.pointerDown({ ...at(0, 0), button: 1 });
    s.pointerMove({ ...at(0, 0), screen: { x: 0, y: 0 }, button: 1 });
    s.pointerUp({ ...at(0, 0), button: 1 });
    expect(s.toolPath).toBe('select.idle');
    expect(s.regions[0]?.shape).toEqual({ kind: 'box', box: { x: 1000, y: 1000, w: 400, h: 200 } });
    expect(s.canUndo).toBe(false);
  });

  it('the pan tool goes pan.idle → pan.panning and Esc restores the view', () => {
    const s = session();
    s.setTool('pan');
    const v0 = s.viewport;
    s.pointerDown(at(0, 0));
    expect(s.toolPath).toBe('pan.panning');
    s.pointerMove({ ...at(0, 0), screen: { x: 300, y: 300 } });
    expect(s.viewport).not.toBe(v0);
    s.keyDown(key('Escape'));
    expect(s.viewport).toBe(v0);
    expect(s.toolPath).toBe('pan.idle');
  });
});

describe('labels by hotkey', () => {
  it('sets the label of the selection and the class of new regions', () => {
    const s = session([humanRegion('a', { kind: 'box', box: { x: 0, y: 0, w: 10, h: 10 } })]);
    s.select(['a' as Region['id']]);
    expect(s.keyDown(key('2', { code: 'Digit2' }))).toBe(true);
    expect(s.regions[0]).toMatchObject({ classId: person.id, label: 'person' });
    s.undo();
    expect(s.regions[0]?.label).toBe('car');
    s.select([]);
    s.keyDown(key('2', { code: 'Digit2' }));
    s.setTool('box');
    drag(s, [100, 100], [300, 300]);
    expect(s.regions[1]?.label).toBe('person');
    expect(s.keyDown(key('7', { code: 'Digit7' }))).toBe(false);
  });
});

describe('tool states', () => {
  it('are named by a union per tool, so a state of another tool does not compile', () => {
    const tool = new BoxTool();
    expect(tool.path).toBe('box.idle');
    // @ts-expect-error 'drawing' is the polygon's state; `npm run check` fails if this compiles
    tool.state = 'drawing';
    const path: ToolPath = 'polygon.drawing';
    // @ts-expect-error no tool has a 'box.drawing' state
    const wrong: ToolPath = 'box.drawing';
    expect([path, wrong]).toHaveLength(2);
  });
});

describe('select tool on OCR lines', () => {
  // The fixture line's box is (1000, 1000) – (1800, 1200), no quad: a Qwen3-VL line.
  const page = humanRegion('page', { kind: 'box', box: { x: 0, y: 0, w: 4000, h: 3000 } });

  it('a click inside a line selects it alone, even inside a larger region, and records nothing', () => {
    const s = ocrSession([modelOcrLine('l')], [page]);
    s.select([page.id]);
    s.pointerDown(at(1400, 1100));
    s.pointerUp(at(1400, 1100));
    expect(s.ocrSelection).toBe('l');
    expect(s.selection.size).toBe(0);
    expect(s.toolPath).toBe('select.idle');
    expect(s.canUndo).toBe(false);
    // Outside the line the region is what is under the pointer.
    s.pointerDown(at(3000, 2500));
    s.pointerUp(at(3000, 2500));
    expect([...s.selection]).toEqual([page.id]);
    expect(s.ocrSelection).toBeNull();
  });

  it('dragging a corner moves that corner: a box line becomes a 4-point quad, its box its bounds, one undo step', () => {
    const s = ocrSession([modelOcrLine('l')]);
    s.selectOcrLine('l' as OcrLineId);
    s.pointerDown(at(1803, 1198));
    expect(s.toolPath).toBe('select.vertex');
    s.pointerMove(at(1850, 1250));
    s.pointerMove(at(1900, 1300));
    s.pointerUp(at(1900, 1300));
    const moved = s.annotations.ocr[0]!;
    expect(moved.quad).toEqual([1000, 1000, 1800, 1000, 1900, 1300, 1000, 1200]);
    expect(moved.box).toEqual({ x: 1000, y: 1000, w: 900, h: 300 });
    expect(moved.state).toBe('accepted');
    expect(moved.modelOriginal?.box).toEqual({ x: 1000, y: 1000, w: 800, h: 200 });
    s.undo();
    expect(s.annotations.ocr[0]!.quad).toBeUndefined();
    expect(s.annotations.ocr[0]!.box).toEqual({ x: 1000, y: 1000, w: 800, h: 200 });
    expect(s.canUndo).toBe(false);
    s.redo();
    expect(s.annotations.ocr[0]).toBe(moved);
  });

  it('dragging inside a line moves all its corners, kept on the image; Esc mid-drag puts it back', () => {
    const quad = [1000, 1000, 1800, 950, 1810, 1150, 1010, 1200];
    const s = ocrSession([modelOcrLine('l', { quad })]);
    drag(s, [1400, 1100], [1500, 1150]);
    expect(s.annotations.ocr[0]!.quad).toEqual(quad.map((v, i) => v + (i % 2 ? 50 : 100)));
    drag(s, [1500, 1150], [9000, 1150]);
    expect(s.annotations.ocr[0]!.box!.x + s.annotations.ocr[0]!.box!.w).toBe(4000);
    const before = s.annotations;
    s.pointerDown(at(3500, 1150));
    s.pointerMove(at(3000, 1150));
    s.keyDown(key('Escape'));
    expect(s.annotations).toBe(before);
    expect(s.ocrSelection).toBe('l');
  });

  it('Delete rejects a suggested line (undoable) and lets it go; rejected lines cannot be picked', () => {
    const s = ocrSession([modelOcrLine('l')]);
    s.pointerDown(at(1400, 1100));
    s.pointerUp(at(1400, 1100));
    s.keyDown(key('Delete'));
    expect(s.annotations.ocr[0]!.state).toBe('rejected');
    expect(s.ocrSelection).toBeNull();
    s.pointerDown(at(1400, 1100));
    s.pointerUp(at(1400, 1100));
    expect(s.ocrSelection).toBeNull();
    s.undo();
    expect(s.annotations.ocr[0]!.state).toBe('suggested');
  });

  it('Y accepts the selected suggested line', () => {
    const s = ocrSession([modelOcrLine('l')]);
    s.selectOcrLine('l' as OcrLineId);
    expect(s.keyDown(key('y'))).toBe(true);
    expect(s.annotations.ocr[0]!.state).toBe('accepted');
  });

  it('Delete removes a kept line; Esc lets a selected line go; selecting a region lets it go too', () => {
    const s = ocrSession([modelOcrLine('l', { state: 'accepted' }), modelOcrLine('k')]);
    s.selectOcrLine('l' as OcrLineId);
    s.keyDown(key('Delete'));
    expect(s.annotations.ocr.map((l) => l.id)).toEqual(['k']);
    s.selectOcrLine('k' as OcrLineId);
    expect(s.keyDown(key('Escape'))).toBe(true);
    expect(s.ocrSelection).toBeNull();
    s.selectOcrLine('k' as OcrLineId);
    s.select([]);
    expect(s.ocrSelection).toBeNull();
    s.selectOcrLine('gone' as OcrLineId);
    expect(s.ocrSelection).toBeNull();
  });
});
