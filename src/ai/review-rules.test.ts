import { describe, expect, it } from 'vitest';
import { isShortCaption, reviewAnswer } from './review-rules';
import { captionTagsTask } from './tasks/caption-tags';
import { customPromptTask } from './tasks/custom-prompt';
import { detectTask } from './tasks/detect';
import { testContext, uniformTokens } from './tasks/test-context';
import type { CaptionTagsOptions } from './tasks/types';

const captionOptions: CaptionTagsOptions = {
  dimensions: [],
  vocabulary: ['red', 'shoe'],
  restrictToVocabulary: true,
  captionLanguage: 'en',
  maxTags: 10,
};

function caption(answer: string, prob = 0.99, finish?: 'length') {
  return captionTagsTask.parse(
    answer,
    uniformTokens(answer, prob),
    testContext(captionOptions, finish ? { finish } : {}),
  );
}

function detect(answer: string, prob = 0.99) {
  return detectTask.parse(answer, uniformTokens(answer, prob), testContext({ labels: ['cat'] }));
}

describe('reviewAnswer', () => {
  it('says confidence is unknown, not low, for a server that sent no token probabilities', () => {
    const answer = '[{"bbox_2d": [10, 10, 500, 500], "label": "cat"}]';
    const result = {
      ...detectTask.parse(answer, [], testContext({ labels: ['cat'] })),
      confidenceUnknown: true,
    };
    expect(reviewAnswer(result)).toMatchObject({
      status: 'needs-review',
      reasons: ['unknown-confidence'],
    });
  });

  it('pre-annotates a confident, complete answer (en and zh)', () => {
    expect(
      reviewAnswer(caption('{"caption": "A red running shoe on white.", "tags": ["red", "shoe"]}')),
    ).toEqual({
      status: 'pre-annotated',
      reasons: [],
      details: {},
    });
    expect(
      reviewAnswer(caption('{"caption": "一只红色的跑步鞋放在白色背景上。", "tags": ["red"]}'))
        .status,
    ).toBe('pre-annotated');
  });

  it('sends low confidence to review, with the project threshold', () => {
    const answer = '[{"bbox_2d": [0, 0, 500, 500], "label": "cat"}]';
    const outcome = reviewAnswer(detect(answer, 0.8));
    expect(outcome.reasons).toEqual(['low-confidence']);
    expect(outcome.details['low-confidence']).toBe('region 1 (cat): 0.80 < 0.85');
    expect(reviewAnswer(detect(answer, 0.8), { threshold: 0.7 }).status).toBe('pre-annotated');
  });

  it('flags unparseable output and the empty result that comes with it', () => {
    expect(reviewAnswer(detect('The cat sits on the left.')).reasons).toEqual([
      'unparseable-output',
      'empty-result',
    ]);
  });

  it('flags an empty result', () => {
    expect(reviewAnswer(detect('```json\n[]\n```')).reasons).toEqual(['empty-result']);
  });

  it('flags refusals in Chinese and English', () => {
    const zh = reviewAnswer(caption('{"caption": "图片太暗，看不清商品。", "tags": ["red"]}'));
    expect(zh.reasons).toEqual(['refusal']);
    expect(zh.details.refusal).toBe('看不清');
    const en = customPromptTask.parse(
      "I'm sorry, I cannot determine that.",
      uniformTokens("I'm sorry, I cannot determine that."),
      testContext({ prompt: 'x', history: [] }),
    );
    expect(reviewAnswer(en).reasons).toEqual(['refusal']);
    expect(reviewAnswer(detect('对不起，我无法判断图中是否有猫。')).reasons).toEqual([
      'refusal',
      'empty-result',
    ]);
  });

  it('flags too-short captions in Chinese and English', () => {
    expect(reviewAnswer(caption('{"caption": "A shoe.", "tags": ["shoe"]}')).reasons).toEqual([
      'short-caption',
    ]);
    expect(reviewAnswer(caption('{"caption": "红鞋", "tags": ["red"]}')).reasons).toEqual([
      'short-caption',
    ]);
    expect(isShortCaption('红色运动鞋一双')).toBe(false);
    expect(isShortCaption('A red shoe')).toBe(false);
  });

  it('flags a caption without tags (en and zh)', () => {
    expect(
      reviewAnswer(caption('{"caption": "A red running shoe on white.", "tags": []}')).reasons,
    ).toEqual(['no-tags']);
    expect(
      reviewAnswer(caption('{"caption": "一只红色的跑步鞋放在白色背景上。"}')).reasons,
    ).toEqual(['no-tags']);
  });

  it('flags labels outside the schema (tags outside the vocabulary, unknown detections)', () => {
    const tags = reviewAnswer(
      caption('{"caption": "A red running shoe on white.", "tags": ["red", "蓝色"]}'),
    );
    expect(tags.reasons).toEqual(['unknown-label']);
    expect(tags.details['unknown-label']).toBe('蓝色');
    expect(reviewAnswer(detect('[{"bbox_2d": [0, 0, 500, 500], "label": "dog"}]')).reasons).toEqual(
      ['unknown-label'],
    );
  });

  it('flags a loop and a truncation', () => {
    const looped = reviewAnswer(
      caption(`{"caption": "A red shoe${', a red shoe'.repeat(10)}`, 0.99, 'length'),
    );
    expect(looped.reasons).toEqual(expect.arrayContaining(['loop-detected', 'truncated']));
    expect(looped.status).toBe('needs-review');
  });
});
