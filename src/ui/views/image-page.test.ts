import { describe, expect, it } from 'vitest';
import type { ImageId, ImageItem } from '../../domain';
import { navigationTarget } from './image-page.svelte';

const image = (id: string, status: ImageItem['status'] = 'new') =>
  ({ id: id as ImageId, status }) as ImageItem;
const ordered = [
  image('a', 'accepted'),
  image('b', 'needs-review'),
  image('c'),
  image('d', 'accepted'),
  image('e', 'needs-review'),
];

describe('navigationTarget', () => {
  it('steps to previous and next in gallery order, stopping at the ends', () => {
    expect(navigationTarget(ordered, 'c' as ImageId, 'next')?.id).toBe('d');
    expect(navigationTarget(ordered, 'c' as ImageId, 'previous')?.id).toBe('b');
    expect(navigationTarget(ordered, 'a' as ImageId, 'previous')).toBeUndefined();
    expect(navigationTarget(ordered, 'e' as ImageId, 'next')).toBeUndefined();
  });

  it('finds the next unlabeled or needing review, wrapping around', () => {
    expect(navigationTarget(ordered, 'c' as ImageId, 'next-review')?.id).toBe('e');
    expect(navigationTarget(ordered, 'e' as ImageId, 'next-review')?.id).toBe('b');
    expect(navigationTarget(ordered, 'd' as ImageId, 'next-unlabeled')?.id).toBe('c');
    expect(navigationTarget(ordered, 'c' as ImageId, 'next-unlabeled')).toBeUndefined();
  });

  it('N skips images a person has worked on; Done & next goes to the next not done', () => {
    const day = [
      image('a', 'in-progress'),
      image('b', 'pre-annotated'),
      image('c', 'accepted'),
      image('d'),
      image('e', 'rejected'),
    ];
    expect(navigationTarget(day, 'd' as ImageId, 'next-unlabeled')?.id).toBe('b');
    expect(navigationTarget(day, 'b' as ImageId, 'next-unlabeled')?.id).toBe('d');
    expect(navigationTarget(day, 'b' as ImageId, 'next-work')?.id).toBe('d');
    expect(navigationTarget(day, 'd' as ImageId, 'next-work')?.id).toBe('a');
  });
});
