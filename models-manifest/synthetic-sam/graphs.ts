import { GraphBuilder, int, ints } from '../synthetic/onnx-graph.ts';
import {
  COARSE_GRID,
  COARSE_STEPS,
  COLOUR_THRESHOLD,
  FINE_GRID,
  FINE_STEPS,
  IMAGE_MEAN,
  IMAGE_STD,
  IOU_SCORES,
  MASK_LOGIT,
  SAM_INPUT,
} from './rule.ts';

/** The three image_embeddings.* of a SAM 2 export: channels and side of each level. */
export const EMBEDDING_LEVELS = [
  { name: 'image_embeddings.0', channels: 32, side: FINE_GRID },
  { name: 'image_embeddings.1', channels: 64, side: FINE_GRID / 2 },
  { name: 'image_embeddings.2', channels: 256, side: COARSE_GRID },
] as const;

/**
 * vision_encoder: pixel_values → image_embeddings.0/1/2. The "embedding" is the image itself,
 * un-normalised to RGB 0–1 and average-pooled to each level's grid in channels 0–2 (the rest zero),
 * so the decoder can compare colours.
 */
export function samVisionEncoder(): GraphBuilder {
  const g = new GraphBuilder('vision_encoder');
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, SAM_INPUT, SAM_INPUT]);
  // In the data file like real weights, so the external-data path is exercised.
  const std = g.weight('pixel_std', Float32Array.from(IMAGE_STD), [1, 3, 1, 1]);
  const mean = g.weight('pixel_mean', Float32Array.from(IMAGE_MEAN), [1, 3, 1, 1]);
  const rgb = g.op('Add', [g.op('Mul', [pixels, std]), mean]);
  let level = rgb;
  let side = SAM_INPUT;
  for (const { name, channels, side: target } of EMBEDDING_LEVELS) {
    const k = side / target;
    level = g.op('AveragePool', [level], { kernel_shape: ints([k, k]), strides: ints([k, k]) });
    side = target;
    const padded = g.op('Pad', [level, g.ints([0, 0, 0, 0, 0, channels - 3, 0, 0])]);
    g.output(padded, name, 'float32', ['batch_size', channels, target, target]);
  }
  return g;
}

/** Cell index of each coordinate on a grid of `side` cells over the 1024 input: [K] floats. */
function cellOf(g: GraphBuilder, coordinate: string, side: number): string {
  return g.op('Floor', [g.op('Div', [coordinate, g.scalarFloat(SAM_INPUT / side)])]);
}

/** [K, side, side] one-hot cells of K points (a point outside the input marks no cell). */
function pointCells(g: GraphBuilder, xs: string, ys: string, side: number): string {
  const index = g.weight(
    `cells_${side}`,
    Float32Array.from({ length: side }, (_, i) => i),
    [1, side],
  );
  const oneHot = (coordinate: string) =>
    g.op(
      'Cast',
      [g.op('Equal', [g.op('Unsqueeze', [cellOf(g, coordinate, side), g.ints([1])]), index])],
      {
        to: int(1),
      },
    );
  return g.op('Mul', [
    g.op('Unsqueeze', [oneHot(ys), g.ints([2])]),
    g.op('Unsqueeze', [oneHot(xs), g.ints([1])]),
  ]);
}

/** [K, side, side]: 1 where the cell's colour is within the threshold of point k's colour. */
function similarTo(g: GraphBuilder, rgb: string, colours: string): string {
  const diff = g.op('Sub', [rgb, g.op('Reshape', [colours, g.ints([-1, 3, 1, 1])])]);
  const distance = g.op('ReduceSum', [g.op('Mul', [diff, diff]), g.ints([1])], {
    keepdims: int(0),
  });
  return g.op('Cast', [g.op('Less', [distance, g.scalarFloat(COLOUR_THRESHOLD ** 2)])], {
    to: int(1),
  });
}

/** [1, 1, side, side]: the maximum over the K points whose weight is 1. */
function anyOf(g: GraphBuilder, perPoint: string, weights: string, side: number): string {
  const weighted = g.op('Mul', [perPoint, g.op('Reshape', [weights, g.ints([-1, 1, 1])])]);
  const max = g.op('ReduceMax', [weighted], { axes: ints([0]), keepdims: int(1) });
  return g.op('Reshape', [max, g.ints([1, 1, side, side])]);
}

/** [1, 1, side, side]: 1 for the cells the box covers (`overlap`: any part; else the centre). */
function boxCells(
  g: GraphBuilder,
  corners: [string, string, string, string],
  side: number,
  overlap: boolean,
): string {
  const size = SAM_INPUT / side;
  const starts = Float32Array.from({ length: side }, (_, i) => i * size);
  const ends = Float32Array.from({ length: side }, (_, i) => (i + 1) * size);
  const centres = Float32Array.from({ length: side }, (_, i) => (i + 0.5) * size);
  const [x0, y0, x1, y1] = corners;
  const inside = (low: string, high: string, hint: string) => {
    const a = g.weight(`${hint}_from`, overlap ? ends : centres, [side]);
    const b = g.weight(`${hint}_to`, overlap ? starts : centres, [side]);
    const after = g.op(overlap ? 'Greater' : 'GreaterOrEqual', [a, low]);
    const before = g.op(overlap ? 'Less' : 'LessOrEqual', [b, high]);
    return g.op('Cast', [g.op('And', [after, before])], { to: int(1) });
  };
  const columns = g.op('Unsqueeze', [inside(x0, x1, `box_x${side}`), g.ints([0])]);
  const rows = g.op('Unsqueeze', [inside(y0, y1, `box_y${side}`), g.ints([1])]);
  return g.op('Reshape', [g.op('Mul', [rows, columns]), g.ints([1, 1, side, side])]);
}

const MAX_POOL_3 = { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) };

/**
 * prompt_encoder_mask_decoder: image_embeddings.* + input_points / input_labels / input_boxes →
 * iou_scores, pred_masks, object_score_logits, with the real export's names, types and ranks.
 * The mask is the region of the clicked colour connected to the positive points, competing with
 * the region grown from the negative points, inside the box when one is given; with a box and no
 * positive point the box's centre is the click. Batch and point batch of 1 only.
 */
export function samPromptDecoder(): GraphBuilder {
  const g = new GraphBuilder('prompt_encoder_mask_decoder');
  const [fineLevel, midLevel, coarseLevel] = EMBEDDING_LEVELS.map((level) =>
    g.input(level.name, 'float32', ['batch_size', level.channels, level.side, level.side]),
  ) as [string, string, string];
  const points = g.input('input_points', 'float32', [
    'batch_size',
    'point_batch_size',
    'num_points',
    2,
  ]);
  const labels = g.input('input_labels', 'int64', ['batch_size', 'point_batch_size', 'num_points']);
  const boxes = g.input('input_boxes', 'float32', ['batch_size', 'num_boxes', 4]);

  const rgb = (level: string) => g.op('Slice', [level, g.ints([0]), g.ints([3]), g.ints([1])]);
  const fineRgb = rgb(fineLevel);
  const coarseRgb = rgb(coarseLevel);

  // The box, or the whole input when none is given.
  const boxList = g.op('Reshape', [boxes, g.ints([-1, 4])]);
  const wholeInput = g.floats([0, 0, SAM_INPUT, SAM_INPUT], [1, 4]);
  const box = g.op(
    'Gather',
    [g.op('Concat', [boxList, wholeInput], { axis: int(0) }), g.scalarInt(0)],
    {
      axis: int(0),
    },
  );
  const corner = (i: number) => g.op('Gather', [box, g.scalarInt(i)], { axis: int(0) });
  const corners: [string, string, string, string] = [corner(0), corner(1), corner(2), corner(3)];
  const boxCount = g.op('Gather', [g.op('Shape', [boxList]), g.scalarInt(0)], { axis: int(0) });
  const hasBox = g.op('Cast', [g.op('Greater', [boxCount, g.scalarInt(0)])], { to: int(1) });

  // Points and their weights; the box centre is one more point, positive when no click is.
  const pointList = g.op('Reshape', [points, g.ints([-1, 2])]);
  const labelList = g.op('Reshape', [labels, g.ints([-1])]);
  const isLabel = (value: number) =>
    g.op('Cast', [g.op('Equal', [labelList, g.scalarInt(value)])], { to: int(1) });
  const positive = isLabel(1);
  const negative = isLabel(0);
  const zero = g.floats([0]);
  const positiveCount = g.op('ReduceSum', [g.op('Concat', [positive, zero], { axis: int(0) })], {
    keepdims: int(0),
  });
  const centreIsClick = g.op('Mul', [
    hasBox,
    g.op('Cast', [g.op('Less', [positiveCount, g.scalarFloat(0.5)])], { to: int(1) }),
  ]);
  const half = g.scalarFloat(0.5);
  const centre = g.op('Reshape', [
    g.op(
      'Concat',
      [
        g.op('Unsqueeze', [
          g.op('Mul', [g.op('Add', [corners[0], corners[2]]), half]),
          g.ints([0]),
        ]),
        g.op('Unsqueeze', [
          g.op('Mul', [g.op('Add', [corners[1], corners[3]]), half]),
          g.ints([0]),
        ]),
      ],
      { axis: int(0) },
    ),
    g.ints([1, 2]),
  ]);
  const allPoints = g.op('Concat', [pointList, centre], { axis: int(0) });
  const positiveWeights = g.op(
    'Concat',
    [positive, g.op('Unsqueeze', [centreIsClick, g.ints([0])])],
    { axis: int(0) },
  );
  const negativeWeights = g.op('Concat', [negative, zero], { axis: int(0) });
  const xs = g.op('Gather', [allPoints, g.scalarInt(0)], { axis: int(1) });
  const ys = g.op('Gather', [allPoints, g.scalarInt(1)], { axis: int(1) });

  // Each point's colour: the fine cell under it.
  const fineCells = pointCells(g, xs, ys, FINE_GRID);
  const fineArea = FINE_GRID * FINE_GRID;
  const colours = g.op('MatMul', [
    g.op('Reshape', [fineCells, g.ints([-1, fineArea])]),
    g.op('Transpose', [g.op('Reshape', [fineRgb, g.ints([3, fineArea])])], { perm: ints([1, 0]) }),
  ]);

  // Coarse: positive and negative regions grow together, one cell per step, through cells of
  // their own colours; a cell one side holds is closed to the other.
  const coarseSimilar = similarTo(g, coarseRgb, colours);
  const coarseCells = pointCells(g, xs, ys, COARSE_GRID);
  const coarseBox = boxCells(g, corners, COARSE_GRID, true);
  const positiveSimilar = g.op('Mul', [
    anyOf(g, coarseSimilar, positiveWeights, COARSE_GRID),
    coarseBox,
  ]);
  const negativeSimilar = anyOf(g, coarseSimilar, negativeWeights, COARSE_GRID);
  const similar = g.op('Concat', [positiveSimilar, negativeSimilar], { axis: int(1) });
  let state = g.op(
    'Concat',
    [
      g.op('Mul', [anyOf(g, coarseCells, positiveWeights, COARSE_GRID), coarseBox]),
      anyOf(g, coarseCells, negativeWeights, COARSE_GRID),
    ],
    { axis: int(1) },
  );
  const one = g.scalarFloat(1);
  const swap = g.ints([1, 0]);
  for (let step = 0; step < COARSE_STEPS; step += 1) {
    const reach = g.op('Mul', [g.op('MaxPool', [state], MAX_POOL_3), similar]);
    const other = g.op('Gather', [state, swap], { axis: int(1) });
    state = g.op('Max', [state, g.op('Mul', [reach, g.op('Sub', [one, other])])]);
  }
  const channel = (i: number) => g.op('Slice', [state, g.ints([i]), g.ints([i + 1]), g.ints([1])]);
  const coarseNegative = channel(1);
  const coarseMask = g.op('Mul', [channel(0), g.op('Sub', [one, coarseNegative])]);

  // Fine: the coarse region at 4 px, cut to the clicked colours, then grown to the edges.
  const scale = FINE_GRID / COARSE_GRID;
  const upscale = (x: string) =>
    g.op('Resize', [x, '', g.floats([1, 1, scale, scale])], {
      mode: { kind: 'string', value: 'nearest' },
      coordinate_transformation_mode: { kind: 'string', value: 'asymmetric' },
      nearest_mode: { kind: 'string', value: 'floor' },
    });
  const fineSimilar = g.op('Mul', [
    anyOf(g, similarTo(g, fineRgb, colours), positiveWeights, FINE_GRID),
    boxCells(g, corners, FINE_GRID, false),
  ]);
  const open = g.op('Sub', [one, upscale(coarseNegative)]);
  const allowed = g.op('Mul', [fineSimilar, open]);
  let mask = g.op('Mul', [
    g.op('Max', [upscale(coarseMask), anyOf(g, fineCells, positiveWeights, FINE_GRID)]),
    allowed,
  ]);
  for (let step = 0; step < FINE_STEPS; step += 1)
    mask = g.op('Max', [mask, g.op('Mul', [g.op('MaxPool', [mask], MAX_POOL_3), allowed])]);

  // Outputs. image_embeddings.1 carries nothing the rule needs; it is read so it stays an input.
  const unused = g.op('Mul', [
    g.op('ReduceMax', [midLevel], { keepdims: int(0) }),
    g.scalarFloat(0),
  ]);
  const found = g.op(
    'Cast',
    [g.op('Greater', [g.op('ReduceMax', [mask], { keepdims: int(0) }), half])],
    {
      to: int(1),
    },
  );
  const logits = g.op('Sub', [
    g.op('Mul', [mask, g.scalarFloat(2 * MASK_LOGIT)]),
    g.scalarFloat(MASK_LOGIT),
  ]);
  const three = g.op('Concat', [logits, logits, logits], { axis: int(1) });
  g.output(g.op('Unsqueeze', [three, g.ints([0])]), 'pred_masks', 'float32', [
    'batch_size',
    'point_batch_size',
    3,
    FINE_GRID,
    FINE_GRID,
  ]);
  const scores = g.op('Add', [g.op('Mul', [g.floats([...IOU_SCORES]), found]), unused]);
  g.output(g.op('Reshape', [scores, g.ints([1, 1, 3])]), 'iou_scores', 'float32', [
    'batch_size',
    'point_batch_size',
    3,
  ]);
  const objectLogit = g.op('Sub', [
    g.op('Mul', [found, g.scalarFloat(2 * MASK_LOGIT)]),
    g.scalarFloat(MASK_LOGIT),
  ]);
  g.output(g.op('Reshape', [objectLogit, g.ints([1, 1, 1])]), 'object_score_logits', 'float32', [
    'batch_size',
    'point_batch_size',
    1,
  ]);
  return g;
}
