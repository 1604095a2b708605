import { describe, expect, it } from 'vitest';
import { newId } from '../../domain';
import { answerValue, regionQuestionTask } from './region-question';
import { testContext, uniformTokens } from './test-context';
import type { RegionQuestionOptions } from './types';

const regionId = newId<'region'>();
const options: RegionQuestionOptions = {
  region: { x: 200, y: 100, w: 400, h: 200 },
  regionId,
  question: 'What colour is this car?',
  margin: 0.25,
  attribute: { name: 'color', type: 'enum', options: ['red', 'blue', 'white'] },
};
const image = { width: 1000, height: 500 };

describe('region question prompt', () => {
  it('crops around the region with the margin and tells the model where the region is', () => {
    const prompt = regionQuestionTask.buildPrompt(
      {
        image,
        schema: { classes: [], tagVocabulary: [], captionLanguage: 'en', fields: [] },
        options,
      },
      'en',
    );
    expect(prompt.crop).toEqual({ x: 100, y: 50, width: 600, height: 300 });
    const text = prompt.messages[0]!.content[1];
    expect(text).toEqual({
      type: 'text',
      text: 'Look at the region [167, 167, 833, 833] of this image (relative coordinates from 0 to 1000).\nWhat colour is this car?\nAnswer with exactly one of: red, blue, white.',
    });
    const zh = regionQuestionTask.buildPrompt(
      {
        image,
        schema: { classes: [], tagVocabulary: [], captionLanguage: 'zh', fields: [] },
        options: { ...options, attribute: { name: 'ok', type: 'bool' } },
      },
      'zh',
    );
    expect(zh.messages[0]!.content[1]).toMatchObject({
      text: expect.stringContaining('只回答“是”或“否”。'),
    });
  });
});

describe('region question answers', () => {
  it('reads the answer as the attribute’s value', () => {
    const r = regionQuestionTask.parse(
      'Blue.',
      uniformTokens('Blue.'),
      testContext(options, { image }),
    );
    expect(r.problems).toEqual([]);
    expect(r.records.answer).toBe('Blue.');
    expect(r.regionAnswer).toMatchObject({
      regionId,
      attribute: 'color',
      value: 'blue',
      text: 'Blue.',
    });
    expect(r.regionAnswer?.confidence).toBeCloseTo(0.99);
  });

  it('reads yes/no and numbers in Chinese and English', () => {
    const bool = { name: 'damaged', type: 'bool' } as const;
    expect(answerValue('是的，有明显划痕。', bool)).toBe(true);
    expect(answerValue('否', bool)).toBe(false);
    expect(answerValue('No, it is intact.', bool)).toBe(false);
    expect(answerValue('Yes', bool)).toBe(true);
    expect(answerValue('大约 3 个', { name: 'n', type: 'number' })).toBe(3);
    expect(answerValue('It is about 12.5 cm', { name: 'n', type: 'number' })).toBe(12.5);
    expect(
      answerValue('红色或蓝色', { name: 'c', type: 'enum', options: ['红色', '蓝色'] }),
    ).toBeNull();
    expect(answerValue('  a sedan ', null)).toBe('a sedan');
  });

  it('flags answers that do not fit the attribute, and refusals in both languages', () => {
    const r = regionQuestionTask.parse('Green', [], testContext(options, { image }));
    expect(r.problems).toEqual([
      { kind: 'schema-violation', path: 'color', message: 'not a enum answer' },
    ]);
    expect(
      regionQuestionTask.parse('看不清这辆车的颜色。', [], testContext(options, { image }))
        .problems[0],
    ).toMatchObject({ kind: 'refusal' });
    expect(
      regionQuestionTask.parse("I can't tell from this crop.", [], testContext(options, { image }))
        .problems[0],
    ).toMatchObject({ kind: 'refusal' });
  });

  it('maps boxes in the answer from the crop back to the full image', () => {
    const answer = '```json\n[{"bbox_2d": [0, 0, 500, 500], "label": "wheel"}]\n```';
    const r = regionQuestionTask.parse(
      answer,
      uniformTokens(answer),
      testContext({ ...options, attribute: null }, { image }),
    );
    expect(r.records.regions[0]?.shape).toEqual({
      kind: 'box',
      box: { x: 100, y: 50, w: 300, h: 150 },
    });
  });
});
