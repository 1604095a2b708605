import { describe, expect, it } from 'vitest';
import { countByLabel, pointsPromptText, pointsTask } from './points';
import { testContext, uniformTokens } from './test-context';

describe('points', () => {
  it('asks for point_2d in both languages', () => {
    expect(pointsPromptText(['apple'], 'en')).toContain('point_2d');
    expect(pointsPromptText(['苹果'], 'zh')).toContain("'苹果'");
  });

  it('converts points on a portrait (EXIF-rotated) image and counts them per label', () => {
    const answer =
      '```json\n[{"point_2d": [500, 250], "label": "apple"}, {"point_2d": [100, 900], "label": "apple"}, {"point_2d": [900, 900], "label": "pear"}]\n```';
    const r = pointsTask.parse(
      answer,
      uniformTokens(answer),
      testContext({ labels: ['apple', 'pear'] }, { image: { width: 3024, height: 4032 } }),
    );
    expect(r.problems).toEqual([]);
    const points = r.records.regions.map((x) =>
      x.shape.kind === 'point'
        ? [Math.round(x.shape.point.x * 10) / 10, Math.round(x.shape.point.y * 10) / 10]
        : [],
    );
    expect(points).toEqual([
      [1512, 1008],
      [302.4, 3628.8],
      [2721.6, 3628.8],
    ]);
    expect(Object.fromEntries(countByLabel(r.records.regions))).toEqual({ apple: 2, pear: 1 });
  });

  it('drops points with the wrong shape and flags labels nobody asked for', () => {
    const answer =
      '[{"point_2d": [1, 2, 3], "label": "apple"}, {"point_2d": ["10", "20"], "label": "kiwi"}]';
    const r = pointsTask.parse(answer, uniformTokens(answer), testContext({ labels: ['apple'] }));
    expect(r.records.regions).toHaveLength(1);
    expect(r.problems).toEqual([
      { kind: 'dropped', path: '[0]', message: 'not-a-point' },
      { kind: 'unknown-label', label: 'kiwi' },
    ]);
  });
});
