import { env } from '@huggingface/transformers';
import { isDimsName, type DimsName } from '../models-manifest/synthetic/dims';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { isDtypeName, type DtypeName } from '../models-manifest/synthetic/precision';
import type { SyntheticSpec } from '../models-manifest/synthetic/script-spec';
import { loadQwen3VL, type Qwen3VLHandle } from '../workers/qwen3vl/load';
import type { BenchSetup } from './report';

/** `parseArgs` options every benchmark of the synthetic model takes. */
export const MODEL_FLAGS = {
  dims: { type: 'string', default: 'tiny' },
  dtype: { type: 'string', default: 'q4' },
  device: { type: 'string', default: 'cpu' },
} as const;

/** Which synthetic model a benchmark runs, and where. */
export class ModelChoice {
  readonly dims: DimsName;
  readonly dtype: DtypeName;
  readonly device: 'cpu' | 'webgpu';

  constructor(flags: { dims?: string; dtype?: string; device?: string }) {
    const { dims = 'tiny', dtype = 'q4', device = 'cpu' } = flags;
    if (!isDimsName(dims) || !isDtypeName(dtype))
      throw new Error(`unknown --dims ${dims} or --dtype ${dtype}`);
    this.dims = dims;
    this.dtype = dtype;
    this.device = device === 'webgpu' ? 'webgpu' : 'cpu';
  }

  /**
   * The results file: the default run (tiny, q4, CPU) keeps the plain name that `bench all`
   * refreshes; other setups get their own, so one never overwrites another.
   */
  resultName(bench: string, extra?: { value: string; default: string }): string {
    const isDefault =
      this.dims === 'tiny' &&
      this.dtype === 'q4' &&
      this.device === 'cpu' &&
      (!extra || extra.value === extra.default);
    if (isDefault) return bench;
    return [bench, this.dims, this.dtype, this.device, ...(extra ? [extra.value] : [])].join('-');
  }

  get setup(): BenchSetup {
    return {
      runtime: `transformers.js ${env.version} on onnxruntime-node (${this.device})`,
      model: {
        name: 'synthetic Qwen3-VL',
        dims: this.dims,
        dtype: this.dtype,
        device: this.device,
      },
    };
  }

  /** Generates the model if needed (2b: only this dtype, ≈ 1.5 GB) and loads it, timing both. */
  async load(
    spec: SyntheticSpec,
  ): Promise<{ handle: Qwen3VLHandle; generatorSeconds: number; loadSeconds: number }> {
    const started = performance.now();
    const folder = await ensureSyntheticModel({
      dims: this.dims,
      spec,
      ...(this.dims === '2b' ? { dtypes: [this.dtype] } : {}),
    });
    const generated = performance.now();
    const handle = await loadQwen3VL({
      source: { kind: 'folder', location: folder },
      device: this.device,
      dtype: this.dtype,
      maxImageTokens: 4096,
    });
    const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
    return {
      handle,
      generatorSeconds: seconds(generated - started),
      loadSeconds: seconds(performance.now() - generated),
    };
  }
}
