/** How many images the in-browser model takes per generation: worked out (Auto) or the user's number. */
export type ImagesAtOnce = 'auto' | number;

export const MAX_IMAGES_AT_ONCE = 16;

/** KV cache per token of the 2B decoder in float32: 28 layers × key and value × 8 heads × 128 (qwen3vl.md §3). */
const CACHE_BYTES_PER_TOKEN = 28 * 2 * 8 * 128 * 4;
/** Prompt text and answer around the image tokens, generously. */
const OTHER_TOKENS = 400;
const GiB = 2 ** 30;

export interface DeviceRoom {
  device: 'webgpu' | 'wasm';
  /** navigator.deviceMemory (GiB of RAM, capped at 8 by browsers), when the browser tells. */
  memoryGiB?: number;
  maxImageTokens: number;
}

/**
 * Auto: as many images as their KV caches fit into the room the model leaves. WebAssembly has one
 * 4 GiB heap, ≈ 1.5 GB of it weights and up to 0.5 GB prefill logits: 1 GiB for caches. On WebGPU
 * the GPU's memory is not visible to a page; a quarter of the device's RAM hint stands in for it.
 */
export function autoImagesAtOnce(room: DeviceRoom): number {
  const perImage = (room.maxImageTokens + OTHER_TOKENS) * CACHE_BYTES_PER_TOKEN;
  const budget = room.device === 'wasm' ? GiB : (Math.min(room.memoryGiB ?? 4, 8) * GiB) / 4;
  const ceiling = room.device === 'wasm' ? 8 : MAX_IMAGES_AT_ONCE;
  return Math.max(1, Math.min(ceiling, Math.floor(budget / perImage)));
}

export function imagesAtOnce(setting: ImagesAtOnce, room: DeviceRoom): number {
  return setting === 'auto' ? autoImagesAtOnce(room) : setting;
}

export function isImagesAtOnce(value: unknown): value is ImagesAtOnce {
  return (
    value === 'auto' ||
    (typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 1 &&
      value <= MAX_IMAGES_AT_ONCE)
  );
}
