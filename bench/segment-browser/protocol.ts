/** What bench/segment.ts asks of the bench page, and what the page answers. */
export interface SegmentBenchRequest {
  device: 'wasm' | 'webgpu';
  modelId: string;
  revision: string;
  width: number;
  height: number;
  images: number;
  clicksPerImage: number;
}

export interface SegmentBenchResult {
  device: string;
  /** The WebGPU adapter as the page sees it (vendor, architecture, description), if any. */
  adapter: string | null;
  loadSeconds: number;
  /** Page-side round trips: image Blob in, embedding kept in the worker. */
  encodeMs: number[];
  /** The worker's own encoder time (processor + vision encoder). */
  encoderOnlyMs: number[];
  /** Page-side round trips of a click: prompt in, mask grid back. */
  decodeMs: number[];
  /** A second encode of a seen image: the embedding cache. */
  cachedEncodeMs: number;
  maskCells: number;
}

export interface SegmentBenchPage {
  run(request: SegmentBenchRequest): Promise<SegmentBenchResult>;
}
