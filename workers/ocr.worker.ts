/// <reference lib="webworker" />
/**
 * The OCR worker: PP-OCRv4 (detector, angle classifier, recogniser) on onnxruntime-web, WebGPU
 * when the browser has it, else WebAssembly. Loaded on first use only.
 */
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
// The same self-hosted ORT runtime files as the inference worker, so nothing comes from a CDN.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { adapterIdentity, isSoftwareAdapter } from '../src/model/device-choice';
import { recognizePage, type OcrSession, type OcrSessions } from './ocr/engine';
import { cachedBytes } from './ocr/model-cache';
import { PPOCR_FILES, PPOCR_FOLDER, PPOCR_MODEL_ID, PPOCR_REVISION } from './ocr/model-files';
import { recognizerAlphabet } from './ocr/recognize';
import type {
  OcrApi,
  OcrBackend,
  OcrLoaded,
  OcrLoadEvent,
  OcrRequest,
  OcrResult,
} from './ocr.protocol';

ort.env.wasm.wasmPaths = {
  mjs: new URL(ortMjsUrl, self.location.href).href,
  wasm: new URL(ortWasmUrl, self.location.href).href,
};

let loaded: Promise<{ sessions: OcrSessions; info: OcrLoaded }> | null = null;

/**
 * WebGPU when the machine has a real one; a software adapter (SwiftShader, WARP…) runs PP-OCR
 * several times slower than WebAssembly (bench/results/ocr-browser.json), so "auto" skips it.
 */
async function pickBackend(wanted: OcrBackend | 'auto'): Promise<OcrBackend> {
  if (wanted !== 'auto') return wanted;
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<object | null> } }).gpu;
  if (!gpu) return 'wasm';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter && !isSoftwareAdapter(adapterIdentity(adapter)) ? 'webgpu' : 'wasm';
  } catch {
    return 'wasm';
  }
}

async function createSession(bytes: ArrayBuffer, backend: OcrBackend): Promise<OcrSession> {
  const session = await ort.InferenceSession.create(new Uint8Array(bytes), {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  return async (tensor) => {
    const result = await session.run({
      [input]: new ort.Tensor('float32', tensor.data, [...tensor.dims]),
    });
    const out = result[output]!;
    const data = (await out.getData()) as Float32Array;
    return { data, dims: out.dims };
  };
}

async function loadAll(
  wanted: OcrBackend | 'auto',
  onEvent: (event: OcrLoadEvent) => void,
): Promise<{ sessions: OcrSessions; info: OcrLoaded }> {
  const started = performance.now();
  const url = (file: string) =>
    new URL(`${import.meta.env.BASE_URL}${PPOCR_FOLDER}/${file}`, self.location.origin).href;
  const fetchFile = (file: string) =>
    cachedBytes(url(file), (done, total) => onEvent({ file, loaded: done, total }));
  const [det, cls, rec, keys] = await Promise.all([
    fetchFile(PPOCR_FILES.detect),
    fetchFile(PPOCR_FILES.classify),
    fetchFile(PPOCR_FILES.recognize),
    fetchFile(PPOCR_FILES.keys),
  ]);
  const create = async (backend: OcrBackend) => ({
    backend,
    detect: await createSession(det, backend),
    classify: await createSession(cls, backend),
    recognize: await createSession(rec, backend),
  });
  let built;
  const backend = await pickBackend(wanted);
  try {
    built = await create(backend);
  } catch (error) {
    // A GPU that offers WebGPU but cannot run these graphs still leaves WebAssembly.
    if (backend === 'wasm') throw error;
    built = await create('wasm');
  }
  return {
    sessions: { ...built, alphabet: recognizerAlphabet(new TextDecoder().decode(keys)) },
    info: {
      backend: built.backend,
      modelId: PPOCR_MODEL_ID,
      revision: PPOCR_REVISION,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

function load(
  backend: OcrBackend | 'auto',
  onEvent: (event: OcrLoadEvent) => void,
): Promise<{ sessions: OcrSessions; info: OcrLoaded }> {
  loaded ??= loadAll(backend, onEvent).catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

function pixels(image: ImageBitmap) {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  image.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

const api: OcrApi = {
  async load(backend, onEvent) {
    return (await load(backend, onEvent)).info;
  },
  async recognize(request: OcrRequest): Promise<OcrResult> {
    const { sessions, info } = await load(request.backend, () => {});
    const page = await recognizePage(pixels(request.image), sessions);
    return { ...page, backend: info.backend };
  },
};

expose(api);
