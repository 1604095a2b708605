import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  newId,
  type ImageAnnotations,
  type ImageId,
  type ProjectId,
  type Region,
} from '../domain';
import { testRegion } from '../domain/test-regions';
import { applyRegionAnswer, mergeTaskResult } from './merge';
import { captionTagsTask } from './tasks/caption-tags';
import { detectTask } from './tasks/detect';
import { testContext, uniformTokens } from './tasks/test-context';
import type { CaptionTagsOptions } from './tasks/types';

const base = () => emptyAnnotations('img' as ImageId, 'p' as ProjectId, 0);
const captionOptions: CaptionTagsOptions = {
  dimensions: [],
  vocabulary: [],
  restrictToVocabulary: false,
  captionLanguage: 'en',
  maxTags: 10,
};

function detect(answer: string) {
  return detectTask.parse(answer, uniformTokens(answer), testContext({ labels: ['cat'] }));
}
function caption(answer: string) {
  return captionTagsTask.parse(answer, uniformTokens(answer), testContext(captionOptions));
}

function humanRegion(): Region {
  return testRegion({
    shape: { kind: 'box', box: { x: 1, y: 1, w: 10, h: 10 } },
    provenance: { source: 'human', author: 'li', createdAt: 1 },
    updatedBy: 'li',
  });
}

describe('mergeTaskResult', () => {
  it('replaces the task’s earlier suggestions and never touches human or accepted records', () => {
    const human = humanRegion();
    let current: ImageAnnotations = { ...base(), regions: [human] };
    current = mergeTaskResult(
      current,
      detect(
        '[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}, {"bbox_2d": [0, 0, 200, 200], "label": "cat"}]',
      ),
      10,
    ).annotations;
    expect(current.regions).toHaveLength(3);
    const accepted = { ...current.regions[1]!, state: 'accepted' as const };
    current = { ...current, regions: [current.regions[0]!, accepted, current.regions[2]!] };

    const next = mergeTaskResult(
      current,
      detect('[{"bbox_2d": [0, 0, 300, 300], "label": "cat"}]'),
      20,
    ).annotations;
    expect(next.regions.map((r) => r.id)).toEqual([human.id, accepted.id, expect.any(String)]);
    expect(next.regions[0]).toBe(human);
    expect(next.regions[1]).toBe(accepted);
    expect(next.regions[2]!.state).toBe('suggested');
    expect(next.answers.map((a) => a.createdAt)).toEqual([10, 20]);
    expect(next.updatedAt).toBe(20);
  });

  it('a refused or empty rerun, or one for another label, keeps the earlier boxes (issue 15 item 6)', () => {
    const first = mergeTaskResult(
      base(),
      detect(
        '[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}, {"bbox_2d": [200, 200, 300, 300], "label": "cat"}]',
      ),
      1,
    ).annotations;
    const refused = mergeTaskResult(first, detect("I'm sorry, I can't help with that."), 2);
    expect(refused.annotations.regions).toEqual(first.regions);
    const empty = mergeTaskResult(first, detect('[]'), 3);
    expect(empty.annotations.regions).toEqual(first.regions);
    const face = mergeTaskResult(
      first,
      detect('[{"bbox_2d": [400, 400, 500, 500], "label": "face"}]'),
      4,
    ).annotations;
    expect(face.regions.map((r) => r.label)).toEqual(['cat', 'cat', 'face']);
    expect(face.answers).toHaveLength(2);
  });

  it('keeps the caption when a rerun gives none', () => {
    const first = mergeTaskResult(
      base(),
      caption('{"caption": "A grey cat sleeps on a sofa.", "tags": ["cat"]}'),
      1,
    ).annotations;
    const again = mergeTaskResult(first, caption('Sorry, I cannot see the image.'), 2);
    expect(again.annotations.caption).toEqual(first.caption);
    expect(again.annotations.tags).toEqual(first.tags);
  });

  it('keeps earlier suggestions when the new answer could not be parsed', () => {
    const first = mergeTaskResult(
      base(),
      detect('[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}]'),
      1,
    ).annotations;
    const second = mergeTaskResult(first, detect('a cat, somewhere'), 2).annotations;
    expect(second.regions).toEqual(first.regions);
    expect(second.answers.map((a) => a.text)).toEqual([
      '[{"bbox_2d": [0, 0, 100, 100], "label": "cat"}]',
      'a cat, somewhere',
    ]);
  });

  it('never overwrites a person’s caption; replaces a model one nobody accepted', () => {
    const answer = '{"caption": "A red running shoe.", "tags": ["red", "shoe"]}';
    const humanCaption = {
      text: '我的描述',
      language: 'zh' as const,
      provenance: { source: 'human' as const, author: 'li', createdAt: 1 },
      state: 'accepted' as const,
      updatedAt: 1,
      updatedBy: 'li',
    };
    const humanTag = {
      value: 'RED',
      dimension: '',
      provenance: humanCaption.provenance,
      state: 'accepted' as const,
      updatedAt: 1,
      updatedBy: 'li',
    };
    const withHuman = { ...base(), caption: humanCaption, tags: [humanTag] };
    const merged = mergeTaskResult(withHuman, caption(answer), 5);
    expect(merged.annotations.caption).toBe(humanCaption);
    expect(merged.annotations.tags.map((t) => t.value)).toEqual(['RED', 'shoe']);
    expect(merged.skipped).toEqual(['tags', 'caption']);

    const once = mergeTaskResult(base(), caption(answer), 5).annotations;
    const twice = mergeTaskResult(
      once,
      caption('{"caption": "A shoe for running.", "tags": ["sport"]}'),
      6,
    ).annotations;
    expect(twice.caption?.text).toBe('A shoe for running.');
    expect(twice.tags.map((t) => t.value)).toEqual(['sport']);
  });

  it('keeps a few raw answers per task', () => {
    let current = base();
    for (let i = 0; i < 15; i++) current = mergeTaskResult(current, detect('[]'), i).annotations;
    expect(current.answers).toHaveLength(10);
    expect(current.answers[0]!.createdAt).toBe(5);
  });
});

describe('applyRegionAnswer', () => {
  it('saves the answer as an attribute of the region, as the person’s change', () => {
    const region = humanRegion();
    const current = { ...base(), regions: [region] };
    const saved = applyRegionAnswer(
      current,
      { regionId: region.id, attribute: 'color', text: 'Blue', value: 'blue', confidence: 0.9 },
      'li',
      9,
    );
    expect(saved?.regions[0]).toMatchObject({
      attributes: { color: 'blue' },
      updatedAt: 9,
      updatedBy: 'li',
    });
    expect(
      applyRegionAnswer(
        current,
        { regionId: region.id, attribute: 'color', text: '?', value: null, confidence: 0.2 },
        'li',
        9,
      ),
    ).toBeNull();
    expect(
      applyRegionAnswer(
        current,
        {
          regionId: newId<'region'>(),
          attribute: 'color',
          text: 'Blue',
          value: 'blue',
          confidence: 0.9,
        },
        'li',
        9,
      ),
    ).toBeNull();
  });
});
