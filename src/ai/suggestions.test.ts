import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  newId,
  type ImageAnnotations,
  type ModelProvenance,
  type Region,
} from '../domain';
import { testModelProvenance, testSuggestion } from '../domain/test-regions';
import { decideSuggestion, listSuggestions, suggestedCount } from './suggestions';
import { detectTask } from './tasks/detect';
import { testContext, uniformTokens } from './tasks/test-context';

const model = (confidence: number, task = 'detect'): ModelProvenance =>
  testModelProvenance(confidence, { task });

function region(label: string, confidence: number, state: Region['state'] = 'suggested'): Region {
  return testSuggestion(confidence, {
    shape: { kind: 'box', box: { x: 0, y: 0, w: 10, h: 10 } },
    label,
    state,
  });
}

function annotations(): ImageAnnotations {
  const a = emptyAnnotations(newId<'image'>(), newId<'project'>(), 1);
  return {
    ...a,
    regions: [region('cat', 0.9), region('dog', 0.4), region('human-drawn', 1, 'accepted')],
    caption: {
      text: 'A cat.',
      language: 'en',
      provenance: model(0.7, 'caption-tags'),
      state: 'suggested',
      updatedAt: 1,
      updatedBy: '',
    },
    tags: [
      {
        value: 'cat',
        dimension: '',
        provenance: model(0.95, 'caption-tags'),
        state: 'suggested',
        updatedAt: 1,
        updatedBy: '',
      },
    ],
  };
}

describe('suggestions', () => {
  it('lists only undecided records, least confident first', () => {
    expect(listSuggestions(annotations()).map((s) => [s.text, s.confidence])).toEqual([
      ['dog', 0.4],
      ['A cat.', 0.7],
      ['cat', 0.9],
      ['cat', 0.95],
    ]);
  });

  it('accepts or rejects exactly one record and stamps who and when', () => {
    const a = annotations();
    const dog = a.regions[1]!;
    const next = decideSuggestion(a, { kind: 'region', id: dog.id }, 'rejected', {
      author: 'ana',
      now: 5,
    });
    expect(next.regions[1]).toMatchObject({ state: 'rejected', updatedBy: 'ana', updatedAt: 5 });
    expect(next.regions[0]).toBe(a.regions[0]);
    const withCaption = decideSuggestion(next, { kind: 'caption' }, 'accepted', {
      author: 'ana',
      now: 6,
    });
    expect(withCaption.caption?.state).toBe('accepted');
    const withTag = decideSuggestion(withCaption, { kind: 'tag', index: 0 }, 'accepted', {
      author: 'ana',
      now: 7,
    });
    expect(withTag.tags[0]?.state).toBe('accepted');
    expect(listSuggestions(withTag).map((s) => s.text)).toEqual(['cat']);
  });

  it('leaves decided records and unknown refs alone, returning the same object', () => {
    const a = annotations();
    const human = a.regions[2]!;
    expect(
      decideSuggestion(a, { kind: 'region', id: human.id }, 'rejected', { author: 'x', now: 2 }),
    ).toBe(a);
    expect(
      decideSuggestion(a, { kind: 'tag', index: 9 }, 'accepted', { author: 'x', now: 2 }),
    ).toBe(a);
    expect(decideSuggestion(a, { kind: 'fields' }, 'accepted', { author: 'x', now: 2 })).toBe(a);
  });
});

describe('suggestedCount', () => {
  it('counts every record an answer suggests, and zero for a refusal', () => {
    const answer = '[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}]';
    const found = detectTask.parse(answer, uniformTokens(answer), testContext({ labels: ['cat'] }));
    expect(suggestedCount(found.records)).toBe(1);
    const refused = detectTask.parse('Sorry, I cannot help.', [], testContext({ labels: ['cat'] }));
    expect(suggestedCount(refused.records)).toBe(0);
  });
});
