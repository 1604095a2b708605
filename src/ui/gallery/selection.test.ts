import { describe, expect, it } from 'vitest';
import type { ImageId } from '../../domain';
import { clickSelect, keepExisting, NO_SELECTION } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'] as ImageId[];
const ids = (s: { ids: ReadonlySet<ImageId> }) => [...s.ids].sort();

describe('gallery selection', () => {
  it('Ctrl-click toggles, Shift-click adds the range from the last click', () => {
    let s = clickSelect(NO_SELECTION, order, 'b' as ImageId, 'toggle');
    expect(ids(s)).toEqual(['b']);
    s = clickSelect(s, order, 'd' as ImageId, 'range');
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = clickSelect(s, order, 'c' as ImageId, 'toggle');
    expect(ids(s)).toEqual(['b', 'd']);
    s = clickSelect(s, order, 'a' as ImageId, 'range');
    expect(ids(s)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a Shift-click with nothing selected selects that one image', () => {
    expect(ids(clickSelect(NO_SELECTION, order, 'e' as ImageId, 'range'))).toEqual(['e']);
  });

  it('forgets images that are gone', () => {
    const s = clickSelect(NO_SELECTION, order, 'b' as ImageId, 'toggle');
    expect(ids(keepExisting(s, new Set(['a', 'c'] as ImageId[])))).toEqual([]);
    expect(keepExisting(s, new Set(order))).toBe(s);
  });
});
