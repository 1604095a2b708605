import { proxy, wrap, type Remote } from 'comlink';
import type {
  SegmentApi,
  SegmentEncoded,
  SegmentLoaded,
  SegmentLoadEvent,
  SegmentLoadRequest,
  SegmentMask,
  SegmentPrompt,
} from '../../../workers/segment.protocol';
import { DEFAULT_SEGMENT_MODEL } from '../../model/models';

export type {
  SegmentBox,
  SegmentEncoded,
  SegmentErrorKind,
  SegmentLoaded,
  SegmentLoadEvent,
  SegmentLoadRequest,
  SegmentMask,
  SegmentPoint,
  SegmentPrompt,
} from '../../../workers/segment.protocol';
export { segmentErrorKind } from '../../../workers/segment.protocol';

/** The default SAM-class model from the Hub, best device: what load() uses when given nothing. */
export const DEFAULT_SEGMENT_LOAD: SegmentLoadRequest = {
  source: {
    kind: 'hub',
    modelId: DEFAULT_SEGMENT_MODEL.id,
    revision: DEFAULT_SEGMENT_MODEL.revision,
  },
  device: 'auto',
};

/**
 * The page's handle on the segment worker. The worker, and the model runtime inside it, start on
 * first use, so the first page load never pays for them.
 */
export class SegmentClient {
  #worker: Worker | null = null;
  #api: Remote<SegmentApi> | null = null;

  #remote(): Remote<SegmentApi> {
    if (!this.#api) {
      this.#worker = new Worker(new URL('../../../workers/segment.worker.ts', import.meta.url), {
        type: 'module',
        name: 'segment',
      });
      this.#api = wrap<SegmentApi>(this.#worker);
    }
    return this.#api;
  }

  load(
    onProgress: (event: SegmentLoadEvent) => void,
    request: SegmentLoadRequest = DEFAULT_SEGMENT_LOAD,
  ): Promise<SegmentLoaded> {
    return this.#remote().load(request, proxy(onProgress));
  }

  encode(imageId: string, image: Blob): Promise<SegmentEncoded> {
    return this.#remote().encode(imageId, image);
  }

  /** The next image's embedding, computed while the user labels this one. */
  prefetch(imageId: string, image: Blob): Promise<void> {
    return this.#remote().prefetch(imageId, image);
  }

  decode(imageId: string, prompt: SegmentPrompt): Promise<SegmentMask> {
    return this.#remote().decode(imageId, prompt);
  }

  /** Frees the model and the cached embeddings and ends the worker. */
  async dispose(): Promise<void> {
    const api = this.#api;
    const worker = this.#worker;
    this.#api = null;
    this.#worker = null;
    if (!api || !worker) return;
    try {
      await api.dispose();
    } finally {
      worker.terminate();
    }
  }
}

/** One segment worker for the whole page: the canvas tool and the box → polygon task share it. */
export const segmentClient = new SegmentClient();
