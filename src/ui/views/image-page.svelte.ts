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
import { decideImage } from '../../quality/review-queue';
import { StaleWriteError, type Store } from '../../store';
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
  /** Bumped when the stored record is read again: the editor starts over from it. */
  generation = $state(0);
  /** Set when a save was refused because another tab or a batch run wrote this image meanwhile. */
  staleNotice = $state(false);
  /** The stored revision the editor's edits are based on. */
  #revision = 0;
  /** When the page was opened: how long the person spent on the image when they mark it reviewed. */
  private readonly openedAt = Date.now();

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
    this.#revision = annotations.revision ?? 0;
    this.initial = annotations;
  }

  /** Reads the stored record again and restarts the editor on it (after a stale save, or a lock). */
  async reloadAnnotations(): Promise<void> {
    const annotations = await this.store.annotations.get(this.imageId, this.projectId);
    this.#revision = annotations.revision ?? 0;
    this.initial = annotations;
    this.editor = null;
    this.generation += 1;
  }

  target(to: NavigateTarget): ImageItem | undefined {
    return navigationTarget(this.ordered, this.imageId, to);
  }

  /**
   * The save of the editor of one generation. An editor replaced after a reload writes nothing
   * more (its drafts and pending edits are based on a record that is no longer the stored one).
   * The image's status follows the work in the same transaction.
   */
  saveFor(generation: number): (next: ImageAnnotations) => Promise<void> {
    return async (next) => {
      if (generation !== this.generation) return;
      const image = this.image;
      const status = image ? statusAfterEdit(image.status, next) : undefined;
      const updated: ImageItem | undefined =
        image && status && status !== image.status
          ? { ...image, status, updatedAt: Date.now() }
          : undefined;
      if (!(await this.#save(next, updated))) {
        if (generation === this.generation) await this.#stale();
        return;
      }
      if (updated) this.#setImage(updated);
    };
  }

  /** Saves on top of the revision the editor started from; false when another writer came first. */
  async #save(next: ImageAnnotations, image: ImageItem | undefined): Promise<boolean> {
    try {
      this.#revision = await this.store.annotations.save(next, this.#revision, image);
      return true;
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
      return false;
    }
  }

  /** One undo step in the editor, saved with the image's new state in one transaction. */
  async #applyAndSave(
    editor: EditorController,
    name: string,
    annotations: ImageAnnotations,
    image: ImageItem,
  ): Promise<void> {
    editor.apply({ name, run: () => annotations });
    await editor.flush();
    if (await this.#save(editor.session.annotations, image)) this.#setImage(image);
    else await this.#stale();
  }

  async #stale(): Promise<void> {
    // Never written over what the other writer stored: the user is told and sees the stored version.
    this.editor?.autosave.discard();
    this.staleNotice = true;
    await this.reloadAnnotations();
  }

  /** The image as now stored, also in the navigation order (N and Done & next read its status). */
  #setImage(image: ImageItem): void {
    this.image = image;
    this.ordered = this.ordered.map((i) => (i.id === image.id ? image : i));
  }

  /** A model answer: one undo step in the editor, saved with the image's review state in one transaction. */
  async applyAnswer(applied: AppliedAnswer): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    await this.#applyAndSave(editor, 'model-answer', applied.annotations, applied.image);
  }

  async setStatus(status: ImageItem['status']): Promise<void> {
    await this.editor?.flush();
    this.#setImage(await this.store.images.setStatus(this.imageId, status, []));
  }

  /**
   * "Mark reviewed" in the editor is the same decision as Accept in the review queue: open
   * suggestions accepted, one review record (who, when, how long), one undo step (issue 15 item 8).
   */
  async markReviewed(author: string): Promise<void> {
    const editor = this.editor;
    const image = this.image;
    if (!editor || !image) return;
    const now = Date.now();
    const decided = decideImage(editor.session.annotations, image, 'accept', {
      author,
      now,
      ms: now - this.openedAt,
    });
    await this.#applyAndSave(editor, 'mark-reviewed', decided.annotations, decided.image);
  }
}
