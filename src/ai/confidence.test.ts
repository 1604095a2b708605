import { describe, expect, it } from 'vitest';
import { aggregateProbabilities, ConfidenceIndex, type TokenProbability } from './confidence';

function tokens(parts: [string, number][]): TokenProbability[] {
  return parts.map(([text, prob], id) => ({ id, text, prob }));
}

describe('aggregateProbabilities', () => {
  it('takes the geometric mean by default', () => {
    expect(aggregateProbabilities([0.5, 0.5])).toBeCloseTo(0.5);
    expect(aggregateProbabilities([1, 0.25])).toBeCloseTo(0.5);
    expect(aggregateProbabilities([0.9, 0])).toBe(0);
  });

  it('can take the minimum', () => {
    expect(aggregateProbabilities([0.9, 0.4, 0.99], 'min')).toBe(0.4);
  });

  it('treats no probabilities as unknown, i.e. low', () => {
    expect(aggregateProbabilities([])).toBe(0);
  });
});

describe('ConfidenceIndex', () => {
  const answer = '[{"label": "cat"}, {"label": "dog"}]';
  const index = new ConfidenceIndex(
    tokens([
      ['[{"', 1],
      ['label', 1],
      ['": "', 1],
      ['cat', 0.9],
      ['"}, {"', 1],
      ['label', 1],
      ['": "', 1],
      ['dog', 0.1],
      ['"}]', 1],
    ]),
    answer,
  );

  it('aggregates the tokens overlapping a record’s span', () => {
    const cat = { start: 1, end: answer.indexOf('}') + 1 };
    const dog = { start: answer.lastIndexOf('{'), end: answer.length - 1 };
    expect(answer.slice(dog.start, dog.end)).toBe('{"label": "dog"}');
    expect(index.of(cat)).toBeCloseTo(0.9 ** (1 / 5));
    expect(index.of(dog)).toBeCloseTo(0.1 ** (1 / 5));
    expect(index.of(dog)).toBeLessThan(index.of(cat));
  });

  it('aligns tokens with an answer the caller trimmed', () => {
    const trimmed = new ConfidenceIndex(
      tokens([
        ['\n', 1],
        ['ok', 0.5],
      ]),
      'ok',
    );
    expect(trimmed.of({ start: 0, end: 2 })).toBeCloseTo(0.5);
  });

  it('reads the minimum when asked', () => {
    const strict = new ConfidenceIndex(
      tokens([
        ['a', 0.9],
        ['b', 0.3],
      ]),
      'ab',
      'min',
    );
    expect(strict.of({ start: 0, end: 2 })).toBe(0.3);
  });

  it('gives 0 when the runtime sent no probabilities', () => {
    expect(new ConfidenceIndex([], 'x').of({ start: 0, end: 1 })).toBe(0);
  });
});
