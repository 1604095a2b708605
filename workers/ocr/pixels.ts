import type { Quad } from './geometry';

/** Decoded pixels, 4 bytes per pixel (RGBA), row-major — what ImageData and sharp's raw output hold. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A float tensor in NCHW layout, as the ONNX sessions take and give. */
export interface OcrTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Per-channel normalisation applied as (value / 255 − mean) / std, in the model's BGR order. */
export interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/**
 * Samples `out` (width × height) from the source by mapping each output pixel centre through
 * `map` (output → source coordinates), bilinear; pixels outside the source read as white paper.
 * Writes BGR-normalised values into `target` at column offset 0 of a CHW tensor of width `stride`.
 */
export function sampleInto(
  source: RgbaImage,
  width: number,
  height: number,
  map: (u: number, v: number) => { x: number; y: number },
  norm: Normalisation,
  target: Float32Array,
  stride: number,
): void {
  const plane = stride * height;
  const { data, width: sw, height: sh } = source;
  const read = (x: number, y: number, c: number) =>
    x < 0 || y < 0 || x >= sw || y >= sh ? 255 : data[(y * sw + x) * 4 + c]!;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const p = map(i + 0.5, j + 0.5);
      const fx = p.x - 0.5;
      const fy = p.y - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      for (let c = 0; c < 3; c++) {
        const v =
          (1 - ay) * ((1 - ax) * read(x0, y0, c) + ax * read(x0 + 1, y0, c)) +
          ay * ((1 - ax) * read(x0, y0 + 1, c) + ax * read(x0 + 1, y0 + 1, c));
        // RGB source → BGR planes: the Paddle models were trained on OpenCV's channel order.
        const k = 2 - c;
        target[k * plane + j * stride + i] = (v / 255 - norm.mean[k]!) / norm.std[k]!;
      }
    }
  }
}

/** Output (u, v) in a width × height rectangle → the point of the quad it stands for (bilinear patch). */
export function quadMap(
  quad: Quad,
  width: number,
  height: number,
): (u: number, v: number) => { x: number; y: number } {
  const [tl, tr, br, bl] = quad;
  return (u, v) => {
    const s = u / width;
    const t = v / height;
    const topX = tl.x + (tr.x - tl.x) * s;
    const topY = tl.y + (tr.y - tl.y) * s;
    const botX = bl.x + (br.x - bl.x) * s;
    const botY = bl.y + (br.y - bl.y) * s;
    return { x: topX + (botX - topX) * t, y: topY + (botY - topY) * t };
  };
}

/** Turns the crop upside down: the same quad read from its bottom-right corner. */
export function flipQuad(quad: Quad): Quad {
  return [quad[2], quad[3], quad[0], quad[1]];
}
