import {
  neighbours,
  queryImages,
  type ImageAnnotations,
  type ImageId,
  type ImageItem,
  type Project,
  type ProjectId,
} from '../../domain';
import type { AppliedAnswer } from '../../ai/apply-answer';
import { Autosave, type SaveState } from '../../editor/autosave';
import type { Command } from '../../editor/commands';
import { EditorSession } from '../../editor/session';
import type { Store } from '../../store';
import { rememberedQuery } from '../gallery/remembered-query';

/**
 * Everything the image page holds: the image and its neighbours in gallery order, and one editing
 * session whose every change (a person's or the model's) is undoable and autosaved.
 */
export class ImagePage {
  project = $state.raw<Project | null>(null);
  image = $state.raw<ImageItem | null | undefined>(undefined);
  original = $state.raw<Blob | null>(null);
  session = $state.raw<EditorSession | null>(null);
  annotations = $state.raw<ImageAnnotations | null>(null);
  saveState = $state<SaveState>('saved');
  previous = $state.raw<ImageItem | undefined>(undefined);
  next = $state.raw<ImageItem | undefined>(undefined);
  readonly autosave: Autosave;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    readonly projectId: ProjectId,
    readonly imageId: ImageId,
  ) {
    this.autosave = new Autosave((next) => this.store.annotations.put(next));
    this.unsubscribe.push(this.autosave.subscribe((s) => (this.saveState = s)));
  }

  async load(author: string): Promise<void> {
    const [project, image, all] = await Promise.all([
      this.store.projects.get(this.projectId),
      this.store.images.get(this.imageId),
      this.store.images.listByProject(this.projectId),
    ]);
    this.project = project ?? null;
    this.image = image ?? null;
    if (!project || !image) return;
    ({ previous: this.previous, next: this.next } = neighbours(
      queryImages(all, rememberedQuery(this.projectId)),
      this.imageId,
    ));
    const [original, annotations] = await Promise.all([
      this.store.images.original(this.imageId),
      this.store.annotations.get(this.imageId, this.projectId),
    ]);
    this.original = original;
    const session = new EditorSession({
      annotations,
      schema: project.schema,
      imageSize: { width: image.width, height: image.height },
      author,
    });
    this.annotations = session.annotations;
    this.unsubscribe.push(
      session.subscribe((change) => {
        if (!change.annotations) return;
        this.annotations = session.annotations;
        this.autosave.schedule(session.annotations);
      }),
    );
    this.session = session;
  }

  execute(command: Command): void {
    this.session?.apply(command);
  }

  /** A model answer: one undo step, saved together with the image's new review state. */
  async applyAnswer(applied: AppliedAnswer): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.apply({ name: 'model-answer', run: () => applied.annotations });
    await this.autosave.flush();
    await this.store.annotations.putWithImage(session.annotations, applied.image);
    this.image = applied.image;
  }

  async setStatus(status: ImageItem['status']): Promise<void> {
    await this.autosave.flush();
    this.image = await this.store.images.setStatus(this.imageId, status, []);
  }

  async dispose(): Promise<void> {
    for (const stop of this.unsubscribe) stop();
    await this.autosave.flush();
  }
}
