import type { ModelEntry, SessionDtypes } from './models';

export interface GpuCapabilities {
  webgpu: boolean;
  shaderF16: boolean;
  /** The adapter renders on the CPU (SwiftShader, llvmpipe, WARP, a fallback adapter). */
  software?: boolean;
}

/** What a WebGPU adapter says about itself (`GPUAdapter.info`, `isFallbackAdapter`). */
export interface AdapterIdentity {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE_RENDERERS =
  /swiftshader|llvmpipe|lavapipe|softpipe|software|warp|microsoft basic render/i;

/**
 * A software WebGPU adapter runs shaders on the CPU: on a machine without a GPU it is about 10×
 * slower than onnxruntime's WASM kernels (issue 15 item 9), so "best available" must not pick it.
 */
export function isSoftwareAdapter(adapter: AdapterIdentity): boolean {
  if (adapter.isFallbackAdapter) return true;
  return [adapter.vendor, adapter.architecture, adapter.device, adapter.description].some(
    (field) => typeof field === 'string' && SOFTWARE_RENDERERS.test(field),
  );
}

/** GPUAdapterInfo's fields are getters on its prototype: read them one by one. */
export function adapterIdentity(adapter: object): AdapterIdentity {
  const a = adapter as { info?: AdapterIdentity; isFallbackAdapter?: boolean };
  const info = a.info;
  return {
    ...(info?.vendor !== undefined ? { vendor: info.vendor } : {}),
    ...(info?.architecture !== undefined ? { architecture: info.architecture } : {}),
    ...(info?.device !== undefined ? { device: info.device } : {}),
    ...(info?.description !== undefined ? { description: info.description } : {}),
    isFallbackAdapter: a.isFallbackAdapter === true || info?.isFallbackAdapter === true,
  };
}

export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

export interface RuntimeChoice<D = SessionDtypes> {
  device: 'webgpu' | 'wasm';
  dtypes: D;
  /** Why this was chosen, for the Model panel. */
  reason:
    | 'webgpu-f16'
    | 'webgpu-no-f16'
    | 'no-webgpu'
    | 'software-webgpu'
    | 'user-wasm'
    | 'user-webgpu-unavailable';
  /** Say plainly when it will be slow. */
  slow: boolean;
}

/**
 * WebGPU with shader-f16 → q4f16; WebGPU without → q4; no WebGPU, or only a software one (unless
 * the user asks for WebGPU) → WASM. transformers.js only checks
 * shader-f16 for dtype fp16, not q4f16 (qwen3vl.md §4.6), so the check is ours.
 */
export function chooseRuntime<D = SessionDtypes>(
  model: Pick<ModelEntry<D>, 'dtypes'>,
  gpu: GpuCapabilities,
  preference: DevicePreference = 'auto',
): RuntimeChoice<D> {
  if (preference === 'wasm')
    return { device: 'wasm', dtypes: model.dtypes.wasm, reason: 'user-wasm', slow: true };
  if (!gpu.webgpu)
    return {
      device: 'wasm',
      dtypes: model.dtypes.wasm,
      reason: preference === 'webgpu' ? 'user-webgpu-unavailable' : 'no-webgpu',
      slow: true,
    };
  if (gpu.software && preference === 'auto')
    return { device: 'wasm', dtypes: model.dtypes.wasm, reason: 'software-webgpu', slow: true };
  if (gpu.shaderF16)
    return { device: 'webgpu', dtypes: model.dtypes.webgpuF16, reason: 'webgpu-f16', slow: false };
  return { device: 'webgpu', dtypes: model.dtypes.webgpu, reason: 'webgpu-no-f16', slow: false };
}
