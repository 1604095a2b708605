/**
 * PP-OCR text detection around the ONNX model: resize/normalise the page (DetResizeForTest,
 * limit_type 'max'), then DB post-processing of the probability map into rotated quads.
 */
import {
  convexHull,
  mapQuad,
  minAreaRect,
  rectQuad,
  unclipRect,
  type Quad,
  type Vec,
} from './geometry';
import { sampleInto, type Normalisation, type OcrTensor, type RgbaImage } from './pixels';

const IMAGENET: Normalisation = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

export interface DetectSettings {
  /** The longer side is scaled down to at most this many pixels (PaddleOCR default 960). */
  limitSideLen: number;
  /** Pixels with text probability above this form regions. */
  threshold: number;
  /** Regions whose mean probability is below this are dropped. */
  boxThreshold: number;
  unclipRatio: number;
  /** Regions whose shorter side is below this (model pixels) are noise. */
  minSize: number;
}

export const DEFAULT_DETECT: DetectSettings = {
  limitSideLen: 960,
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
};

export interface DetectInput {
  tensor: OcrTensor;
  /** Original pixels per model pixel, per axis. */
  scaleX: number;
  scaleY: number;
}

export function detectInput(image: RgbaImage, limitSideLen: number): DetectInput {
  const longer = Math.max(image.width, image.height);
  const ratio = longer > limitSideLen ? limitSideLen / longer : 1;
  const w = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const h = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  const scaleX = image.width / w;
  const scaleY = image.height / h;
  const data = new Float32Array(3 * w * h);
  sampleInto(image, w, h, (u, v) => ({ x: u * scaleX, y: v * scaleY }), IMAGENET, data, w);
  return { tensor: { data, dims: [1, 3, h, w] }, scaleX, scaleY };
}

export interface DetectedText {
  quad: Quad;
  /** Mean text probability inside the region. */
  score: number;
}

/** Connected regions of the thresholded map (8-neighbourhood) → unclipped minimum-area quads. */
export function dbQuads(
  map: Float32Array,
  width: number,
  height: number,
  scale: { x: number; y: number },
  settings: DetectSettings = DEFAULT_DETECT,
): DetectedText[] {
  const label = new Int32Array(width * height);
  const found: DetectedText[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < map.length; start++) {
    if (label[start] !== 0 || map[start]! <= settings.threshold) continue;
    next += 1;
    label[start] = next;
    stack.push(start);
    // Row extremes are enough for the convex hull of a pixel region.
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let sum = 0;
    let count = 0;
    while (stack.length > 0) {
      const at = stack.pop()!;
      const x = at % width;
      const y = (at - x) / width;
      sum += map[at]!;
      count += 1;
      rowMin.set(y, Math.min(rowMin.get(y) ?? x, x));
      rowMax.set(y, Math.max(rowMax.get(y) ?? x, x));
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (label[n] === 0 && map[n]! > settings.threshold) {
            label[n] = next;
            stack.push(n);
          }
        }
      }
    }
    const score = sum / count;
    if (score < settings.boxThreshold) continue;
    const points: Vec[] = [];
    // +0.5: a model pixel's centre, in the continuous coordinates the input was sampled with.
    for (const [y, x] of rowMin)
      points.push({ x: x + 0.5, y: y + 0.5 }, { x: rowMax.get(y)! + 0.5, y: y + 0.5 });
    const rect = minAreaRect(convexHull(points));
    if (Math.min(rect.width, rect.height) < settings.minSize) continue;
    const grown = unclipRect(rect, settings.unclipRatio);
    if (Math.min(grown.width, grown.height) < settings.minSize + 2) continue;
    const quad = mapQuad(rectQuad(grown), (p) => ({
      x: Math.min(Math.max(p.x * scale.x, 0), width * scale.x),
      y: Math.min(Math.max(p.y * scale.y, 0), height * scale.y),
    }));
    found.push({ quad, score });
  }
  return found;
}
