export { loadQwen3VL, DEFAULT_MAX_IMAGE_TOKENS, type Qwen3VLHandle } from './load.ts';
export { ORT_WASM_FILES } from './ort-files.ts';
export { generate } from './generate.ts';
export { generateBatch, type BatchItem, type BatchOptions } from './generate-batch.ts';
export { bitmapToRawImage } from './bitmap-image.ts';
export type * from './types.ts';
export { SESSION_NAMES } from './types.ts';
