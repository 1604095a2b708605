import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageId, Region, RegionId } from '../../domain';
import { emptyAnnotations } from '../../domain';
import { hasAcceptedFor, imageFolders, imagesToSkip, selectImages } from './selection';
import { image, NOW, PROJECT } from './test-fixtures';
import { testSuggestion } from '../../domain/test-regions';

const images = [
  image(10, { relativePath: 'b/img-10.png', status: 'accepted' }),
  image(2, { relativePath: 'a/img-2.png' }),
  image(1, { relativePath: 'a/sub/img-1.png', status: 'needs-review' }),
  image(3, { relativePath: 'img-3.png' }),
];
const paths = (list: { relativePath: string }[]) => list.map((i) => i.relativePath);

describe('selectImages', () => {
  it('covers the whole project in natural name order', () => {
    expect(paths(selectImages(images, { kind: 'all' }))).toEqual([
      'a/img-2.png',
      'a/sub/img-1.png',
      'b/img-10.png',
      'img-3.png',
    ]);
  });

  it('filters by folder (with sub-folders), status and search', () => {
    const filter = { kind: 'filter', status: 'all', folder: 'a', search: '' } as const;
    expect(paths(selectImages(images, filter))).toEqual(['a/img-2.png', 'a/sub/img-1.png']);
    expect(paths(selectImages(images, { ...filter, folder: '/a/sub/' }))).toEqual([
      'a/sub/img-1.png',
    ]);
    expect(paths(selectImages(images, { ...filter, status: 'needs-review' }))).toEqual([
      'a/sub/img-1.png',
    ]);
    expect(paths(selectImages(images, { ...filter, folder: '', search: 'IMG-1' }))).toEqual([
      'a/sub/img-1.png',
      'b/img-10.png',
    ]);
    expect(selectImages(images, { ...filter, folder: 'c' })).toEqual([]);
  });

  it('takes a selection of images, ignoring ids not in the project', () => {
    const picked = selectImages(images, {
      kind: 'images',
      imageIds: ['image-3', 'image-1', 'gone'] as ImageId[],
    });
    expect(paths(picked)).toEqual(['a/sub/img-1.png', 'img-3.png']);
  });

  it('lists folders and their parents', () => {
    expect(imageFolders(images)).toEqual(['a', 'a/sub', 'b']);
  });
});

function region(extra: Partial<Region>): Region {
  return testSuggestion(0.9, { id: 'r' as RegionId, updatedAt: NOW, ...extra });
}

function withRegions(...regions: Region[]): ImageAnnotations {
  return { ...emptyAnnotations('image-1' as ImageId, PROJECT, NOW), regions };
}

describe('hasAcceptedFor', () => {
  it('counts a person’s records and accepted suggestions of the same task', () => {
    expect(hasAcceptedFor(withRegions(region({ state: 'accepted' })), 'detect')).toBe(true);
    expect(
      hasAcceptedFor(
        withRegions(
          region({
            provenance: { source: 'human', author: 'ann', createdAt: NOW },
            state: 'accepted',
          }),
        ),
        'points',
      ),
    ).toBe(true);
  });

  it('ignores suggestions, rejected records, other tasks’ records and other kinds of record', () => {
    expect(hasAcceptedFor(withRegions(region({})), 'detect')).toBe(false);
    expect(hasAcceptedFor(withRegions(region({ state: 'rejected' })), 'detect')).toBe(false);
    expect(hasAcceptedFor(withRegions(region({ state: 'accepted' })), 'points')).toBe(false);
    expect(hasAcceptedFor(withRegions(region({ state: 'accepted' })), 'caption-tags')).toBe(false);
    expect(hasAcceptedFor(withRegions(region({ state: 'accepted' })), 'custom-prompt')).toBe(false);
  });

  it('looks at the caption, tags, OCR lines and fields for their tasks', () => {
    const human = {
      provenance: { source: 'human', author: 'ann', createdAt: NOW },
      state: 'accepted',
      updatedAt: NOW,
      updatedBy: 'ann',
    } as const;
    const base = emptyAnnotations('image-1' as ImageId, PROJECT, NOW);
    expect(
      hasAcceptedFor({ ...base, caption: { text: 'x', language: 'en', ...human } }, 'caption-tags'),
    ).toBe(true);
    expect(
      hasAcceptedFor({ ...base, tags: [{ value: 'x', dimension: '', ...human }] }, 'caption-tags'),
    ).toBe(true);
    expect(
      hasAcceptedFor(
        { ...base, ocr: [{ id: 'l' as never, text: 'x', box: null, order: 0, ...human }] },
        'ocr',
      ),
    ).toBe(true);
    expect(hasAcceptedFor({ ...base, fields: { values: {}, ...human } }, 'report')).toBe(true);
    expect(hasAcceptedFor(base, 'report')).toBe(false);
  });
});

describe('imagesToSkip', () => {
  const all = [
    withRegions(region({ state: 'accepted' })),
    { ...withRegions(region({})), imageId: 'image-2' as ImageId },
  ];
  it('skips images with accepted labels for the task', () => {
    expect([...imagesToSkip(all, 'detect', false)]).toEqual(['image-1']);
  });
  it('skips nothing when asked to overwrite', () => {
    expect(imagesToSkip(all, 'detect', true).size).toBe(0);
  });
});
