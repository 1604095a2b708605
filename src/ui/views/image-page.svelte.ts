import {
  isLabeled,
  needsWork,
  queryImages,
  statusAfterEdit,
  type ImageAnnotations,
  type ImageId,
  type ImageItem,
  type Project,
  type ProjectId,
} from '../../domain';
import type { AppliedAnswer } from '../../ai/apply-answer';
import type { Store } from '../../store';
import type { EditorController, NavigateTarget } from '../editor/editor-controller.svelte';
import { rememberedQuery } from '../gallery/remembered-query';

/** Where each navigation key leads from an image, in the gallery's current order. */
export function navigationTarget(
  ordered: readonly ImageItem[],
  current: ImageId,
  to: NavigateTarget,
): ImageItem | undefined {
  const index = ordered.findIndex((i) => i.id === current);
  if (to === 'previous') return index > 0 ? ordered[index - 1] : undefined;
  if (to === 'next') return index >= 0 ? ordered[index + 1] : undefined;
  const wanted: (image: ImageItem) => boolean =
    to === 'next-unlabeled'
      ? // Nobody has worked on it yet; images a model doubted have their own key (R).
        (i) => !isLabeled(i.status) && i.status !== 'needs-review'
      : to === 'next-work'
        ? (i) => needsWork(i.status)
        : (i) => i.status === 'needs-review';
  // Search forward from here, then wrap around to the start.
  const after = [...ordered.slice(index + 1), ...ordered.slice(0, Math.max(0, index))];
  return after.find(wanted);
}

/**
 * The image page's data: the image, its bytes, its annotations as loaded, the gallery order for
 * navigation, and the live editor once it is ready (every change goes through its session).
 */
export class ImagePage {
  project = $state.raw<Project | null>(null);
  image = $state.raw<ImageItem | null | undefined>(undefined);
  original = $state.raw<Blob | null>(null);
  initial = $state.raw<ImageAnnotations | null>(null);
  ordered = $state.raw<ImageItem[]>([]);
  editor = $state.raw<EditorController | null>(null);

  constructor(
    private readonly store: Store,
    readonly projectId: ProjectId,
    readonly imageId: ImageId,
  ) {}

  async load(): Promise<void> {
    const [project, image, all] = await Promise.all([
      this.store.projects.get(this.projectId),
      this.store.images.get(this.imageId),
      this.store.images.listByProject(this.projectId),
    ]);
    this.project = project ?? null;
    this.image = image ?? null;
    if (!project || !image) return;
    this.ordered = queryImages(all, rememberedQuery(this.projectId));
    const [original, annotations] = await Promise.all([
      this.store.images.original(this.imageId),
      this.store.annotations.get(this.imageId, this.projectId),
    ]);
    this.original = original;
    this.initial = annotations;
  }

  target(to: NavigateTarget): ImageItem | undefined {
    return navigationTarget(this.ordered, this.imageId, to);
  }

  /** Saves a person's edit; the image's status follows the work in the same transaction. */
  save = async (next: ImageAnnotations): Promise<void> => {
    const image = this.image;
    const status = image ? statusAfterEdit(image.status, next) : undefined;
    if (!image || !status || status === image.status) {
      await this.store.annotations.put(next);
      return;
    }
    const updated: ImageItem = { ...image, status, updatedAt: Date.now() };
    await this.store.annotations.putWithImage(next, updated);
    this.#setImage(updated);
  };

  /** The image as now stored, also in the navigation order (N and Done & next read its status). */
  #setImage(image: ImageItem): void {
    this.image = image;
    this.ordered = this.ordered.map((i) => (i.id === image.id ? image : i));
  }

  /** A model answer: one undo step in the editor, saved with the image's review state in one transaction. */
  async applyAnswer(applied: AppliedAnswer): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    editor.apply({ name: 'model-answer', run: () => applied.annotations });
    await editor.autosave.flush();
    await this.store.annotations.putWithImage(editor.session.annotations, applied.image);
    this.#setImage(applied.image);
  }

  async setStatus(status: ImageItem['status']): Promise<void> {
    await this.editor?.autosave.flush();
    this.#setImage(await this.store.images.setStatus(this.imageId, status, []));
  }
}
