import { describe, expect, it } from 'vitest';
import { emptyAnnotations, type Region } from './annotation';
import type { ImageId, ProjectId, RegionId } from './ids';
import { isLabeled, needsWork } from './review';
import { hasHumanWork, statusAfterEdit } from './work-status';

const annotations = (regions: Region[] = []) => ({
  ...emptyAnnotations('i' as ImageId, 'p' as ProjectId, 0),
  regions,
});
const region = (id: string, state: Region['state'], source: 'human' | 'model'): Region => ({
  id: id as RegionId,
  shape: { kind: 'box', box: { x: 1, y: 1, w: 10, h: 10 } },
  classId: null,
  label: 'cup',
  attributes: {},
  note: '',
  hidden: false,
  locked: false,
  provenance:
    source === 'human'
      ? { source, author: 'ann', createdAt: 0 }
      : {
          source,
          modelId: 'm',
          revision: 'r',
          task: 'detect',
          params: {},
          confidence: 0.9,
          createdAt: 0,
        },
  state,
  updatedAt: 0,
  updatedBy: '',
});
const humanRegion = (id: string) => region(id, 'accepted', 'human');
const modelRegion = (id: string) => region(id, 'suggested', 'model');

describe('status that follows the work', () => {
  it('puts a new or pre-annotated image in progress once a person has made something', () => {
    const drawn = annotations([humanRegion('r1')]);
    expect(hasHumanWork(drawn)).toBe(true);
    expect(statusAfterEdit('new', drawn)).toBe('in-progress');
    expect(statusAfterEdit('pre-annotated', drawn)).toBe('in-progress');
  });

  it('leaves model suggestions, review states and decisions alone', () => {
    const suggested = annotations([modelRegion('m1')]);
    expect(hasHumanWork(suggested)).toBe(false);
    expect(statusAfterEdit('pre-annotated', suggested)).toBe('pre-annotated');
    const drawn = annotations([humanRegion('r1')]);
    expect(statusAfterEdit('needs-review', drawn)).toBe('needs-review');
    expect(statusAfterEdit('accepted', drawn)).toBe('accepted');
    expect(statusAfterEdit('rejected', annotations())).toBe('rejected');
  });

  it('goes back when the work is undone', () => {
    expect(statusAfterEdit('in-progress', annotations())).toBe('new');
    expect(statusAfterEdit('in-progress', annotations([modelRegion('m1')]))).toBe('pre-annotated');
  });

  it('counts as labeled what a labeler would: worked on or decided, not a model answer alone', () => {
    expect(
      ['new', 'in-progress', 'pre-annotated', 'needs-review', 'accepted', 'rejected'].map((s) =>
        isLabeled(s as never),
      ),
    ).toEqual([false, true, false, false, true, true]);
    expect(needsWork('in-progress')).toBe(true);
    expect(needsWork('accepted')).toBe(false);
  });
});
