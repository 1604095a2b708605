import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type {
  AnnotateRequest,
  AnnotateResult,
  InferenceApi,
  LoadEvent,
  LoadedModel,
  LoadRequest,
} from '../../workers/inference.protocol';
import type { GpuCapabilities } from '../model/device-choice';

/** The worker died (an uncaught error, a message it could not read) or stopped answering. */
export class WorkerDiedError extends Error {
  override readonly name = 'WorkerDiedError';
  constructor(reason: string) {
    // The wording is matched by classifyInferenceError ('worker-crashed').
    super(`the inference worker stopped: ${reason}`);
  }
}

/** What the client needs of a Worker; tests hand in a MessageChannel-backed one. */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'> &
  Parameters<typeof wrap>[0];

export interface HealthOptions {
  /** How often a busy worker is pinged. */
  intervalMs: number;
  /**
   * Silence (no answer to a ping, no progress, no token) after which the worker counts as dead.
   * Long: a WebAssembly forward pass blocks the worker's event loop for a while legitimately.
   */
  silentMs: number;
}

const HEALTH: HealthOptions = { intervalMs: 10_000, silentMs: 180_000 };

const spawnInferenceWorker = (): WorkerLike =>
  new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), {
    type: 'module',
    name: 'inference',
  });

interface Live {
  worker: WorkerLike;
  api: Remote<InferenceApi>;
  /** Rejects when this worker dies; every call races against it. */
  died: Promise<never>;
  die: (reason: string) => void;
  busy: number;
  lastSign: number;
  timer: ReturnType<typeof setInterval> | null;
}

/**
 * The page's handle on the inference worker. The worker (and with it the whole model runtime) is
 * created on first use, so the first page load never pays for it. A worker that dies is noticed
 * (error / messageerror events, a heartbeat while busy): the calls in flight reject with
 * WorkerDiedError and the next call starts a fresh worker.
 */
export class InferenceClient {
  #live: Live | null = null;
  #deathListeners = new Set<(error: WorkerDiedError) => void>();

  constructor(
    private readonly spawn: () => WorkerLike = spawnInferenceWorker,
    private readonly health: HealthOptions = HEALTH,
  ) {}

  /** Called once per dead worker (the model it held is gone with it). */
  onDeath(listener: (error: WorkerDiedError) => void): () => void {
    this.#deathListeners.add(listener);
    return () => this.#deathListeners.delete(listener);
  }

  #start(): Live {
    if (this.#live) return this.#live;
    const worker = this.spawn();
    let die: (reason: string) => void = () => undefined;
    const died = new Promise<never>((_, reject) => {
      die = (reason) => {
        if (this.#live !== live) return;
        const error = new WorkerDiedError(reason);
        this.#stop();
        reject(error);
        for (const listener of this.#deathListeners) listener(error);
      };
    });
    died.catch(() => undefined);
    const live: Live = {
      worker,
      api: wrap<InferenceApi>(worker),
      died,
      die,
      busy: 0,
      lastSign: Date.now(),
      timer: null,
    };
    worker.addEventListener('error', (e: Event) =>
      live.die((e as ErrorEvent).message || 'uncaught error'),
    );
    worker.addEventListener('messageerror', () => live.die('a message could not be read'));
    this.#live = live;
    return live;
  }

  /** Runs one call against the live worker; a dead worker ends it with WorkerDiedError. */
  async #call<T>(run: (api: Remote<InferenceApi>) => Promise<T>): Promise<T> {
    const live = this.#start();
    live.busy += 1;
    live.lastSign = Date.now();
    live.timer ??= setInterval(() => this.#beat(live), this.health.intervalMs);
    try {
      return await Promise.race([run(live.api), live.died]);
    } finally {
      live.busy -= 1;
      if (live.busy === 0 && live.timer) {
        clearInterval(live.timer);
        live.timer = null;
      }
    }
  }

  #beat(live: Live): void {
    if (Date.now() - live.lastSign > this.health.silentMs) {
      live.die(`no answer for ${Math.round(this.health.silentMs / 1000)} s`);
      return;
    }
    void live.api.ping().then(
      () => (live.lastSign = Date.now()),
      () => undefined,
    );
  }

  /** Any message from the worker (progress, a token) shows it is alive. */
  #alive<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      if (this.#live) this.#live.lastSign = Date.now();
      fn(...args);
    };
  }

  capabilities(): Promise<GpuCapabilities> {
    return this.#call((api) => api.capabilities());
  }

  /**
   * A failed load ends the worker: a runtime that failed halfway (a cut-short file read out of
   * bounds) is not trusted for the next try, which starts fresh (issue 15 item 1).
   */
  async load(request: LoadRequest, onEvent: (event: LoadEvent) => void): Promise<LoadedModel> {
    try {
      return await this.#call((api) => api.load(request, proxy(this.#alive(onEvent))));
    } catch (error) {
      this.terminate();
      throw error;
    }
  }

  /** The bitmap is transferred: the caller must not use it afterwards. */
  annotate(request: AnnotateRequest, onText: (chunk: string) => void): Promise<AnnotateResult> {
    return this.#call((api) =>
      api.annotate(transfer(request, [request.image]), proxy(this.#alive(onText))),
    );
  }

  /** The bitmaps are transferred: the caller must not use them afterwards. */
  annotateBatch(
    requests: AnnotateRequest[],
    onText: (index: number, chunk: string) => void,
    onDone: (index: number, result: AnnotateResult) => void,
  ): Promise<AnnotateResult[]> {
    return this.#call((api) =>
      api.annotateBatch(
        transfer(
          requests,
          requests.map((r) => r.image),
        ),
        proxy(this.#alive(onText)),
        proxy(this.#alive(onDone)),
      ),
    );
  }

  cancel(): Promise<void> {
    return this.#live ? this.#live.api.cancel() : Promise.resolve();
  }

  async unload(): Promise<void> {
    if (this.#live) await this.#call((api) => api.unload());
  }

  #stop(): void {
    const live = this.#live;
    if (!live) return;
    this.#live = null;
    if (live.timer) clearInterval(live.timer);
    live.api[releaseProxy]();
    live.worker.terminate();
  }

  /** Stops everything at once (e.g. cancelling a download): the next call starts a fresh worker. */
  terminate(): void {
    this.#stop();
  }

  get started(): boolean {
    return this.#live !== null;
  }
}
