import { describe, expect, it } from 'vitest';
import { emptyAnnotations, type ImageId, type ImageItem, type ProjectId } from '../domain';
import { applyModelAnswer } from './apply-answer';
import { captionTagsTask } from './tasks/caption-tags';
import { detectTask } from './tasks/detect';
import { testContext, uniformTokens } from './tasks/test-context';

const image: ImageItem = {
  id: 'img' as ImageId,
  projectId: 'p' as ProjectId,
  fileName: 'a.jpg',
  relativePath: 'a.jpg',
  mime: 'image/jpeg',
  byteSize: 1,
  width: 1000,
  height: 500,
  contentHash: 'h',
  status: 'new',
  reviewReasons: [],
  createdAt: 0,
  updatedAt: 0,
};

describe('applyModelAnswer', () => {
  it('keeps the image in review while an earlier doubtful suggestion is pending (issue 15 item 7)', () => {
    const dogAnswer = '[{"bbox_2d": [0, 0, 100, 100], "label": "dog"}]';
    const dog = detectTask.parse(
      dogAnswer,
      uniformTokens(dogAnswer, 0.4),
      testContext({ labels: ['dog'] }),
    );
    const first = applyModelAnswer(
      emptyAnnotations(image.id, image.projectId, 0),
      image,
      dog,
      0.85,
      1,
    );
    expect(first.image.status).toBe('needs-review');

    const captionAnswer = '{"caption": "A brown dog runs on the beach.", "tags": ["dog"]}';
    const caption = captionTagsTask.parse(
      captionAnswer,
      uniformTokens(captionAnswer, 0.99),
      testContext({
        dimensions: [],
        vocabulary: [],
        restrictToVocabulary: false,
        captionLanguage: 'en',
        maxTags: 10,
      }),
    );
    const second = applyModelAnswer(first.annotations, first.image, caption, 0.85, 2);
    expect(second.annotations.regions).toHaveLength(1);
    expect(second.image.status).toBe('needs-review');
    expect(second.image.reviewReasons).toContain('low-confidence');

    // Once the box is decided, a clean run leaves the image pre-annotated.
    const decided = {
      ...second.annotations,
      regions: second.annotations.regions.map((r) => ({ ...r, state: 'accepted' as const })),
    };
    const third = applyModelAnswer(
      decided,
      { ...second.image, status: 'pre-annotated', reviewReasons: [] },
      caption,
      0.85,
      3,
    );
    expect(third.image.status).toBe('pre-annotated');
  });
});
