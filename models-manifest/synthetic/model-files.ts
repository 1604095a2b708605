import type { SyntheticDims } from './dims.ts';
import { VOCAB_SIZE } from './dims.ts';

/** Token ids of the real Qwen3-VL vocabulary (qwen3vl.md §3). */
export const TokenId = {
  endOfText: 151643,
  imStart: 151644,
  imEnd: 151645,
  visionStart: 151652,
  visionEnd: 151653,
  visionPad: 151654,
  imagePad: 151655,
  videoPad: 151656,
} as const;

/** config.json: the real structure and token ids; sizes follow the chosen dims. */
export function modelConfig(
  dims: SyntheticDims,
  synthetic: Record<string, unknown>,
): Record<string, unknown> {
  return {
    architectures: ['Qwen3VLForConditionalGeneration'],
    image_token_id: TokenId.imagePad,
    model_type: 'qwen3_vl',
    text_config: {
      attention_bias: false,
      attention_dropout: 0,
      bos_token_id: TokenId.endOfText,
      dtype: 'bfloat16',
      eos_token_id: TokenId.imEnd,
      head_dim: dims.headDim,
      hidden_act: 'silu',
      hidden_size: dims.hiddenSize,
      initializer_range: 0.02,
      intermediate_size: dims.intermediateSize,
      max_position_embeddings: 262144,
      model_type: 'qwen3_vl_text',
      num_attention_heads: dims.attentionHeads,
      num_hidden_layers: dims.layers,
      num_key_value_heads: dims.keyValueHeads,
      rms_norm_eps: 1e-6,
      rope_scaling: {
        mrope_interleaved: true,
        mrope_section: dims.mropeSection,
        rope_type: 'default',
      },
      rope_theta: 5000000,
      tie_word_embeddings: true,
      use_cache: true,
      vocab_size: VOCAB_SIZE,
    },
    tie_word_embeddings: true,
    transformers_version: '4.57.0',
    video_token_id: TokenId.videoPad,
    vision_config: {
      deepstack_visual_indexes: [],
      depth: dims.visionDepth,
      hidden_act: 'gelu_pytorch_tanh',
      hidden_size: dims.visionHiddenSize,
      in_channels: 3,
      initializer_range: 0.02,
      intermediate_size: dims.visionIntermediateSize,
      model_type: 'qwen3_vl',
      num_heads: dims.visionHeads,
      out_hidden_size: dims.hiddenSize,
      patch_size: 16,
      spatial_merge_size: 2,
      temporal_patch_size: 2,
    },
    vision_end_token_id: TokenId.visionEnd,
    vision_start_token_id: TokenId.visionStart,
    annota_synthetic: synthetic,
  };
}

/** generation_config.json: sampling on by default, like the real one (trap §4.3). */
export const generationConfig = {
  bos_token_id: TokenId.endOfText,
  do_sample: true,
  eos_token_id: [TokenId.imEnd, TokenId.endOfText],
  pad_token_id: TokenId.endOfText,
  repetition_penalty: 1.0,
  temperature: 0.7,
  top_k: 20,
  top_p: 0.8,
  transformers_version: '4.57.0',
};

/** preprocessor_config.json: the real eight keys, deliberately without `do_normalize` (trap §4.1). */
export const preprocessorConfig = {
  image_mean: [0.5, 0.5, 0.5],
  image_processor_type: 'Qwen2VLImageProcessorFast',
  image_std: [0.5, 0.5, 0.5],
  merge_size: 2,
  patch_size: 16,
  processor_class: 'Qwen3VLProcessor',
  size: { longest_edge: 16777216, shortest_edge: 65536 },
  temporal_patch_size: 2,
};

/** processor_config.json: transformers.js ignores it, which is the point of trap §4.1. */
export const processorConfig = {
  image_processor: {
    ...preprocessorConfig,
    do_normalize: true,
    do_rescale: true,
    rescale_factor: 1 / 255,
  },
  processor_class: 'Qwen3VLProcessor',
};
