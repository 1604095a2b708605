import { RawImage, Tensor } from '@huggingface/transformers';
import type { SegmentMask, SegmentPrompt } from '../segment.protocol.ts';
import type { SegmentHandle } from './load.ts';
import { maskGrid } from './mask-grid.ts';

/** What the encoder made of one image, kept so each click only runs the decoder. */
export interface ImageEmbedding {
  /** get_image_embeddings' outputs by name, handed back to the decoder as they are. */
  tensors: Record<string, Tensor>;
  /** [height, width] of the image as given. */
  originalSize: [number, number];
  /** [height, width] of the image inside the model's input (before any padding). */
  reshapedSize: [number, number];
  bytes: number;
}

type Callable = (image: RawImage) => Promise<{
  pixel_values: Tensor;
  original_sizes: [number, number][];
  reshaped_input_sizes: [number, number][];
}>;

interface SegmentModel {
  get_image_embeddings(inputs: { pixel_values: Tensor }): Promise<Record<string, Tensor>>;
  (inputs: Record<string, Tensor>): Promise<{ iou_scores: Tensor; pred_masks: Tensor }>;
}

interface MaskPostProcessor {
  post_process_masks(
    masks: Tensor,
    originalSizes: [number, number][],
    reshapedSizes: [number, number][],
  ): Promise<Tensor[]>;
}

/** Runs the image encoder (the expensive half: once per image). */
export async function embedImage(handle: SegmentHandle, image: RawImage): Promise<ImageEmbedding> {
  const inputs = await (handle.processor as unknown as Callable)(image);
  const model = handle.model as unknown as SegmentModel;
  const tensors = await model.get_image_embeddings({ pixel_values: inputs.pixel_values });
  inputs.pixel_values.dispose();
  const bytes = Object.values(tensors).reduce(
    (sum, t) => sum + (t.data as { byteLength: number }).byteLength,
    0,
  );
  return {
    tensors,
    originalSize: inputs.original_sizes[0]!,
    reshapedSize: inputs.reshaped_input_sizes[0]!,
    bytes,
  };
}

/** SAM labels: 1 a positive click, 0 a negative one, −10 a padding point the model ignores. */
const PADDING_LABEL = -10n;

/**
 * The prompt as the decoder's tensors, in the model's input pixels (the processor's own scaling:
 * x by reshaped width / original width, y likewise). SAM 2's class fills in what a box-only prompt
 * lacks; the original SAM's needs a point, so it gets one padding point.
 */
export function promptTensors(
  prompt: SegmentPrompt,
  embedding: Pick<ImageEmbedding, 'originalSize' | 'reshapedSize'>,
  family: SegmentHandle['family'],
): Record<string, Tensor> {
  const [originalHeight, originalWidth] = embedding.originalSize;
  const [reshapedHeight, reshapedWidth] = embedding.reshapedSize;
  const sx = reshapedWidth / originalWidth;
  const sy = reshapedHeight / originalHeight;
  const out: Record<string, Tensor> = {};
  const points = prompt.points.map((p): [number, number, bigint] => [
    p.x * sx,
    p.y * sy,
    p.positive ? 1n : 0n,
  ]);
  if (points.length === 0 && family === 'sam') points.push([0, 0, PADDING_LABEL]);
  if (points.length > 0) {
    out.input_points = new Tensor(
      'float32',
      Float32Array.from(points.flatMap(([x, y]) => [x, y])),
      [1, 1, points.length, 2],
    );
    out.input_labels = new Tensor('int64', BigInt64Array.from(points.map(([, , label]) => label)), [
      1,
      1,
      points.length,
    ]);
  }
  if (prompt.box) {
    const { x, y, width, height } = prompt.box;
    out.input_boxes = new Tensor(
      'float32',
      Float32Array.from([x * sx, y * sy, (x + width) * sx, (y + height) * sy]),
      [1, 1, 4],
    );
  }
  return out;
}

/** Index of the best of the decoder's masks by its own IoU estimate. */
function bestMask(scores: Float32Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i += 1) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/**
 * Runs the prompt decoder on a cached embedding: the best of its masks, upscaled by the
 * processor's post_process_masks to a grid over the whole image (long side ≤ 1024).
 */
export async function decodePrompt(
  handle: SegmentHandle,
  embedding: ImageEmbedding,
  prompt: SegmentPrompt,
): Promise<SegmentMask> {
  if (prompt.points.length === 0 && !prompt.box)
    throw new Error('a prompt needs at least one point or a box');
  const model = handle.model as unknown as SegmentModel;
  const outputs = await model({
    ...embedding.tensors,
    ...promptTensors(prompt, embedding, handle.family),
  });
  const scores = outputs.iou_scores.data as Float32Array;
  const best = bestMask(scores);
  const [imageHeight, imageWidth] = embedding.originalSize;
  const grid = maskGrid(imageWidth, imageHeight);
  // Only the chosen mask is upscaled: [1, 1, 1, 256, 256] → masks[0] is [1, 1, 256, 256].
  const chosen = outputs.pred_masks.slice(null, null, [best, best + 1]);
  const processor = handle.processor as unknown as MaskPostProcessor;
  const [mask] = await processor.post_process_masks(
    chosen,
    [[grid.height, grid.width]],
    [embedding.reshapedSize],
  );
  if (!mask) throw new Error('the decoder gave no mask');
  const data = new Uint8Array(mask.data as Uint8Array);
  return {
    width: grid.width,
    height: grid.height,
    data,
    score: scores[best] ?? 0,
    imageWidth,
    imageHeight,
  };
}
