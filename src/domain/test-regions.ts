import { newId } from './ids';
import type { ModelProvenance } from './provenance';
import type { Region } from './annotation';

/**
 * The one region builder of the unit tests: a person's accepted 3 × 4 box labelled 'cat', with
 * whatever the test cares about in `extra`.
 */
export function testRegion(extra: Partial<Region> = {}): Region {
  const at = extra.updatedAt ?? 1;
  return {
    id: newId<'region'>(),
    shape: { kind: 'box', box: { x: 1, y: 2, w: 3, h: 4 } },
    classId: null,
    label: 'cat',
    attributes: {},
    note: '',
    hidden: false,
    locked: false,
    provenance: { source: 'human', author: 'me', createdAt: at },
    state: 'accepted',
    updatedAt: at,
    updatedBy: 'me',
    ...extra,
  };
}

/** The model's provenance of a suggested record, as the worker's answers carry it. */
export function testModelProvenance(
  confidence: number,
  extra: Partial<ModelProvenance> = {},
): ModelProvenance {
  return {
    source: 'model',
    modelId: 'm',
    revision: 'r',
    task: 'detect',
    params: {},
    confidence,
    createdAt: 1,
    ...extra,
  };
}

/** A suggestion of the model not decided yet. */
export function testSuggestion(confidence: number, extra: Partial<Region> = {}): Region {
  return testRegion({
    provenance: testModelProvenance(confidence, { createdAt: extra.updatedAt ?? 1 }),
    state: 'suggested',
    updatedBy: '',
    ...extra,
  });
}
