import { describe, expect, it } from 'vitest';
import { autoImagesAtOnce, imagesAtOnce, isImagesAtOnce } from './images-at-once';

describe('images at once', () => {
  it('fits fewer images into WebAssembly’s heap as the image-token budget grows', () => {
    expect(autoImagesAtOnce({ device: 'wasm', maxImageTokens: 1024 })).toBe(3);
    expect(autoImagesAtOnce({ device: 'wasm', maxImageTokens: 256 })).toBe(7);
    expect(autoImagesAtOnce({ device: 'wasm', maxImageTokens: 64 })).toBe(8);
    expect(autoImagesAtOnce({ device: 'wasm', maxImageTokens: 4096 })).toBe(1);
  });

  it('uses the device’s memory on WebGPU, capped at 16', () => {
    expect(autoImagesAtOnce({ device: 'webgpu', memoryGiB: 8, maxImageTokens: 1024 })).toBe(6);
    expect(autoImagesAtOnce({ device: 'webgpu', memoryGiB: 2, maxImageTokens: 1024 })).toBe(1);
    expect(autoImagesAtOnce({ device: 'webgpu', memoryGiB: 8, maxImageTokens: 64 })).toBe(16);
  });

  it('takes the user’s number as it is, and only sane values', () => {
    expect(imagesAtOnce(4, { device: 'wasm', maxImageTokens: 4096 })).toBe(4);
    expect(isImagesAtOnce('auto')).toBe(true);
    expect(isImagesAtOnce(16)).toBe(true);
    for (const bad of [0, 17, 2.5, '4', null]) expect(isImagesAtOnce(bad)).toBe(false);
  });
});
