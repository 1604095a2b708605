import type { RegionShape } from '../../domain';
import { normaliseRelativePath } from '../../domain';
import type { FormatLocation, FormatWarning } from '../errors';
import { FormatError, guardParse, warning } from '../errors';
import { ringAsBox } from '../shapes';
import type { ImportedImageAnnotations, ParseResult, TextFile } from '../types';
import { parseDataYamlKeypointShape, parseDataYamlNames } from './data-yaml';

/** Image path (without extension) a label file stands for: what follows the `labels/` folder. */
export function labelTarget(path: string): string {
  const p = normaliseRelativePath(path);
  const inLabels = /(?:^|\/)labels\/(.*)$/.exec(p);
  return (inLabels ? inLabels[1]! : p).replace(/\.txt$/i, '');
}

function value(at: FormatLocation, cell: string, field: string, unit = true): number {
  const n = Number(cell);
  if (!Number.isFinite(n) || cell === '')
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'a number',
      actual: cell,
    });
  if (unit && (n < 0 || n > 1))
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'a value in [0, 1]',
      actual: cell,
    });
  return n;
}

/**
 * A pose row: the box (when it has extent) and each labeled keypoint as a point. With D = 2 a
 * keypoint at 0 0 is unlabeled; with D = 3 its visibility says so (0 = unlabeled).
 */
function poseShapes(at: FormatLocation, nums: number[], [k, d]: [number, number]): RegionShape[] {
  if (nums.length !== 4 + k * d)
    throw new FormatError(at, 'wrong-column-count', {
      expected: 5 + k * d,
      actual: nums.length + 1,
    });
  const [cx, cy, w, h] = nums as [number, number, number, number];
  const shapes: RegionShape[] =
    w > 0 && h > 0 ? [{ kind: 'box', box: { x: cx - w / 2, y: cy - h / 2, w, h } }] : [];
  for (let i = 4; i < nums.length; i += d) {
    const [x, y] = [nums[i]!, nums[i + 1]!];
    if (d === 3) {
      const v = nums[i + 2]!;
      if (v !== 0 && v !== 1 && v !== 2)
        throw new FormatError({ ...at, field: `column ${i + 4}` }, 'invalid-value', {
          expected: 'visibility 0, 1 or 2',
          actual: v,
        });
      if (v === 0) continue;
    } else if (x === 0 && y === 0) continue;
    shapes.push({ kind: 'point', point: { x, y } });
  }
  return shapes;
}

/** Coordinates stay normalized here; planImport scales them by the matched image's size. */
function shapesOf(
  at: FormatLocation,
  cells: string[],
  keypoints: [number, number] | undefined,
): RegionShape[] {
  const count = cells.length - 1;
  // Without a data.yaml: an odd count past the box (polygons have an even one) is pose, D = 3.
  const pose =
    keypoints ??
    (count > 4 && count % 2 === 1 && (count - 4) % 3 === 0
      ? ([(count - 4) / 3, 3] as [number, number])
      : undefined);
  // Every column is a normalized coordinate except a pose keypoint's visibility.
  const isVisibility = (i: number) => pose?.[1] === 3 && i >= 4 && (i - 4) % 3 === 2;
  const nums = cells.slice(1).map((c, i) => value(at, c, `column ${i + 2}`, !isVisibility(i)));
  if (pose) return poseShapes(at, nums, pose);
  return [shapeOf(at, nums, cells.length)];
}

function shapeOf(at: FormatLocation, nums: number[], columns: number): RegionShape {
  if (nums.length === 4) {
    const [cx, cy, w, h] = nums as [number, number, number, number];
    return { kind: 'box', box: { x: cx - w / 2, y: cy - h / 2, w, h } };
  }
  if (nums.length >= 6 && nums.length % 2 === 0) {
    const box = ringAsBox(nums, 1e-6);
    return box ? { kind: 'box', box } : { kind: 'polygon', points: nums };
  }
  throw new FormatError(at, 'wrong-column-count', {
    expected: '5, or 1 + an even number ≥ 6',
    actual: columns,
  });
}

/**
 * YOLO label files (+ data.yaml or classes.txt for names; data.yaml's kpt_shape for pose rows,
 * whose labeled keypoints become point regions of the row's class). A row with a value outside [0, 1], a
 * wrong column count or a class index not in the names rejects the file at that line.
 */
export function parseYolo(labels: readonly TextFile[], names?: TextFile): ParseResult {
  const warnings: FormatWarning[] = [];
  const classNames = names
    ? guardParse({ format: 'yolo', file: names.path }, () =>
        names.path.toLowerCase().endsWith('.txt')
          ? names.text
              .replace(/^\uFEFF/, '')
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean)
          : parseDataYamlNames(names.text, names.path),
      )
    : [];
  const keypoints =
    names && !names.path.toLowerCase().endsWith('.txt')
      ? guardParse({ format: 'yolo', file: names.path }, () =>
          parseDataYamlKeypointShape(names.text, names.path),
        )
      : undefined;
  const records: ImportedImageAnnotations[] = labels.map((file) =>
    guardParse({ format: 'yolo', file: file.path }, () => {
      const target = labelTarget(file.path);
      const record: ImportedImageAnnotations = {
        relativePath: target,
        fileName: target.split('/').pop()!,
        matchStem: true,
        coordinates: 'normalized',
        regions: [],
        origin: { format: 'yolo', file: file.path },
      };
      file.text
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .forEach((raw, i) => {
          const line = raw.trim();
          if (!line) return;
          const at: FormatLocation = { format: 'yolo', file: file.path, line: i + 1 };
          const cells = line.split(/\s+/);
          const cls = Number(cells[0]);
          if (!Number.isInteger(cls) || cls < 0)
            throw new FormatError({ ...at, field: 'class' }, 'invalid-value', {
              actual: cells[0] ?? '',
            });
          let label = classNames[cls];
          if (label === undefined) {
            if (names)
              throw new FormatError({ ...at, field: 'class' }, 'invalid-value', {
                reason: 'no such class',
                actual: cls,
              });
            label = String(cls);
            warnings.push(warning(at, 'unknown-category', { id: cls }));
          }
          for (const shape of shapesOf(at, cells, keypoints))
            record.regions.push({ label, shape, attributes: {} });
        });
      return record;
    }),
  );
  return { records, warnings, categories: classNames };
}
