import type { Mask } from './mask';

/** COCO's uncompressed RLE: size is [height, width]; counts alternate unset/set runs, column-major. */
export interface CocoRle {
  size: [number, number];
  counts: number[];
}

/** A mask of image resolution as COCO RLE (the first run counts unset pixels and may be 0). */
export function maskToRle(mask: Pick<Mask, 'width' | 'height' | 'data'>): CocoRle {
  const { width: w, height: h, data } = mask;
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let c = 0; c < w; c++) {
    for (let r = 0; r < h; r++) {
      const v = data[r * w + c] ? 1 : 0;
      if (v !== value) {
        counts.push(run);
        run = 0;
        value = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [h, w], counts };
}

/** Why an RLE cannot be read, in words for the import report; null when it is sound. */
export function rleProblem(rle: CocoRle): string | null {
  const [h, w] = rle.size;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h <= 0 || w <= 0)
    return 'size is not [height, width]';
  let total = 0;
  for (const n of rle.counts) {
    if (!Number.isInteger(n) || n < 0) return 'counts are not whole numbers ≥ 0';
    total += n;
  }
  if (total !== h * w) return `counts add up to ${total}, not height × width = ${h * w}`;
  return null;
}

/** The mask an RLE describes; call rleProblem first, this trusts the counts. */
export function rleToMask(rle: CocoRle): Mask {
  const [h, w] = rle.size;
  const data = new Uint8Array(w * h);
  let i = 0;
  rle.counts.forEach((run, k) => {
    if (k % 2 === 1) {
      for (let j = i; j < i + run; j++) {
        const c = Math.floor(j / h);
        data[(j - c * h) * w + c] = 1;
      }
    }
    i += run;
  });
  return { width: w, height: h, data, imageWidth: w, imageHeight: h };
}

/** Adds runs to COCO counts, which alternate unset/set starting with unset. */
class RunWriter {
  counts: number[] = [0];
  #value = 0;
  push(value: number, n: number): void {
    if (n <= 0) return;
    if (value !== this.#value) {
      this.counts.push(0);
      this.#value = value;
    }
    this.counts[this.counts.length - 1]! += n;
  }
}

/**
 * The COCO RLE of a mask that covers only part of an image, placed at (left, top): the pixels
 * around it are unset. Spares a whole-image buffer per region on a big photo.
 */
export function placedMaskToRle(
  crop: Pick<Mask, 'width' | 'height' | 'data'>,
  left: number,
  top: number,
  image: { width: number; height: number },
): CocoRle {
  const { width: w, height: h, data } = crop;
  const out = new RunWriter();
  for (let c = 0; c < image.width; c++) {
    const cc = c - left;
    if (cc < 0 || cc >= w) {
      out.push(0, image.height);
      continue;
    }
    for (let r = 0; r < image.height; r++) {
      const rr = r - top;
      out.push(rr >= 0 && rr < h && data[rr * w + cc] ? 1 : 0, 1);
    }
  }
  return { size: [image.height, image.width], counts: out.counts };
}

/**
 * pycocotools' compressed counts (a string, 6 bits a character, each count after the second as a
 * difference to the one two before) as plain numbers.
 */
export function decompressCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw new Error('compressed RLE ends inside a count');
      const c = text.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2]!;
    counts.push(x);
  }
  return counts;
}

/** Set pixels of an RLE: the sum of its odd runs. */
export function rleArea(rle: CocoRle): number {
  let n = 0;
  for (let i = 1; i < rle.counts.length; i += 2) n += rle.counts[i]!;
  return n;
}
