import { describe, expect, it } from 'vitest';
import { adapterIdentity, chooseRuntime, isSoftwareAdapter } from './device-choice';
import {
  DEFAULT_MODEL,
  findModel,
  graphFilesFor,
  MODELS,
  requiredFiles,
  SEGMENT_MODELS,
} from './models';

describe('model manifest', () => {
  it('pins a full 40-hex revision for every model', () => {
    for (const m of MODELS) expect(m.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it('pins a full 40-hex revision for every segmentation model, so a moved branch cannot swap files', () => {
    for (const m of SEGMENT_MODELS) expect(m.revision, m.id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names graph files the way transformers.js looks them up, external data included', () => {
    expect(graphFilesFor('q4').map((f) => f.path)).toEqual([
      'onnx/embed_tokens_q4.onnx',
      'onnx/embed_tokens_q4.onnx_data',
      'onnx/vision_encoder_q4.onnx',
      'onnx/vision_encoder_q4.onnx_data',
      'onnx/decoder_model_merged_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx_data',
    ]);
    expect(graphFilesFor('fp32')[0]!.path).toBe('onnx/embed_tokens.onnx');
  });

  it('knows the exact q4 download of the default model (≈1.52 GB)', () => {
    const total = DEFAULT_MODEL.graphFiles('q4').reduce((n, f) => n + (f.bytes ?? 0), 0);
    expect(total).toBe(1_520_859_938);
  });

  it('lists the files a local folder must contain', () => {
    const files = requiredFiles(DEFAULT_MODEL, DEFAULT_MODEL.dtypes.webgpu);
    expect(files).toContain('chat_template.jinja');
    expect(files).toContain('onnx/decoder_model_merged_q4.onnx_data');
    expect(files).not.toContain('onnx/decoder_model_merged_q4f16.onnx');
    expect(findModel(DEFAULT_MODEL.id)).toBe(DEFAULT_MODEL);
    expect(findModel('nope/nope')).toBeUndefined();
  });
});

describe('chooseRuntime', () => {
  const model = DEFAULT_MODEL;

  it('picks q4f16 on WebGPU with shader-f16, q4 without, WASM without WebGPU', () => {
    expect(chooseRuntime(model, { webgpu: true, shaderF16: true })).toMatchObject({
      device: 'webgpu',
      reason: 'webgpu-f16',
      dtypes: { decoder_model_merged: 'q4f16' },
    });
    expect(chooseRuntime(model, { webgpu: true, shaderF16: false })).toMatchObject({
      device: 'webgpu',
      reason: 'webgpu-no-f16',
      dtypes: { decoder_model_merged: 'q4' },
      slow: false,
    });
    expect(chooseRuntime(model, { webgpu: false, shaderF16: false })).toMatchObject({
      device: 'wasm',
      reason: 'no-webgpu',
      slow: true,
    });
  });

  it('prefers WASM over a software WebGPU adapter unless WebGPU is asked for (issue 15 item 9)', () => {
    const swiftshader = { webgpu: true, shaderF16: false, software: true };
    expect(chooseRuntime(model, swiftshader)).toMatchObject({
      device: 'wasm',
      reason: 'software-webgpu',
    });
    expect(chooseRuntime(model, swiftshader, 'webgpu')).toMatchObject({ device: 'webgpu' });
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ada' })).toBe(false);
  });

  it('reads an adapter the way GPUAdapterInfo gives it: getters on the prototype', () => {
    class Info {
      get vendor() {
        return 'google';
      }
      get architecture() {
        return 'swiftshader';
      }
    }
    const adapter = { info: new Info(), isFallbackAdapter: false };
    expect(isSoftwareAdapter(adapterIdentity(adapter))).toBe(true);
    expect(adapterIdentity({ info: { vendor: 'nvidia' } })).toEqual({
      vendor: 'nvidia',
      isFallbackAdapter: false,
    });
  });

  it('honours a user override, and says when WebGPU was asked for but is missing', () => {
    expect(chooseRuntime(model, { webgpu: true, shaderF16: true }, 'wasm')).toMatchObject({
      device: 'wasm',
      reason: 'user-wasm',
    });
    expect(chooseRuntime(model, { webgpu: false, shaderF16: false }, 'webgpu')).toMatchObject({
      device: 'wasm',
      reason: 'user-webgpu-unavailable',
    });
  });
});
