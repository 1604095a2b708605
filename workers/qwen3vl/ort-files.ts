/** onnxruntime-web files to self-host next to the app (from transformers.js' own onnxruntime-web). */
export const ORT_WASM_FILES = {
  mjs: 'ort-wasm-simd-threaded.asyncify.mjs',
  wasm: 'ort-wasm-simd-threaded.asyncify.wasm',
} as const;
