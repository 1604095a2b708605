/** Deterministic weights: the same seed always gives byte-identical files. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough for weight noise. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform noise with the given standard deviation. */
  weights(count: number, std: number): Float32Array {
    return this.fill(new Float32Array(count), std);
  }

  /** Fills `out` with uniform noise of the given standard deviation. */
  fill(out: Float32Array, std: number): Float32Array {
    const half = std * Math.sqrt(3);
    for (let i = 0; i < out.length; i += 1) out[i] = (this.next() * 2 - 1) * half;
    return out;
  }
}

export function seedFrom(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
