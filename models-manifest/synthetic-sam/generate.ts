import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { samConfig, samPreprocessorConfig } from './files.ts';
import { samPromptDecoder, samVisionEncoder } from './graphs.ts';
import * as rule from './rule.ts';

/** Every file the synthetic SAM writes, by path inside its folder (fp32 only, like EdgeTAM's). */
export const SYNTHETIC_SAM_FILES = [
  'config.json',
  'preprocessor_config.json',
  'onnx/vision_encoder.onnx',
  'onnx/vision_encoder.onnx_data',
  'onnx/prompt_encoder_mask_decoder.onnx',
  'onnx/prompt_encoder_mask_decoder.onnx_data',
] as const;

/** Writes a synthetic SAM (EdgeTAM layout) into `out`: a few hundred kB, in well under a second. */
export async function writeSyntheticSam(out: string): Promise<void> {
  await mkdir(join(out, 'onnx'), { recursive: true });
  const { SAM_INPUT, FINE_GRID, COARSE_GRID, COLOUR_THRESHOLD, COARSE_STEPS, FINE_STEPS } = rule;
  const described = {
    kind: 'synthetic-sam',
    rule: { SAM_INPUT, FINE_GRID, COARSE_GRID, COLOUR_THRESHOLD, COARSE_STEPS, FINE_STEPS },
  };
  await writeFile(join(out, 'config.json'), JSON.stringify(samConfig(described), null, 2));
  await writeFile(
    join(out, 'preprocessor_config.json'),
    JSON.stringify(samPreprocessorConfig, null, 2),
  );
  samVisionEncoder().write(join(out, 'onnx/vision_encoder.onnx'));
  samPromptDecoder().write(join(out, 'onnx/prompt_encoder_mask_decoder.onnx'));
}
