import { describe, expect, it } from 'vitest';
import { IOU_CONSISTENCY_TARGET, meetsTarget, passAgreement, type LabelPass } from './agreement';
import { characterErrorRate, editDistance } from './cer';
import { matchBoxes, type LabeledBox } from './iou-match';

const lb = (label: string, x: number, y: number, w: number, h: number): LabeledBox => ({
  label,
  box: { x, y, w, h },
});

describe('matchBoxes', () => {
  it('pairs each box with its best same-class partner, one to one, best pair first', () => {
    const a = [lb('car', 0, 0, 10, 10), lb('car', 100, 100, 10, 10), lb('person', 0, 0, 10, 10)];
    const b = [
      lb('Car', 101, 100, 10, 10), // IoU 90/110
      lb('car', 0, 0, 10, 5), // IoU 0.5
      lb('dog', 0, 0, 10, 10), // no class partner
    ];
    const m = matchBoxes(a, b, 0.5);
    expect(m.pairs).toEqual([
      { a: 0, b: 1, iou: 0.5 },
      { a: 1, b: 0, iou: 90 / 110 },
    ]);
    expect(m.onlyA).toEqual([2]);
    expect(m.onlyB).toEqual([2]);
  });

  it('gives a contested box to the better pair and respects the threshold', () => {
    const a = [lb('car', 0, 0, 10, 10), lb('car', 2, 0, 10, 10)];
    const b = [lb('car', 1, 0, 10, 10)];
    // Both overlap b with IoU 9/11; the tie goes to the first box.
    expect(matchBoxes(a, b).pairs).toEqual([{ a: 0, b: 0, iou: 9 / 11 }]);
    expect(matchBoxes(a, b, 0.9).pairs).toEqual([]);
    expect(matchBoxes([], b)).toEqual({ pairs: [], onlyA: [], onlyB: [0] });
  });

  it('never matches boxes that do not overlap, even at threshold 0', () => {
    expect(matchBoxes([lb('a', 0, 0, 1, 1)], [lb('a', 5, 5, 1, 1)], 0).pairs).toEqual([]);
  });
});

describe('character error rate', () => {
  it('counts insertions, deletions and substitutions by code point', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('总计 ¥42.00', '总计 ¥42.00')).toBe(0);
    expect(editDistance('总计', '合计')).toBe(1);
    expect(editDistance('😀a', 'a')).toBe(1);
  });

  it('divides by the corrected text’s length', () => {
    expect(characterErrorRate('ANNOTA DEM0', 'ANNOTA DEMO')).toBeCloseTo(1 / 11, 10);
    expect(characterErrorRate('总汁 ¥42.00', '总计 ¥42.00')).toBeCloseTo(1 / 9, 10);
    expect(characterErrorRate('abc', 'abc')).toBe(0);
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('x', '')).toBe(1);
    expect(characterErrorRate('abcdef', 'ab')).toBe(2);
  });
});

describe('agreement between passes', () => {
  const pass = (name: string, images: Record<string, LabeledBox[]>): LabelPass => ({
    name,
    images: new Map(Object.entries(images)),
  });

  it('matches per image and class, and reports consistency and mean IoU', () => {
    const a = pass('Ann', {
      '1.png': [lb('car', 0, 0, 10, 10), lb('person', 50, 50, 10, 10)],
      '2.png': [lb('car', 0, 0, 10, 10)],
      'only-a.png': [lb('car', 0, 0, 1, 1)],
    });
    const b = pass('Bo', {
      '1.png': [lb('car', 1, 0, 10, 10), lb('person', 80, 80, 10, 10)],
      '2.png': [lb('car', 0, 0, 10, 10), lb('car', 40, 40, 5, 5)],
      'only-b.png': [],
    });
    const g = passAgreement(a, b);
    expect(g).toMatchObject({ passA: 'Ann', passB: 'Bo', images: 2, onlyInA: 1, onlyInB: 1 });
    expect(g.boxesA).toBe(3);
    expect(g.boxesB).toBe(4);
    expect(g.matched).toBe(2);
    expect(g.meanIoU).toBeCloseTo((9 / 11 + 1) / 2, 10);
    expect(g.consistency).toBeCloseTo(4 / 7, 10);
    const car = g.classes.find((c) => c.label === 'car')!;
    expect(car).toMatchObject({ boxesA: 2, boxesB: 3, matched: 2 });
    expect(car.consistency).toBeCloseTo(4 / 5, 10);
    const person = g.classes.find((c) => c.label === 'person')!;
    expect(person).toMatchObject({
      boxesA: 1,
      boxesB: 1,
      matched: 0,
      meanIoU: null,
      consistency: 0,
    });
    expect(meetsTarget(g)).toBe(true);
  });

  it('is perfect for identical passes and symmetric in its counts', () => {
    const images = { '1.png': [lb('car', 0, 0, 10, 10)], '2.png': [] };
    const g = passAgreement(pass('a', images), pass('b', images));
    expect(g).toMatchObject({ matched: 1, meanIoU: 1, consistency: 1 });
    const other = pass('c', { '1.png': [lb('car', 0, 0, 10, 20)] });
    const ab = passAgreement(pass('a', images), other);
    const ba = passAgreement(other, pass('a', images));
    expect([ab.matched, ab.consistency, ab.meanIoU]).toEqual([
      ba.matched,
      ba.consistency,
      ba.meanIoU,
    ]);
  });

  it('falls short of the 0.85 target when boxes are loose', () => {
    const a = pass('a', { '1.png': [lb('car', 0, 0, 10, 10)] });
    const b = pass('b', { '1.png': [lb('car', 0, 0, 10, 12)] });
    const g = passAgreement(a, b);
    expect(g.meanIoU).toBeCloseTo(100 / 120, 10);
    expect(g.meanIoU!).toBeLessThan(IOU_CONSISTENCY_TARGET);
    expect(meetsTarget(g)).toBe(false);
    expect(meetsTarget(passAgreement(a, pass('c', {})))).toBe(false);
  });
});
