import { AutoProcessor, env, type Processor, type ProgressInfo } from '@huggingface/transformers';
import { ORT_WASM_FILES } from './qwen3vl/ort-files.ts';
import type { LoadProgress, ModelSource } from './qwen3vl/types.ts';

/**
 * Points transformers.js at where a model comes from (the Hub or a mirror with its layout, or a
 * folder) and at the self-hosted onnxruntime-web files. Shared by every model the workers load.
 */
export function configureEnvironment(source: ModelSource, wasmPaths?: string): void {
  if (source.kind === 'hub') {
    env.allowRemoteModels = true;
    if (source.hubUrl) env.remoteHost = source.hubUrl;
  } else {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  }
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown } };
  if (wasmPaths && onnx.wasm) {
    // The asyncify build is the one transformers.js would otherwise fetch from a CDN (trap §4.4).
    const folder = wasmPaths.endsWith('/') ? wasmPaths : `${wasmPaths}/`;
    onnx.wasm.wasmPaths = {
      mjs: `${folder}${ORT_WASM_FILES.mjs}`,
      wasm: `${folder}${ORT_WASM_FILES.wasm}`,
    };
  }
}

/** The name transformers.js loads from; folders are passed whole so no hub id lookup happens. */
export function modelName(source: ModelSource): string {
  return source.kind === 'hub' ? source.modelId : source.location;
}

export function toLoadProgress(info: ProgressInfo): LoadProgress {
  const raw = info as Partial<
    Record<'status' | 'file', string> & Record<'progress' | 'loaded' | 'total', number>
  >;
  const out: LoadProgress = { status: raw.status ?? 'unknown' };
  if (raw.file !== undefined) out.file = raw.file;
  if (raw.progress !== undefined) out.progress = raw.progress;
  if (raw.loaded !== undefined) out.loaded = raw.loaded;
  if (raw.total !== undefined) out.total = raw.total;
  return out;
}

/** What every model load passes transformers.js: the name, revision and progress callback. */
export interface PretrainedOptions {
  name: string;
  revision: string;
  progress_callback?: (info: ProgressInfo) => void;
}

/**
 * Points transformers.js at the source and loads the model's processor; the options it returns
 * load the model's sessions from the same place.
 */
export async function loadProcessor(
  source: ModelSource,
  wasmPaths: string | undefined,
  onProgress?: (progress: LoadProgress) => void,
): Promise<{ processor: Processor; options: PretrainedOptions }> {
  configureEnvironment(source, wasmPaths);
  const name = modelName(source);
  const revision = source.kind === 'hub' ? source.revision : 'main';
  const progress_callback = onProgress
    ? (info: ProgressInfo) => onProgress(toLoadProgress(info))
    : undefined;
  const processor = await AutoProcessor.from_pretrained(name, { revision, progress_callback });
  return { processor, options: { name, revision, progress_callback } };
}
