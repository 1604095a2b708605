import { describe, expect, it } from 'vitest';
import { emptySchema } from '../../domain';
import { detectTask, detectPromptText } from './detect';
import { labelClass, testContext, uniformTokens } from './test-context';
import type { DetectOptions, TaskResult } from './types';

const cat = labelClass('Cat', ['kitty', '猫']);
const person = labelClass('person');
const schema = { ...emptySchema(), classes: [cat, person] };

function parse(
  answer: string,
  options: DetectOptions = { labels: ['Cat', 'person'] },
  finish?: 'length',
): TaskResult {
  return detectTask.parse(
    answer,
    uniformTokens(answer),
    testContext(options, {
      schema,
      image: { width: 1000, height: 500 },
      ...(finish ? { finish } : {}),
    }),
  );
}

const kinds = (r: TaskResult) => r.problems.map((p) => p.kind);

describe('detect prompt', () => {
  it('is Qwen’s evaluation prompt in English, and a Chinese equivalent', () => {
    expect(detectPromptText(['cat', 'person'], 'en')).toBe(
      "Locate every instance that belongs to the following categories: 'cat, person'. Report bbox coordinates in JSON format.",
    );
    expect(detectPromptText(['猫', '人'], 'zh')).toContain("'猫、人'");
    const prompt = detectTask.buildPrompt(
      { image: { width: 10, height: 10 }, schema, options: detectTask.defaultOptions(schema) },
      'en',
    );
    expect(prompt.messages[0]!.content[0]).toEqual({ type: 'image' });
    expect(prompt.crop).toBeNull();
  });
});

describe('detect parse', () => {
  it('reads a fenced answer with a trailing comma into pixel boxes with classes', () => {
    const r = parse(
      '```json\n[\n\t{"bbox_2d": [100, 200, 300, 600], "label": "cat"},\n\t{"bbox_2d": [500, 0, 1000, 1000], "label": "Person"},\n]\n```',
    );
    expect(r.problems).toEqual([]);
    expect(r.records.regions.map((x) => [x.label, x.classId, x.shape])).toEqual([
      ['cat', cat.id, { kind: 'box', box: { x: 100, y: 100, w: 200, h: 200 } }],
      ['Person', person.id, { kind: 'box', box: { x: 500, y: 0, w: 500, h: 500 } }],
    ]);
    const region = r.records.regions[0]!;
    expect(region.state).toBe('suggested');
    expect(region.provenance).toMatchObject({
      source: 'model',
      modelId: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
      revision: 'abc123',
      task: 'detect',
      params: { doSample: false, maxNewTokens: 512 },
    });
    expect(region.provenance.source === 'model' && region.provenance.confidence).toBeCloseTo(0.99);
  });

  it('maps synonyms and plurals to classes, keeps and flags unknown labels', () => {
    const r = parse(
      '[{"bbox_2d": [0, 0, 100, 100], "label": "Kitty"}, {"bbox_2d": [0, 0, 200, 200], "label": "cats"}, {"bbox_2d": [0, 0, 300, 300], "label": "dog"}]',
    );
    expect(r.records.regions.map((x) => x.classId)).toEqual([cat.id, cat.id, null]);
    expect(r.records.regions[2]!.label).toBe('dog');
    expect(r.problems).toEqual([{ kind: 'unknown-label', label: 'dog' }]);
  });

  it('does not flag free-text names the user asked for', () => {
    const r = parse('[{"bbox_2d": [0, 0, 100, 100], "label": "traffic light"}]', {
      labels: ['traffic light'],
    });
    expect(r.problems).toEqual([]);
    expect(r.records.regions[0]).toMatchObject({ label: 'traffic light', classId: null });
  });

  it('keeps the complete boxes of a truncated answer and flags the truncation', () => {
    const r = parse(
      '```json\n[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}, {"bbox_2d": [10, 20',
      undefined,
      'length',
    );
    expect(r.records.regions).toHaveLength(1);
    expect(kinds(r)).toEqual(['truncated']);
  });

  it('flags a loop of identical boxes and keeps one of them', () => {
    const item = '{"bbox_2d": [10, 10, 100, 100], "label": "cat"}';
    const r = parse(`[${Array.from({ length: 6 }, () => item).join(', ')}`);
    expect(r.records.regions).toHaveLength(1);
    expect(kinds(r)).toContain('loop');
    expect(kinds(r)).toContain('truncated');
  });

  it('drops boxes of the wrong type or without area and says where', () => {
    const r = parse(
      '[{"bbox_2d": "10,10,50,50", "label": "cat"}, {"bbox_2d": [5, 5, 5, 90], "label": "cat"}, "cat", {"bbox_2d": [0, 0, 50, 50], "label": "cat"}]',
    );
    expect(r.records.regions).toHaveLength(1);
    expect(r.problems).toEqual([
      { kind: 'dropped', path: '[2]', message: 'not an object' },
      { kind: 'dropped', path: '[0]', message: 'not-a-box' },
      { kind: 'dropped', path: '[1]', message: 'degenerate' },
    ]);
  });

  it('accepts a single object and a wrapped list', () => {
    expect(parse('{"bbox_2d": [0, 0, 10, 10], "label": "cat"}').records.regions).toHaveLength(1);
    expect(
      parse('{"objects": [{"bbox_2d": [0, 0, 10, 10], "label": "cat"}]}').records.regions,
    ).toHaveLength(1);
  });

  it('reports an empty list as empty', () => {
    const r = parse('```json\n[]\n```');
    expect(r.records.regions).toEqual([]);
    expect(kinds(r)).toEqual(['empty']);
  });

  it('reads refusals in Chinese and English, and keeps unparseable text raw', () => {
    expect(parse('图片太模糊，无法判断是否有猫。').problems).toEqual([
      { kind: 'refusal', phrase: '无法判断' },
    ]);
    expect(parse("I'm sorry, I can't find any cats in this image.").problems[0]).toEqual({
      kind: 'refusal',
      phrase: "i'm sorry",
    });
    const r = parse('There is a cat on the left.');
    expect(kinds(r)).toEqual(['unparseable']);
    expect(r.raw).toBe('There is a cat on the left.');
  });

  it('gives each box the confidence of its own tokens', () => {
    const answer =
      '[{"bbox_2d": [0, 0, 10, 10], "label": "cat"}, {"bbox_2d": [0, 0, 20, 20], "label": "cat"}]';
    const split = answer.indexOf(', {') + 2;
    const tokens = [
      { id: 1, text: answer.slice(0, split), prob: 0.95 },
      { id: 2, text: answer.slice(split), prob: 0.3 },
    ];
    const r = detectTask.parse(answer, tokens, testContext({ labels: ['cat'] }, { schema }));
    const confidences = r.records.regions.map((x) =>
      x.provenance.source === 'model' ? x.provenance.confidence : -1,
    );
    expect(confidences[0]).toBeCloseTo(0.95);
    expect(confidences[1]).toBeCloseTo(0.3);
  });
});
