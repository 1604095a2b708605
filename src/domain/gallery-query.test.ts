import { describe, expect, it } from 'vitest';
import type { ImageItem, ProjectId } from './index';
import { neighbours, queryImages } from './gallery-query';

function image(path: string, createdAt: number, status: ImageItem['status'] = 'new'): ImageItem {
  return {
    id: path as ImageItem['id'],
    projectId: 'p' as ProjectId,
    fileName: path.split('/').pop()!,
    relativePath: path,
    mime: 'image/jpeg',
    byteSize: 1,
    width: 1,
    height: 1,
    contentHash: path,
    status,
    reviewReasons: [],
    createdAt,
    updatedAt: createdAt,
  };
}

const images = [
  image('shoes/img10.jpg', 3),
  image('shoes/img2.jpg', 1, 'accepted'),
  image('bags/红色包.jpg', 2, 'needs-review'),
];

describe('queryImages', () => {
  it('sorts names naturally (img2 before img10)', () => {
    expect(
      queryImages(images, { status: 'all', search: '', sort: 'name' }).map((i) => i.relativePath),
    ).toEqual(['bags/红色包.jpg', 'shoes/img2.jpg', 'shoes/img10.jpg']);
  });

  it('sorts by date added', () => {
    expect(
      queryImages(images, { status: 'all', search: '', sort: 'date' }).map((i) => i.createdAt),
    ).toEqual([1, 2, 3]);
  });

  it('filters by status and searches paths case-insensitively, unicode included', () => {
    expect(queryImages(images, { status: 'accepted', search: '', sort: 'name' })).toHaveLength(1);
    expect(queryImages(images, { status: 'all', search: 'SHOES', sort: 'name' })).toHaveLength(2);
    expect(queryImages(images, { status: 'all', search: '红色', sort: 'name' })).toHaveLength(1);
    expect(queryImages(images, { status: 'rejected', search: '', sort: 'name' })).toEqual([]);
  });

  it('does not reorder its input', () => {
    const input = [...images];
    queryImages(input, { status: 'all', search: '', sort: 'name' });
    expect(input).toEqual(images);
  });
});

describe('neighbours', () => {
  it('finds previous and next in the given order', () => {
    const ordered = queryImages(images, { status: 'all', search: '', sort: 'name' });
    const { previous, next } = neighbours(ordered, ordered[1]!.id);
    expect(previous?.relativePath).toBe('bags/红色包.jpg');
    expect(next?.relativePath).toBe('shoes/img10.jpg');
    expect(neighbours(ordered, 'missing' as ImageItem['id'])).toEqual({
      previous: undefined,
      next: undefined,
    });
  });
});
