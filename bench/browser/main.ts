/**
 * The bench page for `npm run bench -- model-path-browser`: the app's pre-annotation path for one
 * image — decode and bounded resize on the page (src/media/model-input.ts), prompt, the model in a Web
 * Worker, parseTaskAnswer, applyModelAnswer and the IndexedDB write through the store (as
 * src/ui/views/image-page.svelte.ts saves a model answer) — with each step timed.
 */
import { applyModelAnswer } from '../../src/ai/apply-answer';
import { modelInputBitmap } from '../../src/media/model-input';
import { buildTaskPrompt, defaultTaskOptions, parseTaskAnswer, taskFor } from '../../src/ai/tasks';
import { newId, type ImageItem, type Project } from '../../src/domain';
import { openStore, type Store } from '../../src/store';
import type { AnnotateRequest } from '../../workers/inference.protocol.ts';
import type {
  BenchPageApi,
  ImageTimings,
  PageEnvironment,
  WorkerReply,
  WorkerRequest,
} from './protocol.ts';

const DB_NAME = 'annota-bench-model-path';
const LABELS = ['cat', 'person'];

let worker: Worker | null = null;
let loadedModel: { id: string; revision: string } | null = null;
let storage: { store: Store; project: Project } | null = null;

/** A deterministic 0–1 generator (mulberry32), so every run draws the same pictures. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  return ctx;
}

/** A photo-like JPEG: gradient, shapes and grain, so it compresses and decodes like a photo would. */
async function photoJpeg(width: number, height: number, seed: number): Promise<Blob> {
  const next = random(seed);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = context2d(canvas);
  const sky = ctx.createLinearGradient(0, 0, width, height);
  sky.addColorStop(0, `hsl(${Math.round(next() * 360)}, 60%, 70%)`);
  sky.addColorStop(1, `hsl(${Math.round(next() * 360)}, 50%, 30%)`);
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 80; i++) {
    ctx.fillStyle = `hsla(${Math.round(next() * 360)}, 55%, ${Math.round(20 + next() * 60)}%, 0.8)`;
    ctx.beginPath();
    ctx.ellipse(
      next() * width,
      next() * height,
      10 + (next() * width) / 6,
      10 + (next() * height) / 6,
      next() * Math.PI,
      0,
      2 * Math.PI,
    );
    ctx.fill();
  }
  const tile = new OffscreenCanvas(128, 128);
  const grain = new ImageData(128, 128);
  for (let i = 0; i < grain.data.length; i += 4) {
    const v = Math.round(next() * 255);
    grain.data.set([v, v, v, 40], i);
  }
  context2d(tile).putImageData(grain, 0, 0);
  ctx.fillStyle = ctx.createPattern(tile, 'repeat')!;
  ctx.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

async function thumbnail(original: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(original, { resizeWidth: 160 });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  context2d(canvas).drawImage(bitmap, 0, 0);
  bitmap.close();
  return {
    blob: await canvas.convertToBlob({ type: 'image/webp' }),
    width: canvas.width,
    height: canvas.height,
  };
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function openBenchStore(): Promise<{ store: Store; project: Project }> {
  if (storage) return storage;
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  const store = await openStore({ name: DB_NAME });
  const project = await store.projects.create('model-path bench');
  storage = { store, project };
  return storage;
}

function send(message: WorkerRequest, transfer: Transferable[] = []): void {
  if (!worker) throw new Error('no worker: load first');
  worker.postMessage(message, transfer);
}

/** Waits for the worker's reply of the given kind; streamed text goes to onText. */
function receive<K extends WorkerReply['kind']>(
  kind: K,
  onText: (chunk: string) => void = () => undefined,
): Promise<Extract<WorkerReply, { kind: K }>> {
  const current = worker;
  if (!current) throw new Error('no worker: load first');
  return new Promise((resolve, reject) => {
    current.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'text') onText(reply.chunk);
      else if (reply.kind === 'error') reject(new Error(reply.error));
      else if (reply.kind === kind) resolve(reply as Extract<WorkerReply, { kind: K }>);
    };
    current.onerror = (event) => reject(new Error(event.message || 'worker failed'));
  });
}

async function environment(): Promise<PageEnvironment> {
  let webgpuAdapter: string | null = null;
  const gpu = (
    navigator as Navigator & {
      gpu?: {
        requestAdapter(): Promise<{
          info?: { vendor: string; architecture: string; description: string };
        } | null>;
      };
    }
  ).gpu;
  try {
    const adapter = await gpu?.requestAdapter();
    if (adapter) {
      const info = adapter.info;
      webgpuAdapter = info
        ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') ||
          'unnamed adapter'
        : 'adapter without info';
    }
  } catch {
    webgpuAdapter = null;
  }
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    webgpuAdapter,
  };
}

const api: BenchPageApi = {
  environment,

  async load({ device, dtype, modelId, revision, cacheReadback }) {
    await api.unload();
    worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    const loaded = receive('loaded');
    send({ kind: 'load', device, dtype, modelId, revision, cacheReadback });
    const reply = await loaded;
    loadedModel = { id: modelId, revision };
    return { seconds: reply.seconds, sessions: reply.sessions };
  },

  async annotate({ width, height, maxImageTokens, seed }) {
    if (!loadedModel) throw new Error('load the model first');
    const { store, project } = await openBenchStore();
    const original = await photoJpeg(width, height, seed);
    const now = Date.now();
    const image: ImageItem = {
      id: newId(),
      projectId: project.id,
      fileName: `bench-${seed}.jpg`,
      relativePath: `bench-${seed}.jpg`,
      mime: 'image/jpeg',
      byteSize: original.size,
      width,
      height,
      contentHash: await sha256(original),
      status: 'new',
      reviewReasons: [],
      createdAt: now,
      updatedAt: now,
    };
    await store.images.addMany(project.id, [
      { item: image, original, thumbnail: await thumbnail(original) },
    ]);

    // As src/ai/run-task.ts: prompt, then the bounded bitmap, then the worker.
    const size = { width, height };
    const schema = project.schema;
    const options = { ...defaultTaskOptions('detect', schema), labels: LABELS };
    const params = taskFor('detect').defaultParams;
    let started = performance.now();
    const prompt = buildTaskPrompt('detect', { image: size, schema, options }, 'en');
    const promptMs = performance.now() - started;

    started = performance.now();
    const bitmap = await modelInputBitmap(original, size, prompt.crop, maxImageTokens);
    const decodeResizeMs = performance.now() - started;

    started = performance.now();
    const request: AnnotateRequest = {
      image: bitmap,
      messages: prompt.messages,
      params,
      maxImageTokens,
      stop: taskFor('detect').stop,
    };
    let streamed = '';
    const answered = receive('answer', (chunk) => (streamed += chunk));
    send({ kind: 'annotate', request }, [bitmap]);
    const answer = await answered;
    const workerCallMs = performance.now() - started;
    if (!streamed) throw new Error('no text was streamed');

    started = performance.now();
    const result = parseTaskAnswer('detect', answer.text, answer.tokens, {
      image: size,
      schema,
      options,
      model: loadedModel,
      params,
      now: Date.now(),
      finish: answer.finish,
    });
    const parseMs = performance.now() - started;

    // The editor (or the batch runner) already holds the image's annotations: not timed.
    const current = await store.annotations.get(image.id, project.id);
    started = performance.now();
    const applied = applyModelAnswer(current, image, result, project.reviewThreshold, Date.now());
    const applyMs = performance.now() - started;

    started = performance.now();
    await store.annotations.putWithImage(applied.annotations, applied.image);
    const idbWriteMs = performance.now() - started;

    const saved = await store.annotations.get(image.id, project.id);
    const { timings } = answer;
    return {
      ...timings,
      decodeResizeMs: decodeResizeMs + timings.toRawImageMs,
      promptMs,
      messagingMs: workerCallMs - timings.workerMs,
      parseMs,
      applyMs,
      idbWriteMs,
      totalMs: promptMs + decodeResizeMs + workerCallMs + parseMs + applyMs + idbWriteMs,
      imageTokens: answer.imageTokens,
      newTokens: answer.tokens.length,
      regions: saved.regions.length,
      finish: answer.finish,
      jpegBytes: original.size,
    } satisfies ImageTimings;
  },

  async unload() {
    worker?.terminate();
    worker = null;
    loadedModel = null;
  },
};

declare global {
  interface Window {
    annotaBench: BenchPageApi;
  }
}

window.annotaBench = api;
