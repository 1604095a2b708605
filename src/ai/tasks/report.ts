import type { FieldDef, Region, StructuredFields } from '../../domain';
import { findRefusal, spanAt, type JsonAnswer } from '../answer';
import { ConfidenceIndex, type TokenProbability } from '../confidence';
import { fullFrame } from '../coordinates';
import { readJsonAnswer } from './grounding';
import { resolveLabel } from './labels';
import { imagePrompt } from './prompt';
import {
  asText,
  defineTask,
  emptyRecords,
  generationProblems,
  isRecord,
  suggested,
  suggestedRegion,
} from './records';
import { fieldPath, validateReport, type ReportBox } from './report-schema';
import type {
  OutputKind,
  PromptLanguage,
  ReportOptions,
  TaskContext,
  TaskProblem,
  TaskResult,
} from './types';

/** The defect report of the product brief, offered as a starting point for a custom schema. */
export const DEFECT_REPORT_FIELDS: readonly FieldDef[] = [
  {
    name: 'defects',
    type: 'array',
    required: true,
    items: {
      name: 'defect',
      type: 'object',
      fields: [
        {
          name: 'type',
          type: 'enum',
          options: ['scratch', 'dent', 'stain', 'crack'],
          required: true,
        },
        { name: 'bbox', type: 'bbox', required: true },
        { name: 'size_mm', type: 'number', description: 'longest side in millimetres' },
        { name: 'confidence', type: 'number', description: '0 to 1' },
      ],
    },
  },
  { name: 'compliance', type: 'enum', options: ['pass', 'fail'], required: true },
  { name: 'reasoning', type: 'string' },
];

/** Sibling keys whose text names what a box in a report shows. */
const BOX_LABEL_KEYS = ['type', 'label', 'class', 'category', 'name'];

function template(def: FieldDef, lang: PromptLanguage): string {
  switch (def.type) {
    case 'string':
      return lang === 'zh' ? '"文本"' : '"text"';
    case 'number':
      return lang === 'zh' ? '数字' : 'number';
    case 'integer':
      return lang === 'zh' ? '整数' : 'integer';
    case 'boolean':
      return 'true | false';
    case 'enum':
      return `"${(def.options ?? []).join(' | ')}"`;
    case 'bbox':
      return '[x1, y1, x2, y2]';
    case 'array':
      return `[${def.items ? template(def.items, lang) : ''}]`;
    case 'object':
      return objectTemplate(def.fields ?? [], lang);
  }
}

function objectTemplate(fields: readonly FieldDef[], lang: PromptLanguage): string {
  return `{${fields.map((f) => `"${f.name}": ${template(f, lang)}`).join(', ')}}`;
}

function describedFields(fields: readonly FieldDef[], prefix = ''): string[] {
  return fields.flatMap((f) => {
    const name = `${prefix}${f.name}`;
    const own = f.description ? [`- ${name}: ${f.description}`] : [];
    const nested =
      f.type === 'object'
        ? (f.fields ?? [])
        : f.items?.type === 'object'
          ? (f.items.fields ?? [])
          : [];
    return [...own, ...describedFields(nested, `${name}.`)];
  });
}

function requiredNames(fields: readonly FieldDef[]): string[] {
  return fields.filter((f) => f.required).map((f) => f.name);
}

export function reportPromptText(options: ReportOptions, lang: PromptLanguage): string {
  const json = objectTemplate(options.fields, lang);
  const required = requiredNames(options.fields);
  const notes = describedFields(options.fields);
  const lines =
    lang === 'zh'
      ? [
          '检查这张图片并填写下面的报告。只输出 JSON，结构如下：',
          json,
          ...(required.length ? [`必填字段：${required.join('、')}。`] : []),
          '框的坐标为 [x1, y1, x2, y2]，是 0 到 1000 的相对坐标。',
        ]
      : [
          'Inspect this image and fill in the report below. Reply with JSON only, in this structure:',
          json,
          ...(required.length ? [`Required fields: ${required.join(', ')}.`] : []),
          'Boxes are [x1, y1, x2, y2] in relative coordinates from 0 to 1000.',
        ];
  return [
    ...lines,
    ...notes,
    ...(options.instructions.trim() ? [options.instructions.trim()] : []),
  ].join('\n');
}

/** Every string in the report, for the refusal check (the reasoning is where a model hedges). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isRecord(value)) return Object.values(value).flatMap(strings);
  return [];
}

function boxRegion(
  found: ReportBox,
  values: Record<string, unknown>,
  json: JsonAnswer,
  confidence: ConfidenceIndex,
  ctx: TaskContext<ReportOptions>,
): Region {
  const parentPath = found.path.slice(0, -1);
  // The validated values: an enum label in the schema's spelling.
  let parent: unknown = values;
  for (const step of parentPath)
    parent =
      isRecord(parent) || Array.isArray(parent)
        ? (parent as Record<string | number, unknown>)[step]
        : undefined;
  const siblingLabel = isRecord(parent)
    ? BOX_LABEL_KEYS.map((k) => asText(parent[k])).find((t) => t)
    : undefined;
  const given = siblingLabel ?? String(found.path[found.path.length - 1] ?? '');
  const resolved = resolveLabel(ctx.schema, given, [given]);
  // The box's record is its enclosing object (the defect), whose tokens include the label.
  const span = spanAt(json.root, parentPath.length ? parentPath : found.path) ?? json.span;
  const region = suggestedRegion(
    ctx,
    'report',
    { shape: { kind: 'box', box: found.box }, label: resolved.label, classId: resolved.classId },
    confidence.of(span),
  );
  return { ...region, note: fieldPath(found.path) };
}

function parseReport(
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<ReportOptions>,
): TaskResult {
  const expected: OutputKind[] = ['fields'];
  const read = readJsonAnswer('report', answer, ctx, expected);
  if (read.failed) return read.failed;
  const json = read.json;
  const confidence = new ConfidenceIndex(tokens, answer);
  const report = validateReport(json.value, ctx.options.fields, fullFrame(ctx.image, ctx.grid));
  const problems: TaskProblem[] = report.violations.map((v) => ({
    kind: 'schema-violation',
    ...v,
  }));
  const phrase = strings(json.value)
    .map(findRefusal)
    .find((p) => p !== null);
  if (phrase) problems.push({ kind: 'refusal', phrase });

  const fieldConfidence: Record<string, number> = {};
  for (const name of Object.keys(report.values)) {
    fieldConfidence[name] = confidence.of(spanAt(json.root, [name]) ?? json.span);
  }
  // One provenance for the whole report: its weakest field decides, so one doubtful field is reviewed.
  const overall = Object.values(fieldConfidence).reduce(
    (a, b) => Math.min(a, b),
    confidence.of(json.span),
  );
  const empty = Object.keys(report.values).length === 0;
  const fields: StructuredFields | null = empty
    ? null
    : { values: report.values, ...suggested(ctx, 'report', overall) };
  if (empty) problems.push({ kind: 'empty' });
  problems.push(...generationProblems(answer, ctx, json.truncated));
  return {
    task: 'report',
    records: {
      ...emptyRecords(),
      fields,
      regions: report.boxes.map((b) => boxRegion(b, report.values, json, confidence, ctx)),
    },
    expected,
    problems,
    raw: answer,
    fieldConfidence,
  };
}

export const reportTask = defineTask<'report'>({
  id: 'report',
  nameKey: 'ai.task.report.name',
  descriptionKey: 'ai.task.report.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 1024 },
  stop: { jsonClose: true, expectRoot: 'object', loop: true },
  defaultOptions: (schema): ReportOptions => ({ fields: [...schema.fields], instructions: '' }),
  buildPrompt: (ctx, lang) => imagePrompt(reportPromptText(ctx.options, lang)),
  parse: parseReport,
});
