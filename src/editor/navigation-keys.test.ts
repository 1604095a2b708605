import { describe, expect, it } from 'vitest';
import { navigationFor } from './actions';

const key = (key: string, extra: Partial<{ shift: boolean; mod: boolean }> = {}) => ({
  key,
  code: '',
  shift: false,
  alt: false,
  mod: false,
  ...extra,
});

describe('navigationFor', () => {
  it('maps D, A, N and R to where they lead', () => {
    expect(navigationFor(key('d'))).toBe('next');
    expect(navigationFor(key('a'))).toBe('previous');
    expect(navigationFor(key('n'))).toBe('next-unlabeled');
    expect(navigationFor(key('r'))).toBe('next-review');
  });

  it('leaves other keys and modified letters alone', () => {
    expect(navigationFor(key('w'))).toBeUndefined();
    expect(navigationFor(key('Enter'))).toBeUndefined();
    expect(navigationFor(key('d', { mod: true }))).toBeUndefined();
    expect(navigationFor(key('a', { mod: true }))).toBeUndefined();
  });
});
