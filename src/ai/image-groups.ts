import type { AnnotateRequest, AnnotateResult } from '../../workers/inference.protocol';
import type { AnnotateEngine } from './run-task';

/** What grouping needs of the engine: one image at a time, or several in one generation. */
export interface GroupEngine extends AnnotateEngine {
  annotateBatch(
    requests: AnnotateRequest[],
    onText: (index: number, chunk: string) => void,
    onDone: (index: number, result: AnnotateResult) => void,
  ): Promise<AnnotateResult[]>;
}

interface Waiting {
  request: AnnotateRequest;
  onText: (chunk: string) => void;
  resolve: (result: AnnotateResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Hands the engine several images at once: annotate calls made while a group runs (the batch's
 * lanes preparing their next images) wait and go together as the next group, up to `size()`. A
 * group waits `gatherMs` for company only when the engine is idle; each caller gets its own answer
 * as soon as its image is finished, so a short answer frees its lane before the group ends.
 */
export class ImageGroups implements AnnotateEngine {
  #waiting: Waiting[] = [];
  #busy = false;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly engine: GroupEngine,
    private readonly size: () => number,
    private readonly gatherMs = 50,
  ) {}

  annotate(request: AnnotateRequest, onText: (chunk: string) => void): Promise<AnnotateResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, onText, resolve, reject });
      this.#schedule();
    });
  }

  cancel(): Promise<void> {
    return this.engine.cancel();
  }

  #schedule(): void {
    if (this.#busy) return;
    if (this.#waiting.length >= this.#limit()) return void this.#send();
    this.#timer ??= setTimeout(() => this.#send(), this.gatherMs);
  }

  #limit(): number {
    return Math.max(1, Math.floor(this.size()));
  }

  #send(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#busy || this.#waiting.length === 0) return;
    const group = this.#waiting.splice(0, this.#limit());
    this.#busy = true;
    const settled = new Set<number>();
    const work =
      group.length === 1
        ? this.engine.annotate(group[0]!.request, group[0]!.onText).then((r) => [r])
        : this.engine.annotateBatch(
            group.map((w) => w.request),
            (index, chunk) => group[index]?.onText(chunk),
            (index, result) => {
              settled.add(index);
              group[index]?.resolve(result);
            },
          );
    work
      .then((results) =>
        results.forEach((result, index) => {
          if (!settled.has(index)) group[index]!.resolve(result);
        }),
      )
      .catch((error: unknown) =>
        group.forEach((w, index) => {
          if (!settled.has(index)) w.reject(error);
        }),
      )
      .finally(() => {
        this.#busy = false;
        if (this.#waiting.length > 0) this.#schedule();
      });
  }
}
