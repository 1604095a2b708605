import { describe, expect, it } from 'vitest';
import {
  captionLanguageOf,
  captionPromptText,
  captionTagsTask,
  ECOMMERCE_DIMENSIONS,
} from './caption-tags';
import { testContext, uniformTokens } from './test-context';
import type { CaptionTagsOptions, TaskResult } from './types';

const free: CaptionTagsOptions = {
  dimensions: [],
  vocabulary: [],
  restrictToVocabulary: false,
  captionLanguage: 'en',
  maxTags: 10,
};

function parse(answer: string, options: Partial<CaptionTagsOptions> = {}): TaskResult {
  return captionTagsTask.parse(answer, uniformTokens(answer), testContext({ ...free, ...options }));
}

describe('caption prompt', () => {
  it('templates the dimensions and the vocabulary restriction', () => {
    const en = captionPromptText(
      {
        ...free,
        dimensions: ['color', 'season'],
        vocabulary: ['red', 'blue'],
        restrictToVocabulary: true,
      },
      'en',
    );
    expect(en).toContain(
      '{"caption": "one or two sentences", "tags": {"color": "...", "season": "..."}}',
    );
    expect(en).toContain('chosen only from: red, blue');
    const zh = captionPromptText(
      { ...free, dimensions: [...ECOMMERCE_DIMENSIONS.zh], captionLanguage: 'zh' },
      'zh',
    );
    expect(zh).toContain('"颜色": "…"');
    expect(zh).toContain('一到两句中文描述');
    expect(zh).not.toContain('词表');
  });
});

describe('caption parse', () => {
  it('reads a fenced answer with free tags and a trailing comma', () => {
    const r = parse(
      '```json\n{"caption": "A red running shoe on a white background.", "tags": ["shoe", "red", "Shoe",]}\n```',
    );
    expect(r.problems).toEqual([]);
    expect(r.records.caption).toMatchObject({
      text: 'A red running shoe on a white background.',
      language: 'en',
      state: 'suggested',
    });
    expect(r.records.tags.map((t) => t.value)).toEqual(['shoe', 'red']);
  });

  it('reads tags per dimension, lists and comma-joined strings, dropping non-answers', () => {
    const r = parse(
      '{"caption": "一双红色运动鞋，白色背景。", "tags": {"颜色": "红色", "季节": ["春季", "夏季"], "风格": "运动，休闲", "人群": "未知"}}',
    );
    expect(r.records.caption?.language).toBe('zh');
    expect(r.records.tags.map((t) => `${t.dimension}:${t.value}`)).toEqual([
      '颜色:红色',
      '季节:春季',
      '季节:夏季',
      '风格:运动',
      '风格:休闲',
    ]);
  });

  it('restricts tags to the vocabulary, using its spelling, and flags the rest', () => {
    const r = parse('{"caption": "A red shoe for running.", "tags": ["RED", "sneaker", "Sport"]}', {
      vocabulary: ['red', 'sport'],
      restrictToVocabulary: true,
    });
    expect(r.records.tags.map((t) => t.value)).toEqual(['red', 'sport']);
    expect(r.problems).toEqual([{ kind: 'unknown-label', label: 'sneaker' }]);
  });

  it('keeps what a truncated answer completed', () => {
    const r = captionTagsTask.parse(
      '{"caption": "红色运动鞋", "tags": ["红色", "运动',
      [],
      testContext(free, { finish: 'length' }),
    );
    expect(r.records.caption?.text).toBe('红色运动鞋');
    expect(r.records.tags.map((t) => t.value)).toEqual(['红色']);
    expect(r.problems.map((p) => p.kind)).toEqual(['truncated']);
  });

  it('flags wrong types, empty answers and refusals in both languages', () => {
    expect(parse('{"caption": {"text": "x"}, "tags": []}').problems.map((p) => p.kind)).toEqual([
      'schema-violation',
      'empty',
    ]);
    expect(parse('["shoe"]').problems[0]).toMatchObject({ kind: 'schema-violation', path: '$' });
    expect(
      parse('{"caption": "图片看不清，无法判断商品类别。", "tags": []}').problems,
    ).toContainEqual({
      kind: 'refusal',
      phrase: '无法判断',
    });
    expect(parse('Sorry, I cannot determine what this product is.').problems).toEqual([
      { kind: 'refusal', phrase: 'cannot determine' },
    ]);
  });

  it('detects a loop in the caption', () => {
    const r = parse(`{"caption": "A shoe${' and a shoe'.repeat(12)}`);
    expect(r.problems.map((p) => p.kind)).toContain('loop');
  });

  it('tells Chinese from English captions', () => {
    expect(captionLanguageOf('红色 T 恤')).toBe('zh');
    expect(captionLanguageOf('A red T-shirt')).toBe('en');
    expect(captionLanguageOf('123')).toBe('other');
  });
});
