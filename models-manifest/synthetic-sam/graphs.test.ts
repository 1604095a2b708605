import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSyntheticSam } from './ensure.ts';
import { FINE_GRID, IMAGE_MEAN, IMAGE_STD, SAM_INPUT } from './rule.ts';

type Rgb = [number, number, number];
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  colour: Rgb;
}

let encoder: ort.InferenceSession;
let decoder: ort.InferenceSession;

beforeAll(async () => {
  const folder = await ensureSyntheticSam();
  encoder = await ort.InferenceSession.create(join(folder, 'onnx/vision_encoder.onnx'));
  decoder = await ort.InferenceSession.create(
    join(folder, 'onnx/prompt_encoder_mask_decoder.onnx'),
  );
}, 60_000);

/** pixel_values of a 1024² picture: a background and rectangles, normalised as the processor does. */
function picture(background: Rgb, rects: Rect[]): ort.Tensor {
  const area = SAM_INPUT * SAM_INPUT;
  const data = new Float32Array(3 * area);
  for (let y = 0; y < SAM_INPUT; y += 1)
    for (let x = 0; x < SAM_INPUT; x += 1) {
      const hit = rects.findLast(
        (r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height,
      );
      const colour = hit?.colour ?? background;
      for (let c = 0; c < 3; c += 1)
        data[c * area + y * SAM_INPUT + x] = (colour[c]! / 255 - IMAGE_MEAN[c]!) / IMAGE_STD[c]!;
    }
  return new ort.Tensor('float32', data, [1, 3, SAM_INPUT, SAM_INPUT]);
}

interface Prompt {
  points?: [number, number, 0 | 1][];
  box?: [number, number, number, number];
}

/** Runs both graphs; returns the first mask as 0/1 cells of the 256² grid and the outputs. */
async function segment(pixels: ort.Tensor, prompt: Prompt) {
  const embeddings = await encoder.run({ pixel_values: pixels });
  const points = prompt.points ?? [];
  const result = await decoder.run({
    ...embeddings,
    input_points: new ort.Tensor('float32', Float32Array.from(points.flatMap(([x, y]) => [x, y])), [
      1,
      1,
      points.length,
      2,
    ]),
    input_labels: new ort.Tensor(
      'int64',
      BigInt64Array.from(points.map(([, , label]) => BigInt(label))),
      [1, 1, points.length],
    ),
    input_boxes: new ort.Tensor('float32', Float32Array.from(prompt.box ?? []), [
      1,
      prompt.box ? 1 : 0,
      4,
    ]),
  });
  const logits = result.pred_masks!.data as Float32Array;
  const cells = FINE_GRID * FINE_GRID;
  const mask = Uint8Array.from(logits.subarray(0, cells), (v) => (v > 0 ? 1 : 0));
  return { mask, result };
}

/** The 256² cells whose centre lies in the rectangle. */
function cellsOf(rect: Omit<Rect, 'colour'>): Uint8Array {
  const cell = SAM_INPUT / FINE_GRID;
  const out = new Uint8Array(FINE_GRID * FINE_GRID);
  for (let r = 0; r < FINE_GRID; r += 1)
    for (let c = 0; c < FINE_GRID; c += 1) {
      const x = (c + 0.5) * cell;
      const y = (r + 0.5) * cell;
      if (x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height)
        out[r * FINE_GRID + c] = 1;
    }
  return out;
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] && b[i]) both += 1;
    if (a[i] || b[i]) either += 1;
  }
  return either === 0 ? 1 : both / either;
}

const count = (mask: Uint8Array) => mask.reduce((n, v) => n + v, 0);
const at = (mask: Uint8Array, x: number, y: number) =>
  mask[Math.floor(y / 4) * FINE_GRID + Math.floor(x / 4)];

const GREY: Rgb = [128, 128, 128];
const RED: Rgb = [200, 40, 40];
const BLUE: Rgb = [40, 60, 200];

describe('synthetic SAM: the decoder computes a real mask from the picture', () => {
  it('keeps the real export’s session interface', () => {
    expect(encoder.inputNames).toEqual(['pixel_values']);
    expect(encoder.outputNames).toEqual([
      'image_embeddings.0',
      'image_embeddings.1',
      'image_embeddings.2',
    ]);
    expect(decoder.inputNames).toEqual([
      'image_embeddings.0',
      'image_embeddings.1',
      'image_embeddings.2',
      'input_points',
      'input_labels',
      'input_boxes',
    ]);
    expect(decoder.outputNames).toEqual(['pred_masks', 'iou_scores', 'object_score_logits']);
  });

  it('a click in a uniform square gives that square', async () => {
    const square = { x: 200, y: 240, width: 320, height: 280 };
    const { mask, result } = await segment(picture(GREY, [{ ...square, colour: RED }]), {
      points: [[350, 400, 1]],
    });
    expect(iou(mask, cellsOf(square))).toBeGreaterThan(0.97);
    expect(result.pred_masks!.dims).toEqual([1, 1, 3, FINE_GRID, FINE_GRID]);
    expect(Array.from(result.iou_scores!.data as Float32Array)[0]).toBeCloseTo(0.9);
    expect((result.object_score_logits!.data as Float32Array)[0]).toBeGreaterThan(0);
  });

  it('the mask depends on where one clicks', async () => {
    const red = { x: 100, y: 100, width: 200, height: 200 };
    const blue = { x: 600, y: 500, width: 300, height: 150 };
    const pixels = picture(GREY, [
      { ...red, colour: RED },
      { ...blue, colour: BLUE },
    ]);
    const onBlue = await segment(pixels, { points: [[700, 560, 1]] });
    expect(iou(onBlue.mask, cellsOf(blue))).toBeGreaterThan(0.97);
    const onBackground = await segment(pixels, { points: [[900, 100, 1]] });
    expect(at(onBackground.mask, 900, 100)).toBe(1);
    expect(at(onBackground.mask, 200, 200)).toBe(0);
    expect(at(onBackground.mask, 700, 560)).toBe(0);
  });

  it('grows only through connected cells: a second square of the same colour stays out', async () => {
    const left = { x: 80, y: 300, width: 200, height: 200 };
    const right = { x: 600, y: 300, width: 200, height: 200 };
    const { mask } = await segment(
      picture(GREY, [
        { ...left, colour: RED },
        { ...right, colour: RED },
      ]),
      { points: [[150, 400, 1]] },
    );
    expect(iou(mask, cellsOf(left))).toBeGreaterThan(0.97);
  });

  it('a negative point takes its side of the region away', async () => {
    const bar = { x: 100, y: 400, width: 800, height: 120 };
    const pixels = picture(GREY, [{ ...bar, colour: RED }]);
    const whole = await segment(pixels, { points: [[150, 460, 1]] });
    const cut = await segment(pixels, {
      points: [
        [150, 460, 1],
        [850, 460, 0],
      ],
    });
    expect(count(cut.mask)).toBeLessThan(count(whole.mask) * 0.7);
    expect(at(cut.mask, 150, 460)).toBe(1);
    expect(at(cut.mask, 850, 460)).toBe(0);
  });

  it('a box alone outlines what is at its centre; a box clips what a click finds', async () => {
    const square = { x: 300, y: 300, width: 240, height: 240 };
    const pixels = picture(GREY, [{ ...square, colour: BLUE }]);
    const boxed = await segment(pixels, { box: [280, 280, 560, 560] });
    expect(iou(boxed.mask, cellsOf(square))).toBeGreaterThan(0.97);
    const clipped = await segment(pixels, { points: [[100, 100, 1]], box: [0, 0, 200, 200] });
    expect(iou(clipped.mask, cellsOf({ x: 0, y: 0, width: 200, height: 200 }))).toBeGreaterThan(
      0.97,
    );
  });

  it('says when it found nothing: a click outside the picture', async () => {
    const { mask, result } = await segment(picture(GREY, []), { points: [[-50, -50, 1]] });
    expect(count(mask)).toBe(0);
    expect(Array.from(result.iou_scores!.data as Float32Array)).toEqual([0, 0, 0]);
    expect((result.object_score_logits!.data as Float32Array)[0]).toBeLessThan(0);
  });
});
