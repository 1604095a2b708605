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

export interface ModelEntry<D = SessionDtypes> {
  id: string;
  label: string;
  revision: string;
  licence: string;
  /** Per-session dtypes for each runtime, best first. */
  dtypes: {
    /** WebGPU with shader-f16. */
    webgpuF16: D;
    /** WebGPU without shader-f16. */
    webgpu: D;
    /** No WebGPU: onnxruntime-web's WASM backend (slow: minutes per image). */
    wasm: D;
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
export function requiredFiles<S extends string>(
  entry: Pick<ModelEntry, 'commonFiles' | 'graphFiles'>,
  dtypes: Record<S, ModelDtype>,
): string[] {
  // The sessions are the dtype choice's keys: Qwen3-VL's three, or a SAM export's two.
  const graphs = sessionsOf(dtypes)
    .flatMap((session) =>
      entry
        .graphFiles(dtypes[session])
        .filter((f) => f.path.startsWith(`onnx/${session}${DTYPE_SUFFIX[dtypes[session]]}.`)),
    )
    .map((f) => f.path);
  return [...entry.commonFiles.map((f) => f.path), ...graphs];
}

function sessionsOf<S extends string>(dtypes: Record<S, ModelDtype>): S[] {
  return Object.keys(dtypes) as S[];
}

/** Sizes the manifest knows for a dtype choice, by path: where download progress starts from. */
export function expectedSizes<S extends string>(
  entry: Pick<ModelEntry, 'commonFiles' | 'graphFiles'>,
  dtypes: Record<S, ModelDtype>,
): Map<string, number> {
  const wanted = new Set(requiredFiles(entry, dtypes));
  const files = [
    ...entry.commonFiles,
    ...sessionsOf(dtypes).flatMap((session) => entry.graphFiles(dtypes[session])),
  ];
  return new Map(
    files
      .filter((f): f is Required<ModelFile> => wanted.has(f.path) && f.bytes !== undefined)
      .map((f) => [f.path, f.bytes]),
  );
}

/**
 * SAM-class models for click-to-segment (issue 19): an image encoder run once per image and a
 * prompt decoder run per click, as transformers.js's SamModel / Sam2Model (EdgeTamModel) load them.
 */
export type SegmentSessionName = 'vision_encoder' | 'prompt_encoder_mask_decoder';
export type SegmentSessionDtypes = Record<SegmentSessionName, ModelDtype>;

export interface SegmentModelEntry extends ModelEntry<SegmentSessionDtypes> {
  /** The transformers.js class family: SAM (one embedding) or SAM 2 / EdgeTAM (three levels). */
  family: 'sam' | 'sam2';
  /** Weights in .onnx_data files beside each graph (the EdgeTAM and SAM 2 exports). */
  externalData: boolean;
}

const segmentDtypes = (dtype: ModelDtype): SegmentSessionDtypes => ({
  vision_encoder: dtype,
  prompt_encoder_mask_decoder: dtype,
});

function segmentGraphFiles(
  externalData: boolean,
  sizes: Record<string, number> = {},
): (dtype: ModelDtype) => ModelFile[] {
  return (dtype) =>
    (['vision_encoder', 'prompt_encoder_mask_decoder'] as const).flatMap((session) => {
      const base = `onnx/${session}${DTYPE_SUFFIX[dtype]}.onnx`;
      return (externalData ? [base, `${base}_data`] : [base]).map((path) =>
        sizes[path] ? { path, bytes: sizes[path] } : { path },
      );
    });
}

/**
 * EdgeTAM file sizes at the pinned revision, as two independent public copies of this export list
 * them (fp32 and fp16); not checked against the Hub here, which this project cannot reach.
 */
const EDGETAM_SIZES: Record<string, number> = {
  'onnx/vision_encoder.onnx': 192_225,
  'onnx/vision_encoder.onnx_data': 19_532_576,
  'onnx/prompt_encoder_mask_decoder.onnx': 213_114,
  'onnx/prompt_encoder_mask_decoder.onnx_data': 20_958_208,
  'onnx/vision_encoder_fp16.onnx': 167_617,
  'onnx/vision_encoder_fp16.onnx_data': 9_739_536,
  'onnx/prompt_encoder_mask_decoder_fp16.onnx': 229_799,
  'onnx/prompt_encoder_mask_decoder_fp16.onnx_data': 10_454_016,
};

const SEGMENT_COMMON: ModelFile[] = [{ path: 'config.json' }, { path: 'preprocessor_config.json' }];

/**
 * EdgeTAM (a SAM 2 with a RepViT backbone): the smallest that segments well, so the default.
 * fp32 on every device: a public app using this export reports garbage masks from its fp16 and
 * q8 files (unconfirmed here), and no GPU in this project has shader-f16 to try them.
 */
export const EDGETAM: SegmentModelEntry = {
  id: 'onnx-community/EdgeTAM-ONNX',
  label: 'EdgeTAM',
  revision: '9c77c7bff7fd0f3079585fa17af7f730ddc531ed',
  licence: 'Apache-2.0',
  family: 'sam2',
  externalData: true,
  dtypes: {
    webgpuF16: segmentDtypes('fp32'),
    webgpu: segmentDtypes('fp32'),
    wasm: segmentDtypes('fp32'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphFiles(true, EDGETAM_SIZES),
  approxBytes: { fp32: 40_896_123, fp16: 20_590_968 },
  notes:
    'Published figures: encoder 0.8–1.1 s per image and decoder 0.12 s per click on 4-thread WebAssembly.',
};

/**
 * SAM 2.1 Hiera tiny file sizes at the pinned revision, as two independent public projects that pin
 * this export's commit list them (one the fp32 files with their SHA-256, the other the quantized
 * ones); not checked against the Hub here, which this project cannot reach. The fp16 files' sizes
 * were in neither: the download then shows its progress without a total.
 */
const SAM2_1_TINY_SIZES: Record<string, number> = {
  'onnx/vision_encoder.onnx': 354_238,
  'onnx/vision_encoder.onnx_data': 134_084_864,
  'onnx/prompt_encoder_mask_decoder.onnx': 213_114,
  'onnx/prompt_encoder_mask_decoder.onnx_data': 20_958_208,
};

/** SAM 2.1 Hiera tiny: sharper masks, about twice EdgeTAM's encoder time. */
export const SAM2_1_HIERA_TINY: SegmentModelEntry = {
  id: 'onnx-community/sam2.1-hiera-tiny-ONNX',
  label: 'SAM 2.1 Hiera tiny',
  revision: '814a066640debee5a91e70aa401fb8e17e030503',
  licence: 'Apache-2.0',
  family: 'sam2',
  externalData: true,
  dtypes: {
    webgpuF16: segmentDtypes('fp16'),
    webgpu: segmentDtypes('fp32'),
    wasm: segmentDtypes('fp32'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphFiles(true, SAM2_1_TINY_SIZES),
  approxBytes: { fp32: 155_610_424 },
  notes: 'Sharper masks than EdgeTAM at about twice its encoder time.',
};

/**
 * SlimSAM (the original SAM's decoder, a pruned encoder): the official transformers.js WebGPU
 * example's model, single-file graphs. The revision is the commit two independent public projects
 * pin; no public source listed the files' sizes (about 23 MB and 17 MB at fp32).
 */
export const SLIMSAM: SegmentModelEntry = {
  id: 'Xenova/slimsam-77-uniform',
  label: 'SlimSAM 77 (SAM)',
  revision: '5850ab45f587c112167512ffef949107115e26a0',
  licence: 'Apache-2.0',
  family: 'sam',
  externalData: false,
  dtypes: {
    webgpuF16: segmentDtypes('fp16'),
    webgpu: segmentDtypes('fp32'),
    wasm: segmentDtypes('q8'),
  },
  commonFiles: SEGMENT_COMMON,
  graphFiles: segmentGraphFiles(false),
  approxBytes: { q8: 14_000_000 },
  notes:
    'The original SAM decoder with a pruned encoder: the fallback where SAM 2 graphs do not run.',
};

export const SEGMENT_MODELS: readonly SegmentModelEntry[] = [EDGETAM, SAM2_1_HIERA_TINY, SLIMSAM];
export const DEFAULT_SEGMENT_MODEL = EDGETAM;

export function findSegmentModel(id: string): SegmentModelEntry | undefined {
  return SEGMENT_MODELS.find((m) => m.id === id);
}
