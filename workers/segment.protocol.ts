/**
 * The one typed API of the segment worker (comlink): a SAM-class model (image encoder once per
 * image, prompt decoder per click) on onnxruntime-web. Coordinates are image pixels of the image as
 * stored (its natural size); masks come back on a grid that covers the whole image.
 */
import type { DevicePreference, RuntimeChoice } from '../src/model/device-choice';
import type { SegmentSessionDtypes } from '../src/model/models';
import type { LoadEvent, ModelSource } from './inference.protocol';
import { workerErrors } from './worker-error';

export type { DevicePreference, LoadEvent as SegmentLoadEvent, ModelSource };

/** One click: a positive point says "this belongs to the object", a negative one "this does not". */
export interface SegmentPoint {
  x: number;
  y: number;
  positive: boolean;
}

export interface SegmentBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the user gave: clicks, and optionally a box around the object (image pixels). */
export interface SegmentPrompt {
  points: SegmentPoint[];
  box?: SegmentBox;
}

/**
 * The model's mask, upscaled to at most 1024 cells on the long side. The grid covers the whole
 * image: cell (c, r) covers image x in [c·imageWidth/width, (c+1)·imageWidth/width) and likewise
 * for y.
 */
export interface SegmentMask {
  width: number;
  height: number;
  /** 0 or 1 per cell, row-major. */
  data: Uint8Array;
  /** The model's own estimate of the mask's quality (predicted IoU), in [0, 1]. */
  score: number;
  imageWidth: number;
  imageHeight: number;
  /** Where the decode's time went in the worker, in milliseconds. */
  timing?: {
    /** The prompt encoder / mask decoder session. */
    decoderMs: number;
    /** The chosen mask scaled to the grid and made binary. */
    maskMs: number;
  };
}

export interface SegmentLoadRequest {
  source: ModelSource;
  device: DevicePreference;
}

export interface SegmentLoaded {
  modelId: string;
  revision: string;
  runtime: RuntimeChoice<SegmentSessionDtypes>;
  /** Seconds from load() to ready. */
  seconds: number;
}

/** Where an encode's time went in the worker, in milliseconds. */
export interface SegmentEncodeStages {
  /** Decoding the image and drawing it at the model's input size. */
  imageMs: number;
  /** transformers.js's processor: RGB, normalisation, channel order. */
  preprocessMs: number;
  /** The vision encoder session. */
  encoderMs: number;
}

export interface SegmentEncoded {
  /** Milliseconds the encoder took (0 when the embedding came from the cache). */
  ms: number;
  /** The embedding was already computed (memory or the persistent cache). */
  cached: boolean;
  /** The parts of `ms`, when the encoder ran. */
  stages?: SegmentEncodeStages;
}

/**
 * Errors cross the worker boundary as plain data the UI can put into words; the kinds the network
 * and the runtime share with the inference worker keep the same names.
 */
export const SEGMENT_ERROR_KINDS = [
  /** decode() before load(), or after dispose(). */
  'not-loaded',
  /** The model's files are not where the source says (404, a folder without them). */
  'model-missing',
  /** The image could not be read (not an image, or a broken one). */
  'bad-image',
  'encode-failed',
  'decode-failed',
  /** decode() for an image whose embedding was never computed and cannot be (no image sent). */
  'not-encoded',
  'offline',
  'unreachable',
  'quota',
  'gpu-memory',
  'device-lost',
  'corrupt-file',
  'folder-needed',
  'worker-crashed',
  'unknown',
] as const;
export type SegmentErrorKind = (typeof SEGMENT_ERROR_KINDS)[number];

const segmentErrors = workerErrors('SegmentError:', SEGMENT_ERROR_KINDS);
/** An error the worker throws, its kind carried across comlink in the name. */
export const segmentError = segmentErrors.make;
/** The kind the segment worker gave an error, or null for an error that did not come from it. */
export const segmentErrorKind = segmentErrors.kindOf;

export interface SegmentApi {
  load(request: SegmentLoadRequest, onEvent: (event: LoadEvent) => void): Promise<SegmentLoaded>;
  /** Runs the image encoder unless this image's embedding is cached. */
  encode(imageId: string, image: Blob): Promise<SegmentEncoded>;
  /** encode() at low priority: after any encode or decode asked for since. Never throws. */
  prefetch(imageId: string, image: Blob): Promise<void>;
  decode(imageId: string, prompt: SegmentPrompt): Promise<SegmentMask>;
  /** Drops the sessions and the cached embeddings. */
  dispose(): Promise<void>;
  ping(): boolean;
}
