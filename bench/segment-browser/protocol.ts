/** What bench/segment.ts asks of the bench page, and what the page answers. */
import type { SegmentEncodeStages, SegmentMask } from '../../workers/segment.protocol';

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
  /** The worker's own encoder time (image decode and resize, processor, vision encoder). */
  encoderOnlyMs: number[];
  /** The parts of encoderOnlyMs, per image. */
  encodeStages: SegmentEncodeStages[];
  /** Page-side round trips of a click: prompt in, mask grid back. */
  decodeMs: number[];
  /** The worker's parts of each click: the decoder session, and the mask scaled to the grid. */
  decodeTiming: NonNullable<SegmentMask['timing']>[];
  /** A second encode of a seen image: the embedding cache. */
  cachedEncodeMs: number;
  maskCells: number;
}

export interface SegmentBenchPage {
  run(request: SegmentBenchRequest): Promise<SegmentBenchResult>;
}
