import {
  env,
  Qwen3VLForConditionalGeneration,
  type PreTrainedModel,
  type Processor,
} from '@huggingface/transformers';
import { loadProcessor } from '../transformers-env.ts';
import { SESSION_NAMES, type LoadOptions, type LoadProgress, type ModelSource } from './types.ts';

/** Default image-token budget: the top of Qwen's suggested 256–1280 range, minus headroom. */
export const DEFAULT_MAX_IMAGE_TOKENS = 1024;
/** One image token covers a 32×32 pixel block (patch 16 × merge 2). */
export const PIXELS_PER_IMAGE_TOKEN = 32 * 32;

export interface Qwen3VLHandle {
  model: PreTrainedModel;
  processor: Processor;
  /** Contents of chat_template.jinja (trap §4.2). */
  chatTemplate: string;
  maxImageTokens: number;
}

function isUrl(location: string): boolean {
  return /^https?:\/\//.test(location);
}

/** Reads chat_template.jinja from wherever the model comes from. */
async function loadChatTemplate(source: ModelSource): Promise<string> {
  let url: string;
  if (source.kind === 'hub') {
    const path = env.remotePathTemplate
      .replaceAll('{model}', source.modelId)
      .replaceAll('{revision}', encodeURIComponent(source.revision));
    url = `${env.remoteHost.replace(/\/$/, '')}/${path.replace(/^\//, '')}chat_template.jinja`;
  } else if (isUrl(source.location)) {
    url = `${source.location.replace(/\/$/, '')}/chat_template.jinja`;
  } else {
    // A filesystem folder only exists in Node; the specifier is hidden from browser bundlers.
    const fsModule = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    return fs.readFile(`${source.location.replace(/\/$/, '')}/chat_template.jinja`, 'utf8');
  }
  const response = await fetchThroughCache(url);
  if (!response.ok) throw new Error(`chat_template.jinja: HTTP ${response.status} for ${url}`);
  return response.text();
}

/**
 * The template is not a file transformers.js fetches, so it is cached here the way transformers.js
 * caches its own files (same Cache Storage bucket, keyed by URL): offline use needs it too.
 */
async function fetchThroughCache(url: string): Promise<Response> {
  const network = (env as { fetch?: typeof fetch }).fetch ?? fetch;
  const cache =
    env.useBrowserCache && typeof caches !== 'undefined' ? await caches.open(env.cacheKey) : null;
  const cached = await cache?.match(url);
  if (cached) return cached;
  const response = await network(url);
  if (response.ok && cache) await cache.put(url, response.clone());
  return response;
}

/**
 * Loads processor, sessions and chat template, then repairs what the real export leaves out:
 * pixel normalisation (trap §4.1) and the template file (trap §4.2).
 */
export async function loadQwen3VL(
  options: LoadOptions,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Qwen3VLHandle> {
  const { processor, options: pretrained } = await loadProcessor(
    options.source,
    options.wasmPaths,
    onProgress,
  );
  const { name, revision, progress_callback } = pretrained;
  const model = await Qwen3VLForConditionalGeneration.from_pretrained(name, {
    revision,
    progress_callback,
    device: options.device,
    dtype: options.dtype ?? 'q4',
    // Every session of the real export keeps its weights in a .onnx_data file (qwen3vl.md §1).
    use_external_data_format: Object.fromEntries(SESSION_NAMES.map((session) => [session, 1])),
  });
  const chatTemplate = await loadChatTemplate(options.source);

  const imageProcessor = (processor as unknown as { image_processor: Record<string, unknown> })
    .image_processor;
  imageProcessor.do_normalize = true;
  imageProcessor.do_rescale = true;
  imageProcessor.rescale_factor ??= 1 / 255;

  return {
    model,
    processor,
    chatTemplate,
    maxImageTokens: options.maxImageTokens ?? DEFAULT_MAX_IMAGE_TOKENS,
  };
}
