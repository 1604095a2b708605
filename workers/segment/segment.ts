import { RawImage, Tensor } from '@huggingface/transformers';
import type { SegmentMask, SegmentPrompt } from '../segment.protocol.ts';
import type { SegmentHandle } from './load.ts';
import { maskGrid } from './mask-grid.ts';
import { modelInputSize, type ImageSize } from './model-input.ts';
import { maskOnGrid } from './mask-resample.ts';
import { pixelValues } from './pixel-values.ts';

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

/** Where an encode's time went, in milliseconds. */
export interface EncodeStages {
  /** The processor: RGB, resize (none when the image came at its input size), normalise. */
  preprocessMs: number;
  /** The vision encoder session. */
  encoderMs: number;
}

/**
 * Runs the image encoder (the expensive half: once per image). `original` is the size of the image
 * the user sees when `image` was already resized to the model's input size (modelInputSize): the
 * processor then skips its own resize, and the embedding still maps prompts and masks to the
 * original's pixels, as if the processor had resized it.
 */
export async function embedImage(
  handle: SegmentHandle,
  image: RawImage,
  original: ImageSize = { width: image.width, height: image.height },
): Promise<{ embedding: ImageEmbedding; stages: EncodeStages }> {
  const input = modelInputSize(handle.processor, original);
  const atInputSize = input.width === image.width && input.height === image.height;
  const resized = original.width !== image.width || original.height !== image.height;
  if (resized && !atInputSize)
    throw new Error(
      `an image of ${original.width}×${original.height} must come at ${input.width}×${input.height}, not ${image.width}×${image.height}`,
    );
  const started = performance.now();
  // At its input size the image needs no resize: one pass gives what the processor would.
  const direct = atInputSize ? pixelValues(handle.processor.image_processor!, image) : null;
  const inputs = direct
    ? {
        pixel_values: direct,
        reshaped_input_sizes: [[image.height, image.width] as [number, number]],
      }
    : await (handle.processor as unknown as Callable)(image);
  const processed = performance.now();
  const model = handle.model as unknown as SegmentModel;
  const tensors = await model.get_image_embeddings({ pixel_values: inputs.pixel_values });
  const encoded = performance.now();
  inputs.pixel_values.dispose();
  const bytes = Object.values(tensors).reduce(
    (sum, t) => sum + (t.data as { byteLength: number }).byteLength,
    0,
  );
  return {
    embedding: {
      tensors,
      originalSize: [original.height, original.width],
      reshapedSize: inputs.reshaped_input_sizes[0]!,
      bytes,
    },
    stages: { preprocessMs: processed - started, encoderMs: encoded - processed },
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

/** The model input the decoder's masks cover, padding included (as post_process_masks reads it). */
function paddedInput(handle: SegmentHandle): ImageSize {
  const images = handle.processor.image_processor as
    { pad_size?: Partial<ImageSize>; size?: Partial<ImageSize> } | undefined;
  const pad = images?.pad_size ?? images?.size;
  if (!pad?.width || !pad.height)
    throw new Error('the segment model’s processor has no input size');
  return { width: pad.width, height: pad.height };
}

/**
 * Runs the prompt decoder on a cached embedding: the best of its masks, sampled onto a grid over
 * the whole image (long side ≤ 1024) as the processor's post_process_masks would scale it.
 */
export async function decodePrompt(
  handle: SegmentHandle,
  embedding: ImageEmbedding,
  prompt: SegmentPrompt,
): Promise<SegmentMask> {
  if (prompt.points.length === 0 && !prompt.box)
    throw new Error('a prompt needs at least one point or a box');
  const model = handle.model as unknown as SegmentModel;
  const started = performance.now();
  const outputs = await model({
    ...embedding.tensors,
    ...promptTensors(prompt, embedding, handle.family),
  });
  const decoded = performance.now();
  const scores = outputs.iou_scores.data as Float32Array;
  const best = bestMask(scores);
  const [imageHeight, imageWidth] = embedding.originalSize;
  const grid = maskGrid(imageWidth, imageHeight);
  // pred_masks is [1, 1, masks, h, w]: the chosen one is read where it lies, not copied.
  const [lowHeight, lowWidth] = outputs.pred_masks.dims.slice(-2) as [number, number];
  const cells = lowHeight * lowWidth;
  const logits = (outputs.pred_masks.data as Float32Array).subarray(
    best * cells,
    (best + 1) * cells,
  );
  const [reshapedHeight, reshapedWidth] = embedding.reshapedSize;
  const data = maskOnGrid(
    logits,
    {
      low: { width: lowWidth, height: lowHeight },
      pad: paddedInput(handle),
      reshaped: { width: reshapedWidth, height: reshapedHeight },
    },
    grid,
  );
  return {
    width: grid.width,
    height: grid.height,
    data,
    score: scores[best] ?? 0,
    imageWidth,
    imageHeight,
    timing: { decoderMs: decoded - started, maskMs: performance.now() - decoded },
  };
}
