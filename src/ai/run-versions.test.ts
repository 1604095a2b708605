import { describe, expect, it } from 'vitest';
import { checkImageAnnotations, emptyAnnotations, type ImageId, type ProjectId } from '../domain';
import { mergeTaskResult } from './merge';
import { compareRuns, defaultPair, rowChanged, runVersions, summarizeRun } from './run-versions';
import { detectTask } from './tasks/detect';
import { testContext, uniformTokens } from './tasks/test-context';

function detect(answer: string, labels = ['cat', 'person', 'dog']) {
  return detectTask.parse(answer, uniformTokens(answer), testContext({ labels }));
}

const twoCatsAndAPerson =
  '[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}, {"bbox_2d": [10, 10, 90, 90], "label": "cat"}, {"bbox_2d": [200, 200, 400, 600], "label": "person"}]';

describe('run versions', () => {
  it('summarizes what a run gave: regions by label, problems by kind', () => {
    expect(summarizeRun(detect(twoCatsAndAPerson))).toEqual({
      regions: { cat: 2, person: 1 },
      caption: null,
      tags: [],
      ocrLines: 0,
      fields: [],
      answer: null,
      problems: [],
    });
    const refused = summarizeRun(detect('I cannot find any dog in this image.'));
    expect(refused.regions).toEqual({});
    expect(refused.problems.length).toBeGreaterThan(0);
  });

  it('every merged run keeps its summary, and the record stays valid', () => {
    let a = emptyAnnotations('i' as ImageId, 'p' as ProjectId, 0);
    a = mergeTaskResult(a, detect(twoCatsAndAPerson), 1).annotations;
    a = mergeTaskResult(a, detect('[{"bbox_2d": [5, 5, 50, 50], "label": "dog"}]'), 2).annotations;
    expect(a.answers.map((x) => x.summary?.regions)).toEqual([{ cat: 2, person: 1 }, { dog: 1 }]);
    expect(checkImageAnnotations(a)).toEqual([]);
    expect(
      checkImageAnnotations({
        ...a,
        answers: [{ ...a.answers[0]!, summary: { regions: { cat: -1 } } }],
      }).map((p) => p.field),
    ).toContain('annotations.answers[0].summary.regions');
  });

  it('numbers runs within their task, newest first, and pairs the two newest of the newest task', () => {
    const answers = [
      { task: 'detect', text: 'a', createdAt: 1 },
      { task: 'caption-tags', text: 'b', createdAt: 2 },
      { task: 'detect', text: 'c', createdAt: 3 },
    ];
    const versions = runVersions(answers);
    expect(versions.map((v) => [v.answer.text, v.number, v.index])).toEqual([
      ['c', 2, 2],
      ['b', 1, 1],
      ['a', 1, 0],
    ]);
    expect(defaultPair(versions)?.map((v) => v.answer.text)).toEqual(['a', 'c']);
    expect(defaultPair(runVersions(answers.slice(0, 2)))).toBeNull();
  });

  it('compares two runs row by row and marks what changed', () => {
    const before = summarizeRun(detect(twoCatsAndAPerson));
    const after = summarizeRun(
      detect(
        '[{"bbox_2d": [5, 5, 50, 50], "label": "dog"}, {"bbox_2d": [0, 0, 100, 100], "label": "cat"}]',
      ),
    );
    const rows = compareRuns(before, after);
    expect(rows).toEqual([
      { kind: 'label', label: 'cat', before: 2, after: 1 },
      { kind: 'label', label: 'dog', before: 0, after: 1 },
      { kind: 'label', label: 'person', before: 1, after: 0 },
    ]);
    expect(rows.map(rowChanged)).toEqual([true, true, true]);
    expect(compareRuns(before, before).every((r) => !rowChanged(r))).toBe(true);
  });

  it('lists text rows only where a run produced them', () => {
    const base = summarizeRun(detect('[]'));
    const rows = compareRuns(
      { ...base, caption: 'A red shoe', tags: ['red', 'shoe'], problems: [] },
      { ...base, caption: 'A red shoe', tags: ['shoe', 'sport'], problems: ['loop'] },
    );
    expect(rows.map((r) => r.kind)).toEqual(['caption', 'tags', 'problems']);
    expect(rows[1]).toEqual({ kind: 'tags', added: ['sport'], removed: ['red'], kept: ['shoe'] });
    expect(rows.map(rowChanged)).toEqual([false, true, true]);
  });
});
