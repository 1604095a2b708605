import type { AnnotateRequest, AnnotateResult } from '../../../workers/inference.protocol';
import type { AnnotateEngine } from '../run-task';
import type { CoordinateConvention } from './conventions';
import { answerGrid } from './resized-input';
import type { ServerClient } from './server-client';
import { serverInputSize } from './server-task';

function readDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
}

/** The picture shown to the model as a JPEG `data:` URI at the image-token budget. */
async function bitmapDataUrl(image: ImageBitmap, size: { width: number; height: number }) {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, size.width, size.height);
  return readDataUrl(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 }));
}

/**
 * The page's engine for a model server: the same request as the worker gets (messages, pixels,
 * parameters) goes out as one chat completion. Several can be in flight; `cancel` aborts them all.
 */
export class ServerEngine implements AnnotateEngine {
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly client: ServerClient,
    /** How the served model writes coordinates (from the model list): Qwen2.5-VL needs a grid. */
    private readonly convention: CoordinateConvention = 'relative-1000',
  ) {}

  async annotate(
    request: AnnotateRequest,
    _onText: (chunk: string) => void,
  ): Promise<AnnotateResult> {
    const started = performance.now();
    let dataUrl: string;
    const sent = serverInputSize(
      { width: request.image.width, height: request.image.height },
      request.maxImageTokens,
    );
    const grid = answerGrid(this.convention, sent);
    try {
      dataUrl = await bitmapDataUrl(request.image, sent);
    } finally {
      request.image.close();
    }
    const encoded = performance.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const answer = await this.client.complete(request.messages, dataUrl, request.params, {
        signal: controller.signal,
      });
      return {
        text: answer.text,
        tokens: answer.tokens,
        finish: answer.finish,
        ...(grid ? { grid } : {}),
        timings: {
          preprocessMs: encoded - started,
          generateMs: performance.now() - encoded,
          promptTokens: answer.promptTokens,
          imageTokens: 0,
          newTokens: answer.newTokens,
        },
      };
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      return {
        text: '',
        tokens: [],
        finish: 'cancelled',
        timings: { preprocessMs: 0, generateMs: 0, promptTokens: 0, imageTokens: 0, newTokens: 0 },
      };
    } finally {
      this.inFlight.delete(controller);
    }
  }

  async cancel(): Promise<void> {
    for (const controller of this.inFlight) controller.abort();
  }
}
