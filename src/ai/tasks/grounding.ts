import type { AttributeValue, Region, RegionShape } from '../../domain';
import { extractJson, findRefusal, spanAt, type JsonAnswer } from '../answer';
import { ConfidenceIndex, type TokenProbability } from '../confidence';
import { qwenBoxToPixels, qwenPointToPixels, type Frame } from '../coordinates';
import { resolveLabel } from './labels';
import { asText, emptyRecords, generationProblems, isRecord, suggestedRegion } from './records';
import type { OutputKind, TaskContext, TaskId, TaskProblem, TaskResult } from './types';

type JsonPath = (string | number)[];

const BOX_KEYS = ['bbox_2d', 'bbox', 'box', 'bbox2d'];
const POINT_KEYS = ['point_2d', 'point', 'point2d'];
/**
 * Where the label comes from, first found wins: `label`, then an English name (`name_en`, `name`,
 * nested `names.en`), then the class words, then a Chinese name — real answers name things in both
 * languages when asked to (`{"name_zh": "米饭", "name_en": "Rice"}`).
 */
const LABEL_PATHS: readonly (readonly string[])[] = [
  ['label'],
  ['name_en'],
  ['name'],
  ['names', 'en'],
  ['category'],
  ['class'],
  ['name_zh'],
  ['names', 'zh'],
];
const PLACEHOLDER_LABEL = /^(point|box|object|item|target)[\s_-]?\d+$/i;
/** The same label and box this many times is the model looping, not a crowd. */
const LOOP_DUPLICATES = 3;

export interface GroundingItem {
  item: Record<string, unknown>;
  path: JsonPath;
}

/**
 * The list of grounded objects in an answer: a top-level array, a single object, or an object that
 * wraps the list (`{"objects": [...]}`).
 */
export function groundingItems(
  value: unknown,
  coordinateKeys: readonly string[],
): { items: GroundingItem[]; skipped: JsonPath[] } {
  const items: GroundingItem[] = [];
  const skipped: JsonPath[] = [];
  const collect = (list: unknown[], prefix: JsonPath) =>
    list.forEach((item, i) => {
      if (isRecord(item)) items.push({ item, path: [...prefix, i] });
      else skipped.push([...prefix, i]);
    });
  if (Array.isArray(value)) collect(value, []);
  else if (isRecord(value)) {
    if (coordinateKeys.some((k) => k in value)) items.push({ item: value, path: [] });
    else {
      const wrapped = Object.entries(value).find(([, v]) => Array.isArray(v) && v.some(isRecord));
      if (wrapped) collect(wrapped[1] as unknown[], [wrapped[0]]);
    }
  }
  return { items, skipped };
}

function valueAt(item: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = item;
  for (const step of path) value = isRecord(value) ? value[step] : undefined;
  return value;
}

/** The label of a grounded item and the dotted key it came from (`names.en`). */
export function itemLabel(item: Record<string, unknown>): { text: string; key: string } | null {
  for (const path of LABEL_PATHS) {
    const text = asText(valueAt(item, path));
    if (text) return { text, key: path.join('.') };
  }
  return null;
}

/**
 * Every other plain value of the item, kept as region attributes so nothing the model said is lost
 * (`name_zh` next to the English label, an `img_idx`, a `color`); nested objects flatten to dotted
 * keys.
 */
export function itemAttributes(
  item: Record<string, unknown>,
  skip: ReadonlySet<string>,
  prefix = '',
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) {
    const name = `${prefix}${key}`;
    if (skip.has(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name] = typeof value === 'string' ? value.trim() : value;
    else if (isRecord(value)) Object.assign(out, itemAttributes(value, skip, `${name}.`));
  }
  return out;
}

export function firstKey(item: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (k in item) return item[k];
  return undefined;
}

export function pathText(path: JsonPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '$';
}

/** No JSON in the answer: a refusal when it reads like one, otherwise unparseable. */
export function noJsonProblems(answer: string, message: string): TaskProblem[] {
  if (!answer.trim()) return [{ kind: 'empty' }];
  const phrase = findRefusal(answer);
  return phrase ? [{ kind: 'refusal', phrase }] : [{ kind: 'unparseable', message }];
}

export function failedResult(
  task: TaskId,
  answer: string,
  expected: OutputKind[],
  problems: TaskProblem[],
): TaskResult {
  return { task, records: emptyRecords(), expected, problems, raw: answer };
}

/**
 * The JSON part of a task's answer, or — when there is none — the result to hand back as it is
 * (empty, a refusal or unparseable, plus what the generation's end says).
 */
export function readJsonAnswer(
  task: TaskId,
  answer: string,
  ctx: TaskContext<unknown>,
  expected: OutputKind[],
): { json: JsonAnswer; failed?: undefined } | { failed: TaskResult } {
  const extraction = extractJson(answer);
  if (extraction.ok) return { json: extraction.json };
  return {
    failed: failedResult(task, answer, expected, [
      ...noJsonProblems(answer, extraction.message),
      ...generationProblems(answer, ctx, false),
    ]),
  };
}

export interface GroundingOptions {
  task: TaskId;
  shape: 'box' | 'point';
  /** Names the user asked for; labels matching them are known even without a schema class. */
  requested: readonly string[];
  frame: Frame;
}

/** Parses boxes (`bbox_2d`) or points (`point_2d`) with labels into suggested regions. */
export function parseGrounding(
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<unknown>,
  options: GroundingOptions,
): TaskResult {
  const expected: OutputKind[] = ['regions'];
  const read = readJsonAnswer(options.task, answer, ctx, expected);
  if (read.failed) return read.failed;
  const { regions, problems } = regionsFromJson(read.json, tokens, answer, ctx, options);
  if (regions.length === 0) problems.push({ kind: 'empty' });
  problems.push(...generationProblems(answer, ctx, read.json.truncated));
  return {
    task: options.task,
    records: { ...emptyRecords(), regions },
    expected,
    problems,
    raw: answer,
  };
}

export function regionsFromJson(
  json: JsonAnswer,
  tokens: readonly TokenProbability[],
  answer: string,
  ctx: TaskContext<unknown>,
  options: GroundingOptions,
): { regions: Region[]; problems: TaskProblem[] } {
  const coordinateKeys = options.shape === 'box' ? BOX_KEYS : POINT_KEYS;
  const { items, skipped } = groundingItems(json.value, coordinateKeys);
  const problems: TaskProblem[] = skipped.map((path) => ({
    kind: 'dropped',
    path: pathText(path),
    message: 'not an object',
  }));
  const confidence = new ConfidenceIndex(tokens, answer);
  const regions: Region[] = [];
  const seen = new Map<string, number>();
  const unknown = new Set<string>();
  for (const { item, path } of items) {
    const shape = shapeOf(firstKey(item, coordinateKeys), options);
    if (typeof shape === 'string') {
      problems.push({ kind: 'dropped', path: pathText(path), message: shape });
      continue;
    }
    const named = itemLabel(item);
    const only = options.requested.length === 1 ? options.requested[0]! : null;
    // "point_1", "box 2": a numbering, not a name — the one name asked for says more.
    const placeholder = named !== null && PLACEHOLDER_LABEL.test(named.text) && only !== null;
    const given = placeholder ? only : (named?.text ?? only ?? '');
    const coordinateKey = coordinateKeys.find((k) => k in item) ?? '';
    const attributes = itemAttributes(
      item,
      new Set([coordinateKey, placeholder ? '' : (named?.key ?? '')]),
    );
    const resolved = resolveLabel(ctx.schema, given, options.requested);
    const key = `${resolved.label.toLowerCase()}|${JSON.stringify(shape)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) continue;
    if (!resolved.known && !unknown.has(resolved.label)) {
      unknown.add(resolved.label);
      problems.push({ kind: 'unknown-label', label: resolved.label });
    }
    const span = spanAt(json.root, path) ?? json.span;
    regions.push({
      ...suggestedRegion(
        ctx,
        options.task,
        { shape, label: resolved.label, classId: resolved.classId },
        confidence.of(span),
      ),
      attributes,
    });
  }
  if ([...seen.values()].some((n) => n >= LOOP_DUPLICATES)) problems.push({ kind: 'loop' });
  return { regions, problems };
}

function shapeOf(value: unknown, options: GroundingOptions): RegionShape | string {
  if (options.shape === 'box') {
    const converted = qwenBoxToPixels(value, options.frame);
    return converted.ok ? { kind: 'box', box: converted.box } : converted.reason;
  }
  const converted = qwenPointToPixels(value, options.frame);
  return converted.ok ? { kind: 'point', point: converted.point } : converted.reason;
}
