import { describe, expect, it } from 'vitest';
import { generationProblems } from './records';
import { testContext } from './test-context';

const fenced = '```json\n[{"bbox_2d": [1, 2, 3, 4], "label": "cat"}]';

describe('generationProblems', () => {
  it('an open fence after JSON the runtime stopped on is not a cut answer', () => {
    expect(generationProblems(fenced, testContext({}, { finish: 'json-complete' }), false)).toEqual(
      [],
    );
  });

  it('an open fence is a cut answer when nothing says the JSON closed', () => {
    expect(generationProblems(fenced, testContext({}, { finish: 'eos' }), false)).toEqual([
      { kind: 'truncated' },
    ]);
    expect(generationProblems(fenced, testContext({}), false)).toEqual([{ kind: 'truncated' }]);
  });
});
