import { COARSE_GRID, FINE_GRID, IMAGE_MEAN, IMAGE_STD, SAM_INPUT } from './rule.ts';

/**
 * config.json of an EdgeTAM export as transformers.js reads it: the model type picks EdgeTamModel
 * (a Sam2Model), and vision_config.num_feature_levels names the three image_embeddings.* inputs.
 * The other fields follow the transformers EdgeTAM config; transformers.js does not read them.
 */
export function samConfig(synthetic: Record<string, unknown>): Record<string, unknown> {
  return {
    architectures: ['EdgeTamModel'],
    model_type: 'edgetam',
    initializer_range: 0.02,
    mask_decoder_config: {
      hidden_size: 256,
      num_multimask_outputs: 3,
      iou_head_depth: 3,
      iou_head_hidden_dim: 256,
    },
    prompt_encoder_config: {
      hidden_size: 256,
      image_size: SAM_INPUT,
      patch_size: 16,
      mask_input_channels: 16,
      num_point_embeddings: 4,
    },
    vision_config: {
      model_type: 'edgetam_vision_model',
      num_feature_levels: 3,
      backbone_feature_sizes: [
        [FINE_GRID, FINE_GRID],
        [FINE_GRID / 2, FINE_GRID / 2],
        [COARSE_GRID, COARSE_GRID],
      ],
      fpn_hidden_size: 256,
    },
    transformers_version: '4.57.0',
    annota_synthetic: synthetic,
  };
}

/**
 * preprocessor_config.json: the SAM 2 processor stretches every image to 1024 × 1024 (no padding)
 * and normalises with ImageNet mean and std; post_process_masks undoes the stretch.
 */
export const samPreprocessorConfig = {
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [...IMAGE_MEAN],
  image_processor_type: 'Sam2ImageProcessorFast',
  image_std: [...IMAGE_STD],
  mask_size: { height: FINE_GRID, width: FINE_GRID },
  processor_class: 'Sam2Processor',
  resample: 2,
  rescale_factor: 1 / 255,
  size: { height: SAM_INPUT, width: SAM_INPUT },
};
