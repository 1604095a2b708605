import { SUPPORTED_IMAGE_TYPES, isValidDimension } from './image';
import { isReviewReason, isReviewStatus } from './review';

/**
 * One validator per stored record type. Every importer, the backup restore and the store's read
 * path run these, so a record the rest of the app cannot draw, export or back up never gets in.
 * Each problem names the field path (e.g. `regions[0].shape.box.w`) for the message.
 */
export interface RecordProblem {
  field: string;
  /** Short English description; the UI shows it next to the translated "invalid field" text. */
  problem: string;
}

/** A record refused by a validator: the first problems found, each with its field path. */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  constructor(
    readonly record: string,
    readonly problems: readonly RecordProblem[],
  ) {
    const first = problems[0];
    super(`invalid ${record}${first ? `: ${first.field}: ${first.problem}` : ''}`);
  }
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Only `#rrggbb`: anything else could carry CSS into a style attribute. */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

/**
 * A path safe to write as a zip entry or show as a folder path: relative, '/'-separated, already
 * normalised. No '..' or '.' segments, no leading '/', no drive letters, backslashes or control
 * characters, so nobody unpacking an export writes outside their folder.
 */
export function isSafeRelativePath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return false;
  if (value.startsWith('/') || /^[a-z]:/i.test(value)) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

type Problems = RecordProblem[];
type Obj = Record<string, unknown>;
const MAX_PROBLEMS = 20;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

function need(out: Problems, ok: boolean, field: string, problem: string): boolean {
  if (!ok && out.length < MAX_PROBLEMS) out.push({ field, problem });
  return ok;
}

function obj(out: Problems, v: unknown, field: string): v is Obj {
  return need(out, isObj(v), field, 'not an object');
}

function str(out: Problems, o: Obj, key: string, at: string, optional = false): void {
  if (optional && o[key] === undefined) return;
  need(out, isStr(o[key]), `${at}.${key}`, 'not a string');
}

function num(out: Problems, o: Obj, key: string, at: string): void {
  need(out, isNum(o[key]), `${at}.${key}`, 'not a finite number');
}

function strings(out: Problems, v: unknown, field: string): void {
  if (need(out, Array.isArray(v), field, 'not a list'))
    (v as unknown[]).forEach((s, i) => need(out, isStr(s), `${field}[${i}]`, 'not a string'));
}

function oneOf(out: Problems, v: unknown, allowed: readonly unknown[], field: string): void {
  need(out, allowed.includes(v), field, `not one of ${allowed.join(', ')}`);
}

function box(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  for (const k of ['x', 'y', 'w', 'h']) num(out, v, k, at);
  need(out, !(isNum(v.w) && v.w < 0), `${at}.w`, 'negative width');
  need(out, !(isNum(v.h) && v.h < 0), `${at}.h`, 'negative height');
}

function shape(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  if (v.kind === 'box') box(out, v.box, `${at}.box`);
  else if (v.kind === 'polygon') {
    const p = v.points;
    if (need(out, Array.isArray(p), `${at}.points`, 'not a list')) {
      const list = p as unknown[];
      need(
        out,
        list.length >= 6 && list.length % 2 === 0,
        `${at}.points`,
        'needs x,y pairs, 3 at least',
      );
      list.forEach((n, i) => need(out, isNum(n), `${at}.points[${i}]`, 'not a finite number'));
    }
    if (v.holes !== undefined && need(out, Array.isArray(v.holes), `${at}.holes`, 'not a list'))
      (v.holes as unknown[]).forEach((ring, j) => {
        const where = `${at}.holes[${j}]`;
        if (!need(out, Array.isArray(ring), where, 'not a list')) return;
        const list = ring as unknown[];
        need(out, list.length >= 6 && list.length % 2 === 0, where, 'needs x,y pairs, 3 at least');
        list.forEach((n, i) => need(out, isNum(n), `${where}[${i}]`, 'not a finite number'));
      });
  } else if (v.kind === 'point') {
    if (obj(out, v.point, `${at}.point`)) {
      num(out, v.point as Obj, 'x', `${at}.point`);
      num(out, v.point as Obj, 'y', `${at}.point`);
    }
  } else need(out, false, `${at}.kind`, 'not box, polygon or point');
}

function attributeValues(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  for (const [k, value] of Object.entries(v))
    need(
      out,
      isStr(value) || isNum(value) || isBool(value),
      `${at}.${k}`,
      'not text, number or yes/no',
    );
}

function provenance(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  num(out, v, 'createdAt', at);
  if (v.source === 'human') str(out, v, 'author', at);
  else if (v.source === 'model') {
    for (const k of ['modelId', 'revision', 'task']) str(out, v, k, at);
    need(
      out,
      isNum(v.confidence) && v.confidence >= 0 && v.confidence <= 1,
      `${at}.confidence`,
      'not a number in [0, 1]',
    );
    attributeValues(out, v.params, `${at}.params`);
  } else need(out, false, `${at}.source`, 'not model or human');
}

function tracked(out: Problems, o: Obj, at: string, body: (v: unknown, at: string) => void): void {
  provenance(out, o.provenance, `${at}.provenance`);
  oneOf(out, o.state, ['suggested', 'accepted', 'rejected'], `${at}.state`);
  num(out, o, 'updatedAt', at);
  str(out, o, 'updatedBy', at);
  if (o.modelOriginal !== undefined) body(o.modelOriginal, `${at}.modelOriginal`);
}

function regionBody(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  shape(out, v.shape, `${at}.shape`);
  need(out, v.classId === null || isStr(v.classId), `${at}.classId`, 'not text or null');
  str(out, v, 'label', at);
  attributeValues(out, v.attributes, `${at}.attributes`);
  str(out, v, 'note', at);
  str(out, v, 'text', at, true);
  need(out, isBool(v.hidden), `${at}.hidden`, 'not yes/no');
  need(out, isBool(v.locked), `${at}.locked`, 'not yes/no');
}

/** A region as the editor, renderer and exports expect it. */
export function checkRegion(v: unknown, at = 'region', out: Problems = []): Problems {
  regionBody(out, v, at);
  if (!isObj(v)) return out;
  need(out, isStr(v.id) && v.id.length > 0, `${at}.id`, 'missing id');
  tracked(out, v, at, (b, p) => regionBody(out, b, p));
  return out;
}

function captionBody(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  str(out, v, 'text', at);
  oneOf(out, v.language, ['zh', 'en', 'other'], `${at}.language`);
}

function tagBody(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  str(out, v, 'value', at);
  str(out, v, 'dimension', at);
}

function ocrBody(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  str(out, v, 'text', at);
  if (v.box !== null) box(out, v.box, `${at}.box`);
  num(out, v, 'order', at);
}

function fieldsBody(out: Problems, v: unknown, at: string): void {
  if (obj(out, v, at)) obj(out, v.values, `${at}.values`);
}

function list(
  out: Problems,
  v: unknown,
  at: string,
  each: (item: unknown, at: string) => void,
): unknown[] {
  if (!need(out, Array.isArray(v), at, 'not a list')) return [];
  const items = v as unknown[];
  items.forEach((item, i) => each(item, `${at}[${i}]`));
  return items;
}

function uniqueIds(out: Problems, items: unknown[], at: string): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const id = isObj(item) ? item.id : undefined;
    need(out, !seen.has(id), `${at}[${i}].id`, `duplicate id ${String(id)}`);
    seen.add(id);
  });
}

function runSummary(out: Problems, v: unknown, at: string): void {
  if (!obj(out, v, at)) return;
  const counts = v.regions;
  need(
    out,
    isObj(counts) && Object.values(counts).every((n) => isNum(n) && n >= 0),
    `${at}.regions`,
    'not counts by label',
  );
  need(out, v.caption === null || typeof v.caption === 'string', `${at}.caption`, 'not text');
  need(out, v.answer === null || typeof v.answer === 'string', `${at}.answer`, 'not text');
  num(out, v, 'ocrLines', at);
  for (const key of ['tags', 'fields', 'problems']) strings(out, v[key], `${at}.${key}`);
}

/** The annotations record of one image: regions, caption, tags, OCR, fields, answers. */
export function checkImageAnnotations(v: unknown, at = 'annotations'): Problems {
  const out: Problems = [];
  if (!obj(out, v, at)) return out;
  str(out, v, 'imageId', at);
  str(out, v, 'projectId', at);
  num(out, v, 'updatedAt', at);
  need(out, v.revision === undefined || isNum(v.revision), `${at}.revision`, 'not a number');
  const regions = list(out, v.regions, `${at}.regions`, (r, p) => checkRegion(r, p, out));
  uniqueIds(out, regions, `${at}.regions`);
  if (v.caption !== null) {
    captionBody(out, v.caption, `${at}.caption`);
    if (isObj(v.caption))
      tracked(out, v.caption, `${at}.caption`, (b, p) => captionBody(out, b, p));
  }
  list(out, v.tags, `${at}.tags`, (t, p) => {
    tagBody(out, t, p);
    if (isObj(t)) tracked(out, t, p, (b, q) => tagBody(out, b, q));
  });
  const ocr = list(out, v.ocr, `${at}.ocr`, (l, p) => {
    ocrBody(out, l, p);
    if (isObj(l)) {
      str(out, l, 'id', p);
      tracked(out, l, p, (b, q) => ocrBody(out, b, q));
    }
  });
  uniqueIds(out, ocr, `${at}.ocr`);
  if (v.fields !== null) {
    fieldsBody(out, v.fields, `${at}.fields`);
    if (isObj(v.fields)) tracked(out, v.fields, `${at}.fields`, (b, p) => fieldsBody(out, b, p));
  }
  list(out, v.answers, `${at}.answers`, (a, p) => {
    if (!obj(out, a, p)) return;
    str(out, a, 'task', p);
    str(out, a, 'text', p);
    num(out, a, 'createdAt', p);
    if (a.summary !== undefined) runSummary(out, a.summary, `${p}.summary`);
  });
  return out;
}

/** An image record: a safe relative path, a supported type, a real size, a known status. */
export function checkImageItem(v: unknown, at = 'image'): Problems {
  const out: Problems = [];
  if (!obj(out, v, at)) return out;
  for (const k of ['id', 'projectId', 'fileName', 'contentHash']) str(out, v, k, at);
  need(out, isSafeRelativePath(v.relativePath), `${at}.relativePath`, 'not a safe relative path');
  oneOf(out, v.mime, SUPPORTED_IMAGE_TYPES, `${at}.mime`);
  need(out, isNum(v.byteSize) && v.byteSize >= 0, `${at}.byteSize`, 'not a size');
  need(
    out,
    isValidDimension(v.width as number, v.height as number),
    `${at}.width`,
    'width and height must be whole numbers above 0',
  );
  need(out, isReviewStatus(v.status), `${at}.status`, 'not a review status');
  if (need(out, Array.isArray(v.reviewReasons), `${at}.reviewReasons`, 'not a list'))
    (v.reviewReasons as unknown[]).forEach((r, i) =>
      need(out, isReviewReason(r), `${at}.reviewReasons[${i}]`, 'not a review reason'),
    );
  if (v.review !== undefined && obj(out, v.review, `${at}.review`)) {
    str(out, v.review as Obj, 'by', `${at}.review`);
    num(out, v.review as Obj, 'at', `${at}.review`);
    num(out, v.review as Obj, 'ms', `${at}.review`);
  }
  num(out, v, 'createdAt', at);
  num(out, v, 'updatedAt', at);
  return out;
}

const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'enum', 'bbox', 'array', 'object'];
const ATTRIBUTE_TYPES = ['text', 'number', 'enum', 'bool'];

function fieldDef(out: Problems, v: unknown, at: string, depth: number): void {
  if (!obj(out, v, at)) return;
  str(out, v, 'name', at);
  oneOf(out, v.type, FIELD_TYPES, `${at}.type`);
  need(out, v.required === undefined || isBool(v.required), `${at}.required`, 'not yes/no');
  if (v.options !== undefined) strings(out, v.options, `${at}.options`);
  str(out, v, 'description', at, true);
  if (!need(out, depth < 8, at, 'nested too deep')) return;
  if (v.items !== undefined) fieldDef(out, v.items, `${at}.items`, depth + 1);
  if (v.fields !== undefined)
    list(out, v.fields, `${at}.fields`, (f, p) => fieldDef(out, f, p, depth + 1));
}

/** A project's label schema: classes with #rrggbb colours and unique ids, tags, fields. */
export function checkLabelSchema(v: unknown, at = 'schema', out: Problems = []): Problems {
  if (!obj(out, v, at)) return out;
  const classes = list(out, v.classes, `${at}.classes`, (c, p) => {
    if (!obj(out, c, p)) return;
    for (const k of ['id', 'name', 'hotkey']) str(out, c, k, p);
    need(out, isHexColor(c.color), `${p}.color`, 'not a #rrggbb colour');
    list(out, c.attributes, `${p}.attributes`, (a, q) => {
      if (!obj(out, a, q)) return;
      str(out, a, 'name', q);
      oneOf(out, a.type, ATTRIBUTE_TYPES, `${q}.type`);
      if (a.options !== undefined) strings(out, a.options, `${q}.options`);
    });
    strings(out, c.synonyms, `${p}.synonyms`);
  });
  uniqueIds(out, classes, `${at}.classes`);
  strings(out, v.tagVocabulary, `${at}.tagVocabulary`);
  oneOf(out, v.captionLanguage, ['zh', 'en'], `${at}.captionLanguage`);
  list(out, v.fields, `${at}.fields`, (f, p) => fieldDef(out, f, p, 0));
  return out;
}

/** A project record with its schema. */
export function checkProject(v: unknown, at = 'project'): Problems {
  const out: Problems = [];
  if (!obj(out, v, at)) return out;
  str(out, v, 'id', at);
  str(out, v, 'name', at);
  checkLabelSchema(v.schema, `${at}.schema`, out);
  need(
    out,
    isNum(v.reviewThreshold) && v.reviewThreshold >= 0 && v.reviewThreshold <= 1,
    `${at}.reviewThreshold`,
    'not a number in [0, 1]',
  );
  num(out, v, 'createdAt', at);
  num(out, v, 'updatedAt', at);
  return out;
}

/** Throws InvalidRecordError when a check found anything; returns the value typed otherwise. */
export function assertValid<T>(
  record: string,
  problems: readonly RecordProblem[],
  value: unknown,
): T {
  if (problems.length > 0) throw new InvalidRecordError(record, problems);
  return value as T;
}
