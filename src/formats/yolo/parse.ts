import type { RegionShape } from '../../domain';
import { normaliseRelativePath } from '../../domain';
import type { FormatLocation, FormatWarning } from '../errors';
import { FormatError, guardParse, warning } from '../errors';
import { ringAsBox } from '../shapes';
import type { ImportedImageAnnotations, ParseResult, TextFile } from '../types';
import { parseDataYamlNames } from './data-yaml';

/** Image path (without extension) a label file stands for: what follows the `labels/` folder. */
export function labelTarget(path: string): string {
  const p = normaliseRelativePath(path);
  const inLabels = /(?:^|\/)labels\/(.*)$/.exec(p);
  return (inLabels ? inLabels[1]! : p).replace(/\.txt$/i, '');
}

function value(at: FormatLocation, cell: string, field: string): number {
  const n = Number(cell);
  if (!Number.isFinite(n) || cell === '')
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'a number',
      actual: cell,
    });
  if (n < 0 || n > 1)
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'a value in [0, 1]',
      actual: cell,
    });
  return n;
}

/** Coordinates stay normalized here; planImport scales them by the matched image's size. */
function shapeOf(at: FormatLocation, cells: string[]): RegionShape {
  const nums = cells.slice(1).map((c, i) => value(at, c, `column ${i + 2}`));
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
    actual: cells.length,
  });
}

/**
 * YOLO label files (+ data.yaml or classes.txt for names). A row with a value outside [0, 1], a
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
          record.regions.push({ label, shape: shapeOf(at, cells), attributes: {} });
        });
      return record;
    }),
  );
  return { records, warnings, categories: classNames };
}
