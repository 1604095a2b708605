import type { ImageAnnotations, ImageId, ImageItem, ProjectId } from '../../domain';
import { outlineShapes } from '../../editor/commands';
import { outlinableBoxes, outlineBoxes } from '../../editor/outline-boxes';
import type { Segmenter } from '../../segment';

/** Where an outline run stands, for the batch page. */
export interface OutlineProgress {
  /** Images looked at, of total. */
  done: number;
  total: number;
  /** Boxes turned into polygons so far. */
  outlined: number;
  /** Images that could not be done, with why. */
  failed: { image: ImageItem; error: unknown }[];
}

export interface OutlineProjectDeps {
  annotations: {
    get(imageId: ImageId, projectId: ProjectId): Promise<ImageAnnotations>;
    /** Writes only if the stored revision is still `basedOn` (the image is not being edited). */
    save(annotations: ImageAnnotations, basedOn: number): Promise<number>;
  };
  original(imageId: ImageId): Promise<Blob>;
  segmenterFor(imageId: ImageId, image: Blob): Segmenter;
  author: string;
  tolerance: number;
  onProgress(progress: OutlineProgress): void;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * "Outline boxes" over a project: every image's boxes become the outlines of their objects, with
 * the same code and command as the editor's box → polygon. Each image is one write that refuses
 * to overwrite a newer revision (an image open in another tab fails and stays as it was); a
 * failed image does not stop the run.
 */
export async function outlineProject(
  images: readonly ImageItem[],
  deps: OutlineProjectDeps,
): Promise<OutlineProgress> {
  const progress: OutlineProgress = { done: 0, total: images.length, outlined: 0, failed: [] };
  deps.onProgress({ ...progress });
  for (const image of images) {
    if (deps.signal?.aborted) break;
    try {
      const before = await deps.annotations.get(image.id, image.projectId);
      const boxes = outlinableBoxes(before.regions);
      if (boxes.length > 0) {
        const model = deps.segmenterFor(image.id, await deps.original(image.id));
        const shapes = await outlineBoxes(boxes, model, deps.tolerance, deps.signal);
        if (shapes.size > 0 && !deps.signal?.aborted) {
          const now = (deps.now ?? Date.now)();
          const next = outlineShapes(shapes).run(before, { author: deps.author, now });
          await deps.annotations.save({ ...next, updatedAt: now }, before.revision ?? 0);
          progress.outlined += shapes.size;
        }
      }
    } catch (error) {
      progress.failed.push({ image, error });
    }
    progress.done += 1;
    deps.onProgress({ ...progress, failed: [...progress.failed] });
  }
  return progress;
}
