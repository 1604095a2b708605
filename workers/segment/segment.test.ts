import { EdgeTamModel, RawImage, Sam2Processor } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSyntheticSam } from '../../models-manifest/synthetic-sam/ensure.ts';
import { maskIou, referenceMask } from '../../models-manifest/synthetic-sam/reference-mask.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { loadSegmentModel, type SegmentHandle } from './load.ts';
import { decodePrompt, embedImage, type ImageEmbedding } from './segment.ts';
import { modelInputSize } from './model-input.ts';
import { fromStored, toStored } from './stored-embedding.ts';
import type { SegmentMask } from '../segment.protocol.ts';

const WIDTH = 800;
const HEIGHT = 600;
const ELLIPSE = { cx: 300, cy: 280, rx: 150, ry: 100 };
const BLOCK = { x: 560, y: 120, width: 160, height: 300 };

/**
 * A photo-like picture: a shaded background, a red ellipse and a blue block, all with sensor-like
 * noise, so a click has to find a region of similar (not equal) colour.
 */
function photo(
  width = WIDTH,
  height = HEIGHT,
  ellipse = ELLIPSE,
  block = BLOCK,
): { raw: RawImage; data: Uint8Array } {
  const random = seededRandom(19);
  const noise = () => (random() - 0.5) * 16;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const inEllipse =
        ((x - ellipse.cx) / ellipse.rx) ** 2 + ((y - ellipse.cy) / ellipse.ry) ** 2 <= 1;
      const inBlock =
        x >= block.x && x < block.x + block.width && y >= block.y && y < block.y + block.height;
      const shade = (x / width) * 20;
      const colour = inEllipse ? [196, 52, 44] : inBlock ? [40, 70, 190] : [96 + shade, 126, 92];
      data.set(
        colour.map((v) => Math.max(0, Math.min(255, Math.round(v + noise())))),
        (y * width + x) * 3,
      );
    }
  return { raw: new RawImage(new Uint8ClampedArray(data), width, height, 3), data };
}

/** The mask, read back at image resolution (nearest cell), for comparison with a reference. */
function atImageResolution(mask: SegmentMask): Uint8Array {
  const out = new Uint8Array(mask.imageWidth * mask.imageHeight);
  for (let y = 0; y < mask.imageHeight; y += 1)
    for (let x = 0; x < mask.imageWidth; x += 1) {
      const c = Math.floor((x * mask.width) / mask.imageWidth);
      const r = Math.floor((y * mask.height) / mask.imageHeight);
      out[y * mask.imageWidth + x] = mask.data[r * mask.width + c]!;
    }
  return out;
}

const count = (mask: Uint8Array) => mask.reduce((n, v) => n + v, 0);

let handle: SegmentHandle;
let embedding: ImageEmbedding;
let pixels: Uint8Array;

beforeAll(async () => {
  const folder = await ensureSyntheticSam();
  const statuses = new Set<string>();
  handle = await loadSegmentModel(
    { source: { kind: 'folder', location: folder }, device: 'cpu' },
    (p) => statuses.add(p.status),
  );
  expect(statuses.has('done')).toBe(true);
  const picture = photo();
  pixels = picture.data;
  ({ embedding } = await embedImage(handle, picture.raw));
}, 120_000);

describe('segment runtime core on the synthetic SAM (transformers.js EdgeTamModel, Node CPU)', () => {
  it('loads the EdgeTAM layout with transformers.js’s own classes', () => {
    expect(handle.family).toBe('sam2');
    expect(handle.model).toBeInstanceOf(EdgeTamModel);
    expect(handle.processor).toBeInstanceOf(Sam2Processor);
    expect(Object.keys(embedding.tensors).sort()).toEqual([
      'image_embeddings.0',
      'image_embeddings.1',
      'image_embeddings.2',
    ]);
    expect(embedding.originalSize).toEqual([HEIGHT, WIDTH]);
    expect(embedding.reshapedSize).toEqual([1024, 1024]);
  });

  it('a click on the ellipse gives the ellipse: IoU ≥ 0.9 with the independent reference', async () => {
    const click = { x: ELLIPSE.cx, y: ELLIPSE.cy };
    const mask = await decodePrompt(handle, embedding, { points: [{ ...click, positive: true }] });
    expect([mask.width, mask.height, mask.imageWidth, mask.imageHeight]).toEqual([
      WIDTH,
      HEIGHT,
      WIDTH,
      HEIGHT,
    ]);
    expect(mask.score).toBeGreaterThan(0.5);
    const reference = referenceMask({ width: WIDTH, height: HEIGHT, channels: 3, data: pixels }, [
      click,
    ]);
    expect(count(reference)).toBeGreaterThan(40_000);
    expect(maskIou(atImageResolution(mask), reference)).toBeGreaterThanOrEqual(0.9);
  });

  it('the mask follows the click: the block, not the ellipse', async () => {
    const click = { x: BLOCK.x + 80, y: BLOCK.y + 150 };
    const mask = atImageResolution(
      await decodePrompt(handle, embedding, { points: [{ ...click, positive: true }] }),
    );
    expect(mask[click.y * WIDTH + click.x]).toBe(1);
    expect(mask[ELLIPSE.cy * WIDTH + ELLIPSE.cx]).toBe(0);
    const reference = referenceMask({ width: WIDTH, height: HEIGHT, channels: 3, data: pixels }, [
      click,
    ]);
    expect(maskIou(mask, reference)).toBeGreaterThanOrEqual(0.9);
  });

  it('a negative point shrinks the mask', async () => {
    const positive = { x: ELLIPSE.cx - 100, y: ELLIPSE.cy, positive: true };
    const whole = await decodePrompt(handle, embedding, { points: [positive] });
    const cut = await decodePrompt(handle, embedding, {
      points: [positive, { x: ELLIPSE.cx + 100, y: ELLIPSE.cy, positive: false }],
    });
    expect(count(cut.data)).toBeLessThan(count(whole.data) * 0.8);
    expect(atImageResolution(cut)[ELLIPSE.cy * WIDTH + ELLIPSE.cx + 100]).toBe(0);
  });

  it('a box alone outlines the object inside it (box → polygon)', async () => {
    const box = { x: ELLIPSE.cx - 170, y: ELLIPSE.cy - 120, width: 340, height: 240 };
    const mask = atImageResolution(await decodePrompt(handle, embedding, { points: [], box }));
    const reference = referenceMask({ width: WIDTH, height: HEIGHT, channels: 3, data: pixels }, [
      { x: ELLIPSE.cx, y: ELLIPSE.cy },
    ]);
    expect(maskIou(mask, reference)).toBeGreaterThanOrEqual(0.9);
  });

  it('an embedding kept as IndexedDB stores it decodes to the same mask', async () => {
    const prompt = { points: [{ x: ELLIPSE.cx, y: ELLIPSE.cy, positive: true }] };
    const kept = toStored(embedding);
    expect(kept).not.toBeNull();
    const restored = fromStored(structuredClone(kept!));
    expect(restored.bytes).toBe(embedding.bytes);
    const [a, b] = [
      await decodePrompt(handle, embedding, prompt),
      await decodePrompt(handle, restored, prompt),
    ];
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('refuses a prompt with neither point nor box', async () => {
    await expect(decodePrompt(handle, embedding, { points: [] })).rejects.toThrow(/point or a box/);
  });
});

/**
 * A wide photo (4 : 1, larger than the model's input) drawn at the model's input size first, as
 * the worker does before the processor (stretched to 1024 × 1024: x shrinks, y grows): prompts in
 * and masks out must still be in the original's pixels.
 */
describe('an image resized to the model input before the processor maps to its original pixels', () => {
  const wide = { width: 2400, height: 600 };
  const ellipse = { cx: 700, cy: 330, rx: 420, ry: 170 };
  const block = { x: 1700, y: 80, width: 360, height: 420 };
  let full: { raw: RawImage; data: Uint8Array };
  let small: ImageEmbedding;
  let direct: ImageEmbedding;
  const reference = (click: { x: number; y: number }) =>
    referenceMask({ ...wide, channels: 3, data: full.data }, [click]);

  beforeAll(async () => {
    full = photo(wide.width, wide.height, ellipse, block);
    const input = modelInputSize(handle.processor, wide);
    expect(input).toEqual({ width: 1024, height: 1024 });
    const resized = await full.raw.resize(input.width, input.height);
    ({ embedding: small } = await embedImage(handle, resized, wide));
    ({ embedding: direct } = await embedImage(handle, full.raw));
  }, 120_000);

  it('keeps the original size and the processor’s own input size', () => {
    expect(small.originalSize).toEqual([wide.height, wide.width]);
    expect(small.reshapedSize).toEqual(direct.reshapedSize);
    expect(small.originalSize).toEqual(direct.originalSize);
  });

  it('a click maps to the original pixels: the ellipse, at the same place as without the resize', async () => {
    const click = { x: ellipse.cx, y: ellipse.cy };
    const prompt = { points: [{ ...click, positive: true }] };
    const mask = await decodePrompt(handle, small, prompt);
    expect([mask.imageWidth, mask.imageHeight]).toEqual([wide.width, wide.height]);
    const pixels = atImageResolution(mask);
    expect(maskIou(pixels, reference(click))).toBeGreaterThanOrEqual(0.9);
    expect(pixels[block.y * wide.width + block.x + 100]).toBe(0);
    const unresized = atImageResolution(await decodePrompt(handle, direct, prompt));
    expect(maskIou(pixels, unresized)).toBeGreaterThanOrEqual(0.97);
  });

  it('a box far right, in original pixels, outlines the block there', async () => {
    const box = { x: block.x - 40, y: block.y - 40, width: block.width + 80, height: 500 };
    const mask = atImageResolution(await decodePrompt(handle, small, { points: [], box }));
    const click = { x: block.x + block.width / 2, y: block.y + block.height / 2 };
    expect(maskIou(mask, reference(click))).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses an image that is neither the original nor at the model’s input size', async () => {
    const wrong = await full.raw.resize(800, 800);
    await expect(embedImage(handle, wrong, wide)).rejects.toThrow(/must come at 1024×1024/);
  });
});
