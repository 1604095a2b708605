import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from './embedding-cache';

describe('EmbeddingCache', () => {
  it('drops the least recently used embedding when the budget is exceeded', () => {
    const cache = new EmbeddingCache<string>(30);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    cache.set('c', 'C', 10);
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D', 10);
    expect(cache.has('b')).toBe(false);
    expect([cache.has('a'), cache.has('c'), cache.has('d')]).toEqual([true, true, true]);
    expect(cache.bytes).toBe(30);
  });

  it('keeps the newest embedding even when it alone is over the budget', () => {
    const cache = new EmbeddingCache<string>(15);
    cache.set('a', 'A', 10);
    cache.set('big', 'BIG', 40);
    expect(cache.has('a')).toBe(false);
    expect(cache.get('big')).toBe('BIG');
    expect(cache.size).toBe(1);
  });

  it('replacing an entry counts its bytes once', () => {
    const cache = new EmbeddingCache<string>(100);
    cache.set('a', 'A', 10);
    cache.set('a', 'A2', 20);
    expect(cache.bytes).toBe(20);
    cache.delete('a');
    expect(cache.bytes).toBe(0);
  });
});
