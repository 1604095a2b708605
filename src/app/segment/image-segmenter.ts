import type { Mask, Prompt, Segmenter } from '../../segment';

/** What the tool side needs of the segment worker's client (SegmentClient has these). */
export interface SegmentBackend {
  encode(imageId: string, image: Blob): Promise<unknown>;
  decode(imageId: string, prompt: Prompt): Promise<Mask>;
  /** The next image's embedding, computed while the user labels this one. */
  prefetch?(imageId: string, image: Blob): Promise<void>;
}

/** The app's segmentation model as the tool side sees it: its client, usable once loaded. */
export interface SegmentSource {
  readonly loaded: unknown;
  readonly client: SegmentBackend;
  /** 'loading' while a load runs, 'error' when the last one failed (see error). */
  readonly status: string;
  readonly error: { message: string } | null;
  /** Loads with the saved model settings (a second call waits on the first). */
  ensureLoaded(): Promise<unknown>;
}

/** The client of the loaded model, or null while none is loaded. */
export function readyBackend(source: SegmentSource): SegmentBackend | null {
  return source.loaded ? source.client : null;
}

/**
 * The model on one image: the image is encoded on the first prompt (the worker caches the
 * embedding), then each prompt costs a decode. A failed encode is tried again on the next prompt.
 */
export function imageSegmenter(backend: SegmentBackend, imageId: string, image: Blob): Segmenter {
  let encoded: Promise<unknown> | null = null;
  return {
    async decode(prompt) {
      encoded ??= backend.encode(imageId, image).catch((error: unknown) => {
        encoded = null;
        throw error;
      });
      await encoded;
      return backend.decode(imageId, prompt);
    },
  };
}
