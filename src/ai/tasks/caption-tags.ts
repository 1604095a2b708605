import type { Caption, Tag } from '../../domain';
import { findRefusal, spanAt, type JsonAnswer } from '../answer';
import { ConfidenceIndex, type TokenProbability } from '../confidence';
import { readJsonAnswer } from './grounding';
import { imagePrompt, nameList } from './prompt';
import {
  asText,
  defineTask,
  emptyRecords,
  generationProblems,
  isRecord,
  suggested,
} from './records';
import type {
  CaptionTagsOptions,
  OutputKind,
  PromptLanguage,
  TaskContext,
  TaskProblem,
  TaskResult,
} from './types';

/** A ready-made set of dimensions for product photos, in the prompt's language. */
export const ECOMMERCE_DIMENSIONS: Readonly<Record<PromptLanguage, readonly string[]>> = {
  en: ['category', 'color', 'style', 'season', 'scene', 'audience'],
  zh: ['品类', '颜色', '风格', '季节', '场景', '人群'],
};

/** The tags part of the JSON form shown to the model: an object by dimension, else a plain list. */
function tagsExample(dimensions: readonly string[], ellipsis: string): string {
  return dimensions.length > 0
    ? `{${dimensions.map((d) => `"${d}": "${ellipsis}"`).join(', ')}}`
    : `["${ellipsis}", "${ellipsis}"]`;
}

/** Answers that fill a slot without saying anything; they are not kept as tags. */
const NON_ANSWERS = new Set([
  '',
  'unknown',
  'n/a',
  'na',
  'none',
  'null',
  '-',
  '未知',
  '无',
  '不适用',
]);

const CAPTION_KEYS = ['caption', 'description', '描述', '标题'];
const TAG_KEYS = ['tags', 'tag', 'labels', '标签'];

export function captionPromptText(options: CaptionTagsOptions, lang: PromptLanguage): string {
  const zhCaption = options.captionLanguage === 'zh';
  const restricted = options.restrictToVocabulary && options.vocabulary.length > 0;
  const vocabulary = nameList(options.vocabulary, lang);
  if (lang === 'zh') {
    const captionHint = zhCaption ? '一到两句中文描述' : '一到两句英文描述';
    const tags = tagsExample(options.dimensions, '…');
    return [
      '请描述这张图片。只输出 JSON，格式如下：',
      `{"caption": "${captionHint}", "tags": ${tags}}`,
      `标签应为简短的词语，最多 ${options.maxTags} 个${restricted ? `，只能从以下词表中选择：${vocabulary}` : ''}。`,
    ].join('\n');
  }
  const captionHint = zhCaption ? 'one or two sentences in Chinese' : 'one or two sentences';
  const tags = tagsExample(options.dimensions, '...');
  return [
    'Describe this image. Reply with JSON only, in this form:',
    `{"caption": "${captionHint}", "tags": ${tags}}`,
    `Tags are short words or phrases, at most ${options.maxTags}${restricted ? `, chosen only from: ${vocabulary}` : ''}.`,
  ].join('\n');
}

/** Chinese when at least a third of the letters are CJK characters. */
export function captionLanguageOf(text: string): Caption['language'] {
  const cjk = (text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length;
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  if (cjk + latin === 0) return 'other';
  return cjk * 3 >= cjk + latin ? 'zh' : latin > 0 ? 'en' : 'other';
}

interface RawTag {
  value: string;
  dimension: string;
  path: (string | number)[];
}

/** Tags as a list, a list of {dimension, value}, a map dimension → value(s), or one string. */
function rawTags(value: unknown, path: (string | number)[], dimension = ''): RawTag[] {
  const split = (text: string): RawTag[] =>
    text.split(/[,，、;；]/).map((v) => ({ value: v.trim(), dimension, path }));
  if (typeof value === 'string') return split(value);
  const text = asText(value);
  if (text !== undefined) return [{ value: text, dimension, path }];
  if (Array.isArray(value))
    return value.flatMap((item, i) => {
      if (isRecord(item)) {
        const dim = asText(item.dimension ?? item.name ?? item.key) ?? dimension;
        return rawTags(item.value ?? item.tag ?? item.values, [...path, i, 'value'], dim);
      }
      return rawTags(item, [...path, i], dimension);
    });
  if (isRecord(value))
    return Object.entries(value).flatMap(([dim, v]) => rawTags(v, [...path, dim], dim));
  return [];
}

function firstPresent(
  record: Record<string, unknown>,
  keys: readonly string[],
): [string, unknown] | undefined {
  for (const k of keys) if (k in record) return [k, record[k]];
  return undefined;
}

function parseCaptionTags(
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<CaptionTagsOptions>,
): TaskResult {
  const expected: OutputKind[] = ['caption', 'tags'];
  const read = readJsonAnswer('caption-tags', answer, ctx, expected);
  if (read.failed) return read.failed;
  const json = read.json;
  const problems: TaskProblem[] = [];
  const confidence = new ConfidenceIndex(tokens, answer);
  const body = isRecord(json.value) ? json.value : {};
  if (!isRecord(json.value))
    problems.push({ kind: 'schema-violation', path: '$', message: 'expected an object' });

  const captionEntry = firstPresent(body, CAPTION_KEYS);
  const captionText = captionEntry ? asText(captionEntry[1]) : undefined;
  let caption: Caption | null = null;
  if (captionText) {
    const span = spanAt(json.root, [captionEntry![0]]) ?? json.span;
    caption = {
      text: captionText,
      language: captionLanguageOf(captionText),
      ...suggested(ctx, 'caption-tags', confidence.of(span)),
    };
    const phrase = findRefusal(captionText);
    if (phrase) problems.push({ kind: 'refusal', phrase });
  } else if (captionEntry && captionEntry[1] !== null && captionEntry[1] !== '') {
    problems.push({ kind: 'schema-violation', path: `$.${captionEntry[0]}`, message: 'not text' });
  }

  const tagEntry = firstPresent(body, TAG_KEYS);
  const tags = tagEntry
    ? keptTags(rawTags(tagEntry[1], [tagEntry[0]]), json, confidence, ctx, problems)
    : [];
  if (!caption && tags.length === 0) problems.push({ kind: 'empty' });
  problems.push(...generationProblems(answer, ctx, json.truncated));
  return {
    task: 'caption-tags',
    records: { ...emptyRecords(), caption, tags },
    expected,
    problems,
    raw: answer,
  };
}

function keptTags(
  raw: readonly RawTag[],
  json: JsonAnswer,
  confidence: ConfidenceIndex,
  ctx: TaskContext<CaptionTagsOptions>,
  problems: TaskProblem[],
): Tag[] {
  const { vocabulary, restrictToVocabulary, maxTags } = ctx.options;
  const canonical = new Map(vocabulary.map((v) => [v.trim().toLowerCase(), v.trim()]));
  const seen = new Set<string>();
  const tags: Tag[] = [];
  for (const t of raw) {
    const key = t.value.toLowerCase();
    if (NON_ANSWERS.has(key)) continue;
    let value = t.value;
    if (canonical.size > 0) {
      const match = canonical.get(key);
      if (match) value = match;
      else if (restrictToVocabulary) {
        problems.push({ kind: 'unknown-label', label: t.value });
        continue;
      }
    }
    const id = `${t.dimension.toLowerCase()}|${value.toLowerCase()}`;
    if (seen.has(id) || tags.length >= maxTags) continue;
    seen.add(id);
    const span = spanAt(json.root, t.path) ?? json.span;
    tags.push({
      value,
      dimension: t.dimension,
      ...suggested(ctx, 'caption-tags', confidence.of(span)),
    });
  }
  return tags;
}

export const captionTagsTask = defineTask<'caption-tags'>({
  id: 'caption-tags',
  nameKey: 'ai.task.caption-tags.name',
  descriptionKey: 'ai.task.caption-tags.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 256 },
  stop: { jsonClose: true, expectRoot: 'object', loop: true },
  defaultOptions: (schema): CaptionTagsOptions => ({
    dimensions: [],
    vocabulary: [...schema.tagVocabulary],
    restrictToVocabulary: false,
    captionLanguage: schema.captionLanguage,
    maxTags: 10,
  }),
  buildPrompt: (ctx, lang) => imagePrompt(captionPromptText(ctx.options, lang)),
  parse: parseCaptionTags,
});
