import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSyntheticModel } from './ensure-model.ts';
import realExport from './real-export.json' with { type: 'json' };

type DimSpec = number | string;
interface ValueDescription {
  name: string;
  type: string;
  dims: DimSpec[];
}

let folder: string;
let config: { text_config: { num_hidden_layers: number; hidden_size: number; head_dim: number } };

beforeAll(async () => {
  folder = await ensureSyntheticModel({ spec: { scripts: [{ text: 'ok' }] }, dims: 'tiny' });
  config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as typeof config;
});

/** Expands {layer} templates and $-dims against the generated config. */
function expected(values: ValueDescription[]): ValueDescription[] {
  const { num_hidden_layers, hidden_size, head_dim } = config.text_config;
  const resolveDim = (d: DimSpec): DimSpec =>
    d === '$hidden_size' ? hidden_size : d === '$head_dim' ? head_dim : d;
  const resolved = values.map((v) => ({ ...v, dims: v.dims.map(resolveDim) }));
  const fixed = resolved.filter((v) => !v.name.includes('{layer}'));
  const perLayer = resolved.filter((v) => v.name.includes('{layer}'));
  const layers = Array.from({ length: num_hidden_layers }, (_, i) =>
    perLayer.map((v) => ({ ...v, name: v.name.replace('{layer}', String(i)) })),
  );
  return [...fixed, ...layers.flat()];
}

function expectMatches(
  actual: readonly ort.InferenceSession.ValueMetadata[],
  wanted: ValueDescription[],
): void {
  expect(actual.map((m) => m.name)).toEqual(wanted.map((w) => w.name));
  wanted.forEach((w, i) => {
    const meta = actual[i] as ort.InferenceSession.ValueMetadata & {
      type: string;
      shape: (number | string)[];
    };
    expect(meta.type, w.name).toBe(w.type);
    expect(meta.shape.length, w.name).toBe(w.dims.length);
    w.dims.forEach((d, j) => {
      const got = meta.shape[j];
      if (typeof d === 'number') expect(got, `${w.name}[${j}]`).toBe(d);
      else if (d.startsWith('=')) expect(got, `${w.name}[${j}]`).toBe(d.slice(1));
      else expect(typeof got, `${w.name}[${j}] is symbolic`).toBe('string');
    });
  });
}

/** q4f16 files carry float16 everywhere except the processor's float32 pixels. */
function asHalf(values: ValueDescription[]): ValueDescription[] {
  return values.map((v) =>
    v.type === 'float32' && v.name !== 'pixel_values' ? { ...v, type: 'float16' } : v,
  );
}

describe('synthetic model matches the real export’s session interface', () => {
  for (const [session, io] of Object.entries(realExport.sessions)) {
    for (const suffix of ['', '_q4', '_q4f16']) {
      it(`${session}${suffix}.onnx`, async () => {
        const path = join(folder, 'onnx', `${session}${suffix}.onnx`);
        const model = await ort.InferenceSession.create(path);
        const types = suffix === '_q4f16' ? asHalf : (v: ValueDescription[]) => v;
        expectMatches(model.inputMetadata, expected(types(io.inputs)));
        expectMatches(model.outputMetadata, expected(types(io.outputs)));
        await model.release();
        // The 4-bit files use the real export's contrib op for their projections; fp32 plain MatMul.
        const graph = new TextDecoder().decode(await readFile(path));
        if (session !== 'embed_tokens') expect(graph.includes('MatMulNBits')).toBe(suffix !== '');
      });
    }
  }

  it('has the real repository’s files and token ids', async () => {
    const read = async (file: string) =>
      JSON.parse(await readFile(join(folder, file), 'utf8')) as Record<string, unknown>;
    const cfg = await read('config.json');
    expect(cfg.model_type).toBe('qwen3_vl');
    expect(cfg.architectures).toEqual(['Qwen3VLForConditionalGeneration']);
    expect([cfg.image_token_id, cfg.vision_start_token_id, cfg.vision_end_token_id]).toEqual([
      151655, 151652, 151653,
    ]);
    const pre = await read('preprocessor_config.json');
    expect(Object.keys(pre)).toHaveLength(8);
    expect(pre).not.toHaveProperty('do_normalize');
    expect(await read('tokenizer_config.json')).not.toHaveProperty('chat_template');
    expect(await read('generation_config.json')).toMatchObject({
      do_sample: true,
      eos_token_id: [151645, 151643],
    });
    const template = await readFile(join(folder, 'chat_template.jinja'), 'utf8');
    expect(template).toContain('<|vision_start|><|image_pad|><|vision_end|>');
  });
});
