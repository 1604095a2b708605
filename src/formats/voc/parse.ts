import type { AttributeValue, RegionShape } from '../../domain';
import { isConfidence, isUuid, normaliseRelativePath } from '../../domain';
import type { FormatLocation, FormatWarning } from '../errors';
import { FormatError, guardParse } from '../errors';
import type { ImportedImageAnnotations, ImportedRegion, ParseResult, TextFile } from '../types';
import { isSuggestionState } from '../shapes';
import type { XmlElement } from './xml';
import { child, children, parseXml } from './xml';

function text(el: XmlElement | undefined): string | undefined {
  return el?.text.trim();
}

function num(at: FormatLocation, parent: XmlElement, name: string, path: string): number {
  const el = child(parent, name);
  const raw = text(el);
  if (raw === undefined)
    throw new FormatError({ ...at, line: parent.line, field: `${path}.${name}` }, 'missing-field');
  const n = Number(raw);
  if (raw === '' || !Number.isFinite(n))
    throw new FormatError({ ...at, line: el!.line, field: `${path}.${name}` }, 'invalid-value', {
      expected: 'a number',
      actual: raw,
    });
  return n;
}

function shapeOf(at: FormatLocation, obj: XmlElement, path: string): RegionShape {
  const polygon = child(obj, 'polygon');
  if (polygon) {
    const points = children(polygon, 'pt').flatMap((pt, i) => [
      num(at, pt, 'x', `${path}.polygon.pt[${i}]`) - 1,
      num(at, pt, 'y', `${path}.polygon.pt[${i}]`) - 1,
    ]);
    if (points.length < 6)
      throw new FormatError(
        { ...at, line: polygon.line, field: `${path}.polygon` },
        'invalid-value',
        { expected: 'at least 3 points' },
      );
    return { kind: 'polygon', points };
  }
  const box = child(obj, 'bndbox');
  if (!box)
    throw new FormatError({ ...at, line: obj.line, field: `${path}.bndbox` }, 'missing-field');
  const xmin = num(at, box, 'xmin', `${path}.bndbox`);
  const ymin = num(at, box, 'ymin', `${path}.bndbox`);
  const xmax = num(at, box, 'xmax', `${path}.bndbox`);
  const ymax = num(at, box, 'ymax', `${path}.bndbox`);
  if (xmax < xmin - 1 || ymax < ymin - 1)
    throw new FormatError({ ...at, line: box.line, field: `${path}.bndbox` }, 'invalid-value', {
      expected: 'xmin <= xmax and ymin <= ymax',
    });
  return { kind: 'box', box: { x: xmin - 1, y: ymin - 1, w: xmax - xmin + 1, h: ymax - ymin + 1 } };
}

/**
 * Our own exports round VOC coordinates to whole pixels for other readers and keep the exact
 * shape in <annota><exact>; it wins when it agrees in kind and is well formed.
 */
function exactShape(shape: RegionShape, raw: string | undefined): RegionShape | undefined {
  if (!raw) return undefined;
  const v = raw.split(/\s+/).map(Number);
  if (!v.every(Number.isFinite)) return undefined;
  if (shape.kind === 'box' && v.length === 4 && v[2]! >= 0 && v[3]! >= 0)
    return { kind: 'box', box: { x: v[0]!, y: v[1]!, w: v[2]!, h: v[3]! } };
  if (shape.kind === 'polygon' && v.length >= 6 && v.length % 2 === 0)
    return { kind: 'polygon', points: v };
  return undefined;
}

function attributeValue(type: string | undefined, raw: string): AttributeValue {
  if (type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function regionOf(at: FormatLocation, obj: XmlElement, path: string): ImportedRegion {
  const name = text(child(obj, 'name'));
  if (name === undefined)
    throw new FormatError({ ...at, line: obj.line, field: `${path}.name` }, 'missing-field');
  const region: ImportedRegion = { label: name, shape: shapeOf(at, obj, path), attributes: {} };
  for (const a of children(child(obj, 'attributes') ?? obj, 'attribute')) {
    // Attribute text is kept verbatim: ' ' and '' are different answers.
    const key = child(a, 'name')?.text;
    if (key)
      region.attributes[key] = attributeValue(a.attributes.type, child(a, 'value')?.text ?? '');
  }
  const annota = child(obj, 'annota');
  if (annota) {
    const id = text(child(annota, 'id'));
    if (isUuid(id)) region.id = id;
    const label = child(annota, 'label');
    if (label) region.label = label.text;
    const source = text(child(annota, 'source'));
    if (source === 'model' || source === 'human') region.source = source;
    const state = text(child(annota, 'state'));
    if (isSuggestionState(state)) region.state = state;
    if (child(annota, 'confidence')) {
      const c = num(at, annota, 'confidence', `${path}.annota`);
      if (!isConfidence(c))
        throw new FormatError(
          { ...at, line: annota.line, field: `${path}.annota.confidence` },
          'invalid-value',
        );
      region.confidence = c;
    }
    const t = child(annota, 'text');
    if (t) region.text = t.text;
    const exact = exactShape(region.shape, text(child(annota, 'exact')));
    if (exact) region.shape = exact;
  }
  return region;
}

const isAbsolute = (p: string) => /^([a-z]:)?[\\/]/i.test(p);

/** Pascal VOC XML files, one per image. One malformed file rejects the import, naming line/field. */
export function parseVoc(files: readonly TextFile[]): ParseResult {
  const warnings: FormatWarning[] = [];
  const records = files.map((file) => {
    const at: FormatLocation = { format: 'voc', file: file.path };
    return guardParse(at, () => {
      const root = parseXml(file.text, at);
      if (root.name !== 'annotation')
        throw new FormatError({ ...at, line: root.line, field: root.name }, 'invalid-value', {
          expected: '<annotation>',
        });
      const filename = text(child(root, 'filename'));
      const pathText = text(child(root, 'path'));
      const declared = pathText && !isAbsolute(pathText) ? pathText : filename;
      if (!declared)
        throw new FormatError({ ...at, line: root.line, field: 'filename' }, 'missing-field');
      const relativePath = normaliseRelativePath(declared);
      const record: ImportedImageAnnotations = {
        relativePath,
        fileName: normaliseRelativePath(filename ?? relativePath)
          .split('/')
          .pop()!,
        matchStem: false,
        coordinates: 'pixels',
        regions: children(root, 'object').map((o, i) => regionOf(at, o, `object[${i}]`)),
        origin: { format: 'voc', file: file.path },
      };
      const size = child(root, 'size');
      if (size) {
        const width = num(at, size, 'width', 'size');
        const height = num(at, size, 'height', 'size');
        if (width > 0 && height > 0) Object.assign(record, { width, height });
      }
      return record;
    });
  });
  return { records, warnings };
}
