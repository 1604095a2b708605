/**
 * The models Annota can load, as data. The UI lists these; users can also name any repo id in the same
 * transformers.js layout, a mirror base URL, or a local folder (see ModelSource in workers/).
 * Facts and their confidence: ../shared/qwen3vl.md (§1 files and sizes, §3 configuration).
 */
export type SessionName = 'embed_tokens' | 'vision_encoder' | 'decoder_model_merged';
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
export type SessionDtypes = Record<SessionName, ModelDtype>;

export interface ModelFile {
  path: string;
  /** Exact size when known from the pinned revision; omitted when unconfirmed. */
  bytes?: number;
}

export interface ModelEntry {
  id: string;
  label: string;
  revision: string;
  licence: string;
  /** Per-session dtypes for each runtime, best first. */
  dtypes: {
    /** WebGPU with shader-f16. */
    webgpuF16: SessionDtypes;
    /** WebGPU without shader-f16. */
    webgpu: SessionDtypes;
    /** No WebGPU: onnxruntime-web's WASM backend (slow: minutes per image). */
    wasm: SessionDtypes;
  };
  /** Files shared by every dtype (configs, tokenizer, template). */
  commonFiles: ModelFile[];
  /** Graph files per dtype suffix, as transformers.js names them. */
  graphFiles: (dtype: ModelDtype) => ModelFile[];
  /** Approximate total download for the default dtype choice, in bytes. */
  approxBytes: Partial<Record<ModelDtype, number>>;
  notes: string;
}

export const SESSIONS: readonly SessionName[] = [
  'embed_tokens',
  'vision_encoder',
  'decoder_model_merged',
];

/** transformers.js file suffix per dtype. */
export const DTYPE_SUFFIX: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

const uniform = (dtype: ModelDtype): SessionDtypes => ({
  embed_tokens: dtype,
  vision_encoder: dtype,
  decoder_model_merged: dtype,
});

/** Exact q4 sizes at the pinned revision (qwen3vl.md §1). */
const Q4_SIZES: Record<string, number> = {
  'onnx/embed_tokens_q4.onnx': 857,
  'onnx/embed_tokens_q4.onnx_data': 199_340_032,
  'onnx/vision_encoder_q4.onnx': 338_758,
  'onnx/vision_encoder_q4.onnx_data': 217_952_256,
  'onnx/decoder_model_merged_q4.onnx': 597_123,
  'onnx/decoder_model_merged_q4.onnx_data': 1_102_630_912,
};

export function graphFilesFor(dtype: ModelDtype, sizes: Record<string, number> = {}): ModelFile[] {
  return SESSIONS.flatMap((session) => {
    const base = `onnx/${session}${DTYPE_SUFFIX[dtype]}.onnx`;
    return [base, `${base}_data`].map((path) =>
      sizes[path] ? { path, bytes: sizes[path] } : { path },
    );
  });
}

export const QWEN3_VL_2B: ModelEntry = {
  id: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
  label: 'Qwen3-VL 2B Instruct',
  revision: '3e4136ea66ae6e07c110e64fe07da2e029517ab5',
  licence: 'Apache-2.0',
  dtypes: { webgpuF16: uniform('q4f16'), webgpu: uniform('q4'), wasm: uniform('q4') },
  commonFiles: [
    { path: 'config.json', bytes: 1961 },
    { path: 'generation_config.json' },
    { path: 'tokenizer.json' },
    { path: 'tokenizer_config.json' },
    { path: 'preprocessor_config.json', bytes: 336 },
    { path: 'processor_config.json' },
    { path: 'chat_template.jinja', bytes: 5292 },
  ],
  graphFiles: (dtype) => graphFilesFor(dtype, dtype === 'q4' ? Q4_SIZES : {}),
  approxBytes: { q4: 1_521_000_000, q4f16: 1_370_000_000 },
  notes:
    'DeepStack features are dropped in this ONNX export: fine detail and grounding are somewhat weaker than the PyTorch model. The 2B model miscounts and misses small objects — review its boxes.',
};

export const MODELS: readonly ModelEntry[] = [QWEN3_VL_2B];
export const DEFAULT_MODEL = QWEN3_VL_2B;

export function findModel(id: string): ModelEntry | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Files a loader must find for a dtype choice — the local-folder check lists what is missing. */
export function requiredFiles(
  entry: Pick<ModelEntry, 'commonFiles' | 'graphFiles'>,
  dtypes: SessionDtypes,
): string[] {
  const graphs = SESSIONS.flatMap((session) =>
    entry
      .graphFiles(dtypes[session])
      .filter((f) => f.path.startsWith(`onnx/${session}${DTYPE_SUFFIX[dtypes[session]]}.`)),
  ).map((f) => f.path);
  return [...entry.commonFiles.map((f) => f.path), ...graphs];
}

/** Sizes the manifest knows for a dtype choice, by path: where download progress starts from. */
export function expectedSizes(
  entry: Pick<ModelEntry, 'commonFiles' | 'graphFiles'>,
  dtypes: SessionDtypes,
): Map<string, number> {
  const wanted = new Set(requiredFiles(entry, dtypes));
  const files = [
    ...entry.commonFiles,
    ...SESSIONS.flatMap((session) => entry.graphFiles(dtypes[session])),
  ];
  return new Map(
    files
      .filter((f): f is Required<ModelFile> => wanted.has(f.path) && f.bytes !== undefined)
      .map((f) => [f.path, f.bytes]),
  );
}

/**
 * SAM-class models for click-to-segment (issue 19): an image encoder run once per image and a
 * prompt decoder run per click, as transformers.js's SamModel / Sam2Model classes load them.
 */
export type SegmentSessionName = 'vision_encoder' | 'prompt_encoder_mask_decoder';
export type SegmentSessionDtypes = Record<SegmentSessionName, ModelDtype>;
/** Which transformers.js class family reads the export: SAM (one embedding) or SAM 2 (three levels). */
export type SegmentFamily = 'sam' | 'sam2';

export const SEGMENT_SESSIONS: readonly SegmentSessionName[] = [
  'vision_encoder',
  'prompt_encoder_mask_decoder',
];

export interface SegmentModelEntry {
  id: string;
  label: string;
  revision: string;
  licence: string;
  family: SegmentFamily;
  dtypes: {
    webgpuF16: SegmentSessionDtypes;
    webgpu: SegmentSessionDtypes;
    wasm: SegmentSessionDtypes;
  };
  commonFiles: ModelFile[];
  graphFiles: (dtype: ModelDtype) => ModelFile[];
  approxBytes: Partial<Record<ModelDtype, number>>;
  notes: string;
}

const segmentUniform = (dtype: ModelDtype): SegmentSessionDtypes => ({
  vision_encoder: dtype,
  prompt_encoder_mask_decoder: dtype,
});

/** SAM exports are single-file graphs (no .onnx_data): they are far under protobuf's 2 GB limit. */
const segmentGraphs = (dtype: ModelDtype): ModelFile[] =>
  SEGMENT_SESSIONS.map((session) => ({ path: `onnx/${session}${DTYPE_SUFFIX[dtype]}.onnx` }));

const SEGMENT_COMMON: ModelFile[] = [
  { path: 'config.json' },
  { path: 'preprocessor_config.json' },
];

/**
 * EdgeTAM (SAM 2 family, RepViT backbone): the smallest that segments well. The revision is the
 * one a public copy of this export names; sizes are not confirmed here (no Hub access), so
 * download progress counts up without a known total.
 */
export const EDGETAM: SegmentModelEntry = {
  id: 'onnx-community/EdgeTAM-ONNX',
  label: 'EdgeTAM',
  revision: '9c77c7bff7fd0f3079585fa17af7f730ddc531ed',
  licence: 'Apache-2.0',
  family: 'sam2',
  // No shader-f16 → fp32 everywhere but a GPU that has it; WASM runs fp32 (fp16 there is emulated).
  dtypes: {
    webgpuF16: segmentUniform('fp16'),
    webgpu: segmentUniform('fp32'),
    wasm: segmentUniform('fp32'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphs,
  approxBytes: { fp16: 28_000_000, fp32: 56_000_000 },
  notes: 'Encoder about 1 s per image on WebAssembly, decoder about 0.1 s per click (published figures).',
};

export const SAM2_1_HIERA_TINY: SegmentModelEntry = {
  id: 'onnx-community/sam2.1-hiera-tiny-ONNX',
  label: 'SAM 2.1 Hiera tiny',
  revision: 'main',
  licence: 'Apache-2.0',
  family: 'sam2',
  dtypes: {
    webgpuF16: segmentUniform('fp16'),
    webgpu: segmentUniform('fp32'),
    wasm: segmentUniform('fp32'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphs,
  approxBytes: { q4f16: 28_000_000 },
  notes: 'Sharper masks than EdgeTAM at about twice its encoder time.',
};

export const SLIMSAM: SegmentModelEntry = {
  id: 'Xenova/slimsam-77-uniform',
  label: 'SlimSAM 77 (SAM)',
  revision: 'main',
  licence: 'Apache-2.0',
  family: 'sam',
  dtypes: {
    webgpuF16: segmentUniform('fp16'),
    webgpu: segmentUniform('fp32'),
    wasm: segmentUniform('q8'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphs,
  approxBytes: { q8: 14_000_000, fp32: 40_000_000 },
  notes: 'The original SAM decoder, pruned encoder: the fallback where SAM 2 graphs do not run.',
};

export const SEGMENT_MODELS: readonly SegmentModelEntry[] = [EDGETAM, SAM2_1_HIERA_TINY, SLIMSAM];
export const DEFAULT_SEGMENT_MODEL = EDGETAM;

export function findSegmentModel(id: string): SegmentModelEntry | undefined {
  return SEGMENT_MODELS.find((m) => m.id === id);
}
