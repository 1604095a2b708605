import { describe, expect, it } from 'vitest';
import { extractJson, spanAt } from './extract-json';
import { JsonCloseWatcher, jsonCloseIndex } from './json-complete';
import { findTrailingRepetition } from './loop';
import { findRefusal } from './refusal';
import { createStopCheck, generationEnd } from './stop';

function value(text: string): unknown {
  const r = extractJson(text);
  if (!r.ok) throw new Error(r.message);
  return r.json.value;
}

describe('extractJson', () => {
  it('reads JSON inside markdown fences with trailing commas', () => {
    const text = '```json\n[\n  {"bbox_2d": [1, 2, 3, 4], "label": "cat"},\n]\n```';
    expect(value(text)).toEqual([{ bbox_2d: [1, 2, 3, 4], label: 'cat' }]);
  });

  it('finds the JSON among prose, preferring the largest value over bracketed words', () => {
    expect(value('I found [2] things: [{"a": 1}, {"a": 2}] — hope it helps.')).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
  });

  it('keeps the complete elements of a truncated array and says it was truncated', () => {
    const r = extractJson('[{"bbox_2d": [1, 2, 3, 4], "label": "cat"}, {"bbox_2d": [5, 6, 7');
    expect(r.ok && r.json.value).toEqual([{ bbox_2d: [1, 2, 3, 4], label: 'cat' }]);
    expect(r.ok && r.json.truncated).toBe(true);
  });

  it('keeps the complete parts of a truncated object, nested lists included', () => {
    expect(value('{"caption": "红色运动鞋", "tags": ["红色", "运动')).toEqual({
      caption: '红色运动鞋',
      tags: ['红色'],
    });
    expect(value('{"defects": [{"type": "scratch", "bbox": [1, 2, 3, 4]}, {"type": "de')).toEqual({
      defects: [{ type: 'scratch', bbox: [1, 2, 3, 4] }],
    });
    // A number at the very end may have lost digits: it is dropped, not guessed.
    expect(value('{"a": 1, "b": 12')).toEqual({ a: 1 });
  });

  it('accepts single quotes, Python literals and bad escapes', () => {
    expect(value("{'caption': 'it\\'s red', 'ok': True, 'n': None}")).toEqual({
      caption: "it's red",
      ok: true,
      n: null,
    });
    // An invalid escape and a raw newline inside a string: jsonrepair's job.
    expect(value('{"path": "C:\\qux", "b": "line\nbreak"}')).toEqual({
      path: 'C:qux',
      b: 'line\nbreak',
    });
  });

  it('reads objects one per line as one list', () => {
    expect(value('{"label": "a"}\n{"label": "b"}\n')).toEqual([{ label: 'a' }, { label: 'b' }]);
  });

  it('reports empty answers and answers without JSON', () => {
    expect(extractJson('  ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(extractJson('无法判断图中内容')).toMatchObject({ ok: false, reason: 'no-json' });
  });

  it('gives the span of each element in the original text', () => {
    const text = 'Here:\n```json\n[{"label": "a"}, {"label": "bb"}]\n```';
    const r = extractJson(text);
    if (!r.ok) throw new Error('expected JSON');
    const second = spanAt(r.json.root, [1])!;
    expect(text.slice(second.start, second.end)).toBe('{"label": "bb"}');
    const label = spanAt(r.json.root, [1, 'label'])!;
    expect(text.slice(label.start, label.end)).toBe('"bb"');
    expect(spanAt(r.json.root, [2])).toBeUndefined();
  });
});

describe('findTrailingRepetition', () => {
  it('finds a unit repeated at the end of the text', () => {
    const unit = '{"bbox_2d": [10, 20, 30, 40], "label": "cat"}, ';
    const looped = `[${unit}${unit}${unit}${unit}`;
    expect(findTrailingRepetition(looped)).toMatchObject({ period: unit.length, repeats: 4 });
    expect(findTrailingRepetition('好的好的' + '。'.repeat(70))).toMatchObject({ period: 1 });
  });

  it('ignores short or varied repetition', () => {
    expect(findTrailingRepetition('Wow!!! Great!!!')).toBeNull();
    const varied = Array.from({ length: 8 }, (_, i) => `{"bbox_2d": [${i}, 20, 30, 40]}, `).join(
      '',
    );
    expect(findTrailingRepetition(varied)).toBeNull();
  });

  it('works on token ids too', () => {
    const ids = [1, 2, ...Array.from({ length: 10 }, () => [7, 8, 9]).flat()];
    expect(findTrailingRepetition(ids)).toMatchObject({ period: 3, start: 2 });
    expect(findTrailingRepetition([1, 2, 3, 4, 5, 6])).toBeNull();
  });
});

describe('JSON close detection', () => {
  it('reports the index just after the top-level value closes', () => {
    const text = '```json\n[{"a": "]"}, {"b": [1]}]\n```';
    expect(jsonCloseIndex(text)).toBe(text.indexOf('\n```', 4));
    expect(jsonCloseIndex('[{"a": 1}, {"b"')).toBe(-1);
  });

  it('works incrementally on the text so far', () => {
    const watcher = new JsonCloseWatcher('array');
    expect(watcher.feed('[{"a": ')).toBe(-1);
    expect(watcher.feed('[{"a": 1}')).toBe(-1);
    expect(watcher.feed('[{"a": 1}]\n```')).toBe(10);
  });

  it('with an expected array, a lone object closing first does not count', () => {
    expect(jsonCloseIndex('{"a": 1}\n[{"b": 2}]', 'array')).toBe(19);
    expect(jsonCloseIndex('{"a": 1}', 'object')).toBe(8);
  });

  it('combines with loop detection as one stopping check', () => {
    const stopJson = createStopCheck({ jsonClose: true, expectRoot: 'any', loop: true });
    expect(stopJson('{"caption": "a')).toBeNull();
    expect(stopJson('{"caption": "a"}')).toBe('json-complete');
    const stopLoop = createStopCheck({ jsonClose: false, expectRoot: 'any', loop: true });
    expect(stopLoop('The answer is ' + 'very '.repeat(20))).toBe('loop');
  });

  it('maps the runtime’s stop reason to the finish reason parsers read', () => {
    expect(generationEnd('max_tokens', null)).toBe('length');
    expect(generationEnd('stopped', 'loop')).toBe('loop');
    expect(generationEnd('stopped', null)).toBe('cancelled');
    expect(generationEnd('interrupted', null)).toBe('cancelled');
    expect(generationEnd('end', null)).toBe('eos');
  });
});

describe('findRefusal', () => {
  it('finds refusals and uncertainty in Chinese', () => {
    expect(findRefusal('图片太模糊，无法判断颜色。')).toBe('无法判断');
    expect(findRefusal('看不清图中的文字')).toBe('看不清');
    expect(findRefusal('抱歉，我不能回答')).not.toBeNull();
  });

  it('finds refusals and uncertainty in English, typographic apostrophes included', () => {
    expect(findRefusal('I cannot determine the material.')).toBe('cannot determine');
    expect(findRefusal('I’m sorry, but I can’t help with that.')).toBe("i'm sorry");
  });

  it('leaves ordinary descriptions alone', () => {
    expect(findRefusal('A red running shoe on a clear white background.')).toBeNull();
    expect(findRefusal('一双红色运动鞋，白色背景。')).toBeNull();
  });
});
