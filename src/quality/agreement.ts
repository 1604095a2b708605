import { classKey, matchBoxes, type LabeledBox } from './iou-match';

/** One labeling pass: boxes per image, keyed by the image's relative path. */
export interface LabelPass {
  name: string;
  images: ReadonlyMap<string, readonly LabeledBox[]>;
}

export interface ClassAgreement {
  label: string;
  boxesA: number;
  boxesB: number;
  matched: number;
  /** Mean IoU of the matched pairs; null when none matched. */
  meanIoU: number | null;
  /** Matched boxes over all boxes of both passes: 1 when every box has a partner. */
  consistency: number;
}

export interface PassAgreement {
  passA: string;
  passB: string;
  threshold: number;
  /** Images found in both passes (only these are compared). */
  images: number;
  onlyInA: number;
  onlyInB: number;
  classes: ClassAgreement[];
  boxesA: number;
  boxesB: number;
  matched: number;
  meanIoU: number | null;
  consistency: number;
}

/** The seed's acceptance bar: matched boxes agree with an IoU above 0.85 on average. */
export const IOU_CONSISTENCY_TARGET = 0.85;

export function meetsTarget(agreement: PassAgreement): boolean {
  return agreement.meanIoU !== null && agreement.meanIoU > IOU_CONSISTENCY_TARGET;
}

/**
 * How far two passes over the same images agree: boxes matched one-to-one per image and class at
 * IoU ≥ threshold; per class and overall, the matched share (consistency) and the mean IoU.
 */
export function passAgreement(a: LabelPass, b: LabelPass, threshold = 0.5): PassAgreement {
  const perClass = new Map<
    string,
    { label: string; a: number; b: number; n: number; iou: number }
  >();
  const entry = (label: string) => {
    const key = classKey(label);
    let e = perClass.get(key);
    if (!e) perClass.set(key, (e = { label: label.trim(), a: 0, b: 0, n: 0, iou: 0 }));
    return e;
  };
  let images = 0;
  for (const [path, boxesA] of a.images) {
    const boxesB = b.images.get(path);
    if (!boxesB) continue;
    images += 1;
    for (const x of boxesA) entry(x.label).a += 1;
    for (const y of boxesB) entry(y.label).b += 1;
    for (const pair of matchBoxes(boxesA, boxesB, threshold).pairs) {
      const e = entry(boxesA[pair.a]!.label);
      e.n += 1;
      e.iou += pair.iou;
    }
  }
  const classes = [...perClass.values()]
    .map((e): ClassAgreement => ({
      label: e.label,
      boxesA: e.a,
      boxesB: e.b,
      matched: e.n,
      meanIoU: e.n > 0 ? e.iou / e.n : null,
      consistency: consistencyOf(e.n, e.a, e.b),
    }))
    .sort((x, y) => x.label.localeCompare(y.label));
  const sum = (f: (e: { a: number; b: number; n: number; iou: number }) => number) =>
    [...perClass.values()].reduce((s, e) => s + f(e), 0);
  const matched = sum((e) => e.n);
  return {
    passA: a.name,
    passB: b.name,
    threshold,
    images,
    onlyInA: [...a.images.keys()].filter((k) => !b.images.has(k)).length,
    onlyInB: [...b.images.keys()].filter((k) => !a.images.has(k)).length,
    classes,
    boxesA: sum((e) => e.a),
    boxesB: sum((e) => e.b),
    matched,
    meanIoU: matched > 0 ? sum((e) => e.iou) / matched : null,
    consistency: consistencyOf(
      matched,
      sum((e) => e.a),
      sum((e) => e.b),
    ),
  };
}

function consistencyOf(matched: number, a: number, b: number): number {
  return a + b === 0 ? 1 : (2 * matched) / (a + b);
}
