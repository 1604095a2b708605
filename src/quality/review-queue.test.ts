import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageId } from '../domain';
import {
  decideImage,
  entriesAbove,
  imageConfidence,
  MAX_REVIEW_MS,
  reviewQueue,
  withDecided,
} from './review-queue';
import { ann, box, caption, human, img, model, NOW, tag } from './test-fixtures';

const b = { x: 0, y: 0, w: 5, h: 5 };

describe('imageConfidence', () => {
  it('is the lowest confidence among open model suggestions', () => {
    const a = ann(1, {
      regions: [
        box('a', b, model(0.95)),
        box('b', b, model(0.6)),
        box('c', b, { ...model(0.1), state: 'accepted' }),
      ],
      tags: [tag('x', model(0.7, 'caption-tags'))],
      caption: caption('y', human),
    });
    expect(imageConfidence(a)).toBe(0.6);
    expect(imageConfidence(ann(2, { caption: caption('y', human) }))).toBeNull();
    expect(imageConfidence(undefined)).toBeNull();
  });
});

describe('reviewQueue', () => {
  const images = [
    img(1, { status: 'pre-annotated' }),
    img(2, { status: 'needs-review', reviewReasons: ['low-confidence'] }),
    img(3, { status: 'needs-review', reviewReasons: ['unparseable-output', 'empty-result'] }),
    img(4, { status: 'accepted' }),
    img(5, { status: 'new' }),
    img(6, { status: 'pre-annotated' }),
  ];
  const all = new Map<ImageId, ImageAnnotations>(
    [
      ann(1, { regions: [box('a', b, model(0.97))] }),
      ann(2, { regions: [box('a', b, model(0.4))] }),
      ann(3, {}),
      ann(4, { regions: [box('a', b, model(0.1))] }),
      ann(6, { regions: [box('a', b, model(0.9))] }),
    ].map((a) => [a.imageId, a]),
  );

  it('holds images waiting for a person, least confident first, unusable answers on top', () => {
    const q = reviewQueue(images, all);
    expect(q.map((e) => e.image.id)).toEqual(['i3', 'i2', 'i6', 'i1']);
    expect(q.map((e) => e.confidence)).toEqual([null, 0.4, 0.9, 0.97]);
    expect(q[0]!.reasons).toEqual(['unparseable-output', 'empty-result']);
  });

  it('puts every needs-review image before pre-annotated ones, whatever the float noise (issue 15 item 7)', () => {
    const q = reviewQueue(
      [
        img(1, { status: 'pre-annotated' }),
        img(2, { status: 'needs-review', reviewReasons: ['unknown-label'] }),
      ],
      new Map<ImageId, ImageAnnotations>(
        [
          ann(1, { regions: [box('a', b, model(0.9500000001))] }),
          ann(2, { regions: [box('a', b, model(0.9500000002))] }),
        ].map((a) => [a.imageId, a]),
      ),
    );
    expect(q.map((e) => e.image.id)).toEqual(['i2', 'i1']);
  });

  it('can hold only one status', () => {
    expect(reviewQueue(images, all, ['needs-review']).map((e) => e.image.id)).toEqual(['i3', 'i2']);
  });

  it('picks the entries above a confidence for bulk accept', () => {
    expect(entriesAbove(reviewQueue(images, all), 0.9).map((e) => e.image.id)).toEqual([
      'i6',
      'i1',
    ]);
    expect(entriesAbove(reviewQueue(images, all), 0.99)).toEqual([]);
  });
});

describe('decideImage', () => {
  const image = img(1, { status: 'needs-review', reviewReasons: ['low-confidence'] });
  const a = ann(1, {
    regions: [box('car', b, model(0.5)), box('dog', b, { ...model(0.9), state: 'rejected' })],
    caption: caption('A car.', model(0.9, 'caption-tags')),
    tags: [tag('red', human)],
  });
  const ctx = { author: 'ann', now: NOW + 60_000, ms: 3210 };

  it('accepts every open suggestion with who and when, and the image with the decision', () => {
    const d = decideImage(a, image, 'accept', ctx);
    expect(d.annotations.regions.map((r) => r.state)).toEqual(['accepted', 'rejected']);
    expect(d.annotations.regions[0]).toMatchObject({ updatedBy: 'ann', updatedAt: NOW + 60_000 });
    expect(d.annotations.caption).toMatchObject({ state: 'accepted', updatedBy: 'ann' });
    expect(d.annotations.tags[0]).toEqual(a.tags[0]);
    expect(d.image).toMatchObject({
      status: 'accepted',
      reviewReasons: [],
      review: { by: 'ann', at: NOW + 60_000, ms: 3210 },
    });
  });

  it('rejects every open suggestion and keeps the reasons on the image', () => {
    const d = decideImage(a, image, 'reject', ctx);
    expect(d.annotations.regions.map((r) => r.state)).toEqual(['rejected', 'rejected']);
    expect(d.annotations.caption!.state).toBe('rejected');
    expect(d.image).toMatchObject({ status: 'rejected', reviewReasons: ['low-confidence'] });
  });

  it('caps the time counted for one image', () => {
    expect(decideImage(a, image, 'accept', { ...ctx, ms: 3_600_000 }).image.review!.ms).toBe(
      MAX_REVIEW_MS,
    );
  });
});

describe('withDecided', () => {
  it('puts the decided images’ records into a new map and leaves the old one alone', () => {
    const before = new Map<ImageId, ImageAnnotations>([[ann(1, {}).imageId, ann(1, {})]]);
    const decided = ann(1, { tags: [tag('x', human)] });
    const after = withDecided(before, [{ annotations: decided }, { annotations: ann(2, {}) }]);
    expect(after.get('i1' as ImageId)).toBe(decided);
    expect(after.size).toBe(2);
    expect(before.get('i1' as ImageId)!.tags).toEqual([]);
  });
});
