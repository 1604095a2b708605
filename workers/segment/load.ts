import { AutoModel, type PreTrainedModel, type Processor } from '@huggingface/transformers';
import { loadProcessor } from '../transformers-env.ts';
import type { Device, Dtype, LoadProgress, ModelSource } from '../qwen3vl/types.ts';

/** The two sessions of a SAM-class export, as transformers.js names its files. */
export const SEGMENT_SESSION_FILES = ['vision_encoder', 'prompt_encoder_mask_decoder'] as const;

export interface SegmentLoadOptions {
  source: ModelSource;
  device: Device;
  /** One dtype for both sessions, or one per session (fp32 when left out). */
  dtype?: Dtype | Partial<Record<'vision_encoder' | 'prompt_encoder_mask_decoder', Dtype>>;
  /** Folder URL of the self-hosted onnxruntime-web files; never the CDN default. */
  wasmPaths?: string;
  /** The export keeps its weights in .onnx_data files (EdgeTAM does); false for single files. */
  externalData?: boolean;
}

export interface SegmentHandle {
  model: PreTrainedModel;
  processor: Processor;
  /** The model reads three image_embeddings.* levels (SAM 2, EdgeTAM) or one (SAM). */
  family: 'sam' | 'sam2';
}

/** Loads processor and both sessions with transformers.js's own SAM classes (AutoModel picks). */
export async function loadSegmentModel(
  options: SegmentLoadOptions,
  onProgress?: (progress: LoadProgress) => void,
): Promise<SegmentHandle> {
  const { processor, options: pretrained } = await loadProcessor(
    options.source,
    options.wasmPaths,
    onProgress,
  );
  const { name, revision, progress_callback } = pretrained;
  const external = options.externalData ?? true;
  const model = await AutoModel.from_pretrained(name, {
    revision,
    progress_callback,
    device: options.device,
    // Keyed by file name, as transformers.js reads per-session options.
    dtype: options.dtype ?? 'fp32',
    ...(external
      ? { use_external_data_format: { vision_encoder: 1, prompt_encoder_mask_decoder: 1 } }
      : {}),
  });
  const config = model.config as { model_type?: string };
  return { model, processor, family: config.model_type === 'sam' ? 'sam' : 'sam2' };
}
