/**
 * PP-OCR line crops, the angle classifier's input and verdict, and the recogniser's CTC decoding
 * with per-character probabilities.
 */
import { distance, type Quad } from './geometry';
import { quadMap, sampleInto, type Normalisation, type OcrTensor, type RgbaImage } from './pixels';

const HALF: Normalisation = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
export const LINE_HEIGHT = 48;
/** Narrowest recogniser input (rec_image_shape 3×48×320); wider lines get their own width. */
const REC_MIN_WIDTH = 320;
const CLS_WIDTH = 192;

/**
 * The quad as the text reads: a quad much taller than wide is vertical text, read after turning it
 * a quarter left (PaddleOCR's get_rotate_crop_image).
 */
export function readingQuad(quad: Quad): Quad {
  const w = Math.max(distance(quad[0], quad[1]), distance(quad[3], quad[2]));
  const h = Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2]));
  return h / Math.max(w, 1e-6) >= 1.5 ? [quad[1], quad[2], quad[3], quad[0]] : quad;
}

function aspect(quad: Quad): number {
  const w = Math.max(distance(quad[0], quad[1]), distance(quad[3], quad[2]));
  const h = Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2]));
  return w / Math.max(h, 1e-6);
}

/** A line crop at height 48, its width kept to scale and capped, padded (zeros) to `minWidth`. */
function lineTensor(image: RgbaImage, quad: Quad, minWidth: number, maxWidth: number): OcrTensor {
  const width = Math.max(1, Math.min(maxWidth, Math.ceil(LINE_HEIGHT * aspect(quad))));
  const stride = Math.max(minWidth, width);
  const data = new Float32Array(3 * LINE_HEIGHT * stride);
  sampleInto(image, width, LINE_HEIGHT, quadMap(quad, width, LINE_HEIGHT), HALF, data, stride);
  return { data, dims: [1, 3, LINE_HEIGHT, stride] };
}

export function classifyInput(image: RgbaImage, quad: Quad): OcrTensor {
  return lineTensor(image, quad, CLS_WIDTH, CLS_WIDTH);
}

/** The classifier says [upright, upside-down]; only a confident "upside down" turns the crop. */
export function isUpsideDown(output: Float32Array, threshold = 0.9): boolean {
  return (output[1] ?? 0) > (output[0] ?? 0) && (output[1] ?? 0) > threshold;
}

export function recognizeInput(image: RgbaImage, quad: Quad): OcrTensor {
  return lineTensor(image, quad, REC_MIN_WIDTH, Number.MAX_SAFE_INTEGER);
}

/** Class index → character: 0 is the CTC blank, then the key file's lines, then a space. */
export function recognizerAlphabet(keys: string): string[] {
  const lines = keys.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

export interface RecognizedChar {
  char: string;
  probability: number;
  /**
   * A space put back between two characters: the recogniser ranked a space second in the gap
   * between them (see SPACE_EVIDENCE). It takes no part in the line's confidence.
   */
  restored?: boolean;
}

export interface RecognizedText {
  text: string;
  chars: RecognizedChar[];
  /** Mean of the recognised characters' probabilities (PaddleOCR's line score); 0 for none. */
  confidence: number;
}

/**
 * PP-OCRv4's Chinese recogniser rarely emits the space class between Latin words at small sizes:
 * the blank wins, but the space's probability in the gap stays clearly above zero. Measured on a
 * tuning set of 8 lines × 4 sizes kept apart from the benchmark's texts (bench/ocr/space-tuning.ts):
 * inside words the space never reached 0.002, between words it was at least 0.007.
 */
export const SPACE_EVIDENCE = 0.005;

/** Han characters, CJK and full-width punctuation: Chinese is written without spaces between them. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/**
 * Greedy CTC: the best class per time step, repeats merged, blanks dropped. A character's
 * probability is the highest its run reached. A space the recogniser saw but did not pick is put
 * back (SPACE_EVIDENCE) unless a neighbour is Chinese.
 */
export function ctcDecode(output: OcrTensor, alphabet: readonly string[]): RecognizedText {
  const [, steps = 0, classes = 0] = output.dims;
  const space = alphabet.lastIndexOf(' ');
  const chars: RecognizedChar[] = [];
  let previous = -1;
  /** Highest space probability over the blank steps since the last character. */
  let spaceSeen = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -Infinity;
    const row = t * classes;
    for (let k = 0; k < classes; k++) {
      const p = output.data[row + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best === previous) {
      const last = chars.at(-1)!;
      last.probability = Math.max(last.probability, bestP);
    } else if (best !== 0) {
      const last = chars.at(-1);
      const char = alphabet[best] ?? '';
      const betweenWords =
        last !== undefined &&
        last.char !== ' ' &&
        best !== space &&
        spaceSeen >= SPACE_EVIDENCE &&
        !CJK.test(last.char) &&
        !CJK.test(char);
      if (betweenWords) chars.push({ char: ' ', probability: spaceSeen, restored: true });
      chars.push({ char, probability: bestP });
      spaceSeen = 0;
    } else if (space > 0) spaceSeen = Math.max(spaceSeen, output.data[row + space]!);
    previous = best;
  }
  const scored = chars.filter((c) => !c.restored);
  const confidence =
    scored.length === 0 ? 0 : scored.reduce((s, c) => s + c.probability, 0) / scored.length;
  return { text: chars.map((c) => c.char).join(''), chars, confidence };
}
