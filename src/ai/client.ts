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

/**
 * The page's handle on the inference worker. The worker (and with it the whole model runtime) is
 * created on first use, so the first page load never pays for it.
 */
export class InferenceClient {
  private worker: Worker | null = null;
  private api: Remote<InferenceApi> | null = null;

  private remote(): Remote<InferenceApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), {
        type: 'module',
        name: 'inference',
      });
      this.api = wrap<InferenceApi>(this.worker);
    }
    return this.api;
  }

  capabilities(): Promise<GpuCapabilities> {
    return this.remote().capabilities();
  }

  /**
   * A failed load ends the worker: a runtime that failed halfway (a cut-short file read out of
   * bounds) is not trusted for the next try, which starts fresh (issue 15 item 1).
   */
  async load(request: LoadRequest, onEvent: (event: LoadEvent) => void): Promise<LoadedModel> {
    try {
      return await this.remote().load(request, proxy(onEvent));
    } catch (error) {
      this.terminate();
      throw error;
    }
  }

  /** The bitmap is transferred: the caller must not use it afterwards. */
  annotate(request: AnnotateRequest, onText: (chunk: string) => void): Promise<AnnotateResult> {
    return this.remote().annotate(transfer(request, [request.image]), proxy(onText));
  }

  cancel(): Promise<void> {
    return this.api ? this.api.cancel() : Promise.resolve();
  }

  async unload(): Promise<void> {
    if (this.api) await this.api.unload();
  }

  /** Stops everything at once (e.g. cancelling a download): the next call starts a fresh worker. */
  terminate(): void {
    this.api?.[releaseProxy]();
    this.worker?.terminate();
    this.api = null;
    this.worker = null;
  }

  get started(): boolean {
    return this.worker !== null;
  }
}
