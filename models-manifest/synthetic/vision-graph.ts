import { RESERVED_CHANNELS } from './bookkeeping.ts';
import type { SyntheticDims } from './dims.ts';
import { GraphBuilder, int, ints } from './onnx-graph.ts';
import { Layers } from './layers.ts';
import type { Precision } from './precision.ts';
import type { SeededRandom } from './random.ts';

/** Values per patch row: 3 channels × 2 frames × 16 × 16. */
export const PATCH_VALUES = 1536;
const MERGE = 4;

/**
 * vision_encoder: pixel_values [N,1536] + image_grid_thw → image_features [N/4, hidden]. A real ViT
 * block stack and patch merger produce the features; channels 1–2 carry the image flag and the
 * mean pixel value of each merged group.
 */
export function buildVisionEncoder(
  dims: SyntheticDims,
  rng: SeededRandom,
  precision: Precision,
): GraphBuilder {
  const g = new GraphBuilder('vision_encoder');
  const l = new Layers(g, rng, precision);
  // Pixels arrive as float32 from the processor in every dtype; the blocks run in the activation type.
  const pixels = g.input('pixel_values', 'float32', ['num_patches', PATCH_VALUES]);
  const grid = g.input('image_grid_thw', 'int64', ['num_images', 3]);
  const Hv = dims.visionHiddenSize;

  // Merged-token count from the grid, as the real merger does: Σ t·h·w / 4.
  const patchCount = g.op(
    'ReduceSum',
    [g.op('ReduceProd', [grid], { axes: ints([1]), keepdims: int(0) }), g.ints([0])],
    {
      keepdims: int(1),
    },
  );
  const tokenCount = g.op('Div', [patchCount, g.scalarInt(MERGE)]);
  const mergedShape = (width: number) =>
    g.op('Concat', [tokenCount, g.ints([width])], { axis: int(0) });

  let x = l.linear(l.toAct(pixels), PATCH_VALUES, Hv, 'patch_embed');
  for (let i = 0; i < dims.visionDepth; i += 1) x = visionBlock(g, l, x, dims, i);
  x = l.layerNorm(x, Hv);
  const grouped = g.op('Reshape', [x, mergedShape(MERGE * Hv)]);
  const hidden = l.gelu(l.linear(grouped, MERGE * Hv, MERGE * Hv, 'merger.mlp.0'));
  const features = l.linear(
    hidden,
    MERGE * Hv,
    dims.hiddenSize - RESERVED_CHANNELS,
    'merger.mlp.2',
  );

  const brightness = g.op(
    'ReduceMean',
    [g.op('Reshape', [pixels, mergedShape(MERGE * PATCH_VALUES)])],
    {
      axes: ints([1]),
      keepdims: int(1),
    },
  );
  const zero = g.op('Mul', [brightness, g.scalarFloat(0)]);
  const one = g.op('Add', [zero, g.scalarFloat(1)]);
  const output = g.op('Concat', [l.toAct(zero), l.toAct(one), l.toAct(brightness), features], {
    axis: int(-1),
  });
  g.output(output, 'image_features', precision.activation, ['num_image_tokens', dims.hiddenSize]);
  return g;
}

function visionBlock(
  g: GraphBuilder,
  l: Layers,
  x: string,
  dims: SyntheticDims,
  index: number,
): string {
  const Hv = dims.visionHiddenSize;
  const heads = dims.visionHeads;
  const D = Hv / heads;
  const p = `blocks.${index}`;
  const h = l.layerNorm(x, Hv);
  const split = (t: string) =>
    g.op('Transpose', [g.op('Reshape', [t, g.ints([-1, heads, D])])], { perm: ints([1, 0, 2]) });
  const q = split(l.linear(h, Hv, Hv, `${p}.attn.q`));
  const k = split(l.linear(h, Hv, Hv, `${p}.attn.k`));
  const v = split(l.linear(h, Hv, Hv, `${p}.attn.v`));
  const scores = g.op('Mul', [
    g.op('MatMul', [q, g.op('Transpose', [k], { perm: ints([0, 2, 1]) })]),
    l.scalar(1 / Math.sqrt(D)),
  ]);
  const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: int(-1) }), v]);
  const merged = g.op('Reshape', [
    g.op('Transpose', [attended], { perm: ints([1, 0, 2]) }),
    g.ints([-1, Hv]),
  ]);
  const afterAttention = g.op('Add', [x, l.linear(merged, Hv, Hv, `${p}.attn.proj`)]);
  const h2 = l.layerNorm(afterAttention, Hv);
  const mlp = l.linear(
    l.gelu(l.linear(h2, Hv, dims.visionIntermediateSize, `${p}.mlp.fc1`)),
    dims.visionIntermediateSize,
    Hv,
    `${p}.mlp.fc2`,
  );
  return g.op('Add', [afterAttention, mlp]);
}
