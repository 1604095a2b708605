import {
  emptyAnnotations,
  REVIEW_STATUSES,
  type ImageAnnotations,
  type ImageId,
  type ImageItem,
  type Project,
  type ProjectId,
  type ReviewReason,
  type ReviewStatus,
} from '../../domain';
import {
  decideImage,
  entriesAbove,
  QUEUE_STATUSES,
  reviewQueue,
  withDecided,
  type Decision,
  type QueueEntry,
} from '../../quality/review-queue';
import type { Store } from '../../store';
import type { UserName } from '../user-name.svelte';

type Decided = { annotations: ImageAnnotations; image: ImageItem };

/**
 * A reviewer's pass over one project's queue: which images wait, which one is shown, and the
 * decisions saved with the time the reviewer looked at each image.
 */
export class ReviewSession {
  project = $state<Project | null | undefined>(undefined);
  images = $state.raw<ImageItem[]>([]);
  // Replaced whole on every change, never mutated: a plain map in raw state is enough.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  annotations = $state.raw<ReadonlyMap<ImageId, ImageAnnotations>>(new Map());
  queue = $state.raw<QueueEntry[]>([]);
  index = $state(0);
  statusFilter = $state<'both' | ReviewStatus>('both');
  reasonFilter = $state<'any' | ReviewReason>('any');
  bulkThreshold = $state(0.85);
  /** What went wrong on the last load or save; the page words it. */
  failure = $state<unknown>(null);
  busy = $state(false);
  private shownAt = performance.now();

  constructor(
    private readonly store: Store,
    private readonly user: UserName,
    readonly projectId: ProjectId,
  ) {}

  readonly filtered = $derived(
    this.reasonFilter === 'any'
      ? this.queue
      : this.queue.filter((e) => e.reasons.includes(this.reasonFilter as ReviewReason)),
  );
  readonly current = $derived(
    this.filtered[Math.min(this.index, this.filtered.length - 1)] ?? null,
  );
  readonly above = $derived(entriesAbove(this.filtered, this.bulkThreshold));
  readonly counts = $derived.by(() => {
    const c = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<
      ReviewStatus,
      number
    >;
    for (const i of this.images) c[i.status] += 1;
    return c;
  });

  async load(): Promise<void> {
    try {
      this.project = (await this.store.projects.get(this.projectId)) ?? null;
      if (!this.project) return;
      this.bulkThreshold = this.project.reviewThreshold;
      this.images = await this.store.images.listByProject(this.projectId);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.annotations = new Map(
        (await this.store.annotations.listByProject(this.projectId)).map((a) => [a.imageId, a]),
      );
      this.rebuild();
    } catch (e) {
      this.failure = e;
    }
  }

  showStatus(status: 'both' | ReviewStatus): void {
    this.statusFilter = status;
    this.rebuild();
  }

  showReason(reason: 'any' | ReviewReason): void {
    this.reasonFilter = reason;
    this.index = 0;
  }

  private rebuild() {
    const only: readonly ReviewStatus[] =
      this.statusFilter === 'both' ? QUEUE_STATUSES : [this.statusFilter];
    this.queue = reviewQueue(this.images, this.annotations, only);
    this.index = 0;
    this.shownAt = performance.now();
  }

  private async save(entry: QueueEntry, decision: Decision, ms: number): Promise<Decided> {
    const a =
      this.annotations.get(entry.image.id) ?? emptyAnnotations(entry.image.id, this.projectId);
    const next = decideImage(a, entry.image, decision, {
      author: this.user.value,
      now: Date.now(),
      ms,
    });
    await this.store.annotations.putWithImage(next.annotations, next.image);
    return next;
  }

  private applyDecided(decided: Decided[]) {
    // A lookup for this one call, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const byId = new Map(decided.map((d) => [d.image.id, d.image]));
    this.images = this.images.map((i) => byId.get(i.id) ?? i);
    this.annotations = withDecided(this.annotations, decided);
    this.queue = this.queue.filter((e) => !byId.has(e.image.id));
  }

  async decide(decision: Decision): Promise<void> {
    const current = this.current;
    if (!current || this.busy) return;
    this.busy = true;
    this.failure = null;
    try {
      const decided = await this.save(current, decision, performance.now() - this.shownAt);
      this.applyDecided([decided]);
      // The next image slides into the same place in the queue.
      this.index = Math.min(this.index, Math.max(0, this.filtered.length - 1));
      this.shownAt = performance.now();
    } catch (e) {
      this.failure = e;
    } finally {
      this.busy = false;
    }
  }

  /** Accepts every shown image at or above the bulk threshold; `confirm` asks the reviewer first. */
  async acceptAbove(confirm: (count: number) => boolean): Promise<void> {
    const entries = this.above;
    if (entries.length === 0 || this.busy) return;
    if (!confirm(entries.length)) return;
    this.busy = true;
    this.failure = null;
    const decided: Decided[] = [];
    try {
      // A bulk decision took no time per image: it is recorded as such, not as review work.
      for (const e of entries) decided.push(await this.save(e, 'accept', 0));
    } catch (e) {
      this.failure = e;
    } finally {
      this.applyDecided(decided);
      this.index = 0;
      this.busy = false;
    }
  }

  move(step: number): void {
    if (this.filtered.length === 0) return;
    this.index = Math.max(0, Math.min(this.filtered.length - 1, this.index + step));
    this.shownAt = performance.now();
  }

  show(entry: QueueEntry): void {
    this.index = this.filtered.indexOf(entry);
  }
}
