/**
 * The PP-OCR pipeline, independent of where the ONNX sessions run (onnxruntime-web in the worker,
 * onnxruntime-node in tests and the benchmark): detect → classify angle → recognise → order.
 */
import { DEFAULT_DETECT, dbQuads, detectInput, type DetectSettings } from './detect';
import type { Quad } from './geometry';
import type { OcrTensor, RgbaImage } from './pixels';
import { readingOrder } from './reading-order';
import {
  classifyInput,
  ctcDecode,
  isUpsideDown,
  readingQuad,
  recognizeInput,
  type RecognizedChar,
} from './recognize';
import { flipQuad } from './pixels';

/** One ONNX session: input tensor → its first output. */
export type OcrSession = (input: OcrTensor) => Promise<OcrTensor>;

export interface OcrSessions {
  detect: OcrSession;
  classify: OcrSession;
  recognize: OcrSession;
  /** Class index → character (see recognizerAlphabet). */
  alphabet: readonly string[];
}

export interface OcrSettings {
  detect: DetectSettings;
  /** Lines whose recognition confidence is below this are dropped as noise (PaddleOCR drop_score). */
  dropScore: number;
  useAngleClassifier: boolean;
}

export const DEFAULT_OCR: OcrSettings = {
  detect: DEFAULT_DETECT,
  dropScore: 0.5,
  useAngleClassifier: true,
};

export interface OcrLineResult {
  /** Corners in image pixels, tl tr br bl as the text reads. */
  quad: Quad;
  text: string;
  confidence: number;
  chars: RecognizedChar[];
  detectScore: number;
}

export interface OcrTimings {
  detectMs: number;
  recognizeMs: number;
}

export interface OcrPageResult {
  lines: OcrLineResult[];
  timings: OcrTimings;
}

export async function recognizePage(
  image: RgbaImage,
  sessions: OcrSessions,
  settings: OcrSettings = DEFAULT_OCR,
  now: () => number = () => performance.now(),
): Promise<OcrPageResult> {
  const t0 = now();
  const input = detectInput(image, settings.detect.limitSideLen);
  const map = await sessions.detect(input.tensor);
  const [, , h = 0, w = 0] = map.dims;
  const detected = dbQuads(map.data, w, h, { x: input.scaleX, y: input.scaleY }, settings.detect);
  const t1 = now();
  const found: OcrLineResult[] = [];
  for (const d of detected) {
    let quad = readingQuad(d.quad);
    if (settings.useAngleClassifier) {
      const verdict = await sessions.classify(classifyInput(image, quad));
      if (isUpsideDown(verdict.data)) quad = flipQuad(quad);
    }
    const decoded = ctcDecode(
      await sessions.recognize(recognizeInput(image, quad)),
      sessions.alphabet,
    );
    if (decoded.text.trim() === '' || decoded.confidence < settings.dropScore) continue;
    found.push({ quad, ...decoded, detectScore: d.score });
  }
  const lines = readingOrder(found.map((f) => f.quad)).map((i) => found[i]!);
  return { lines, timings: { detectMs: t1 - t0, recognizeMs: now() - t1 } };
}
