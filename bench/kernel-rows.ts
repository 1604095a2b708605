/**
 * What B rows cost the 2B decoder's 4-bit matrix products on this machine, against one row: one
 * pass over the weights (bench/weight-stream.ts) with 1, 2, 4, 8 rows, for MatMulNBits' float
 * compute (no accuracy_level: the synthetic export's, and the bench's model files') and for its
 * int8 compute (accuracy_level 4: activations quantized per block, so answers may change on a real
 * model). Batched decode can share no more than this curve allows. Measured twice, interleaved.
 *
 * Run: npx tsx bench/kernel-rows.ts [--rows 1,2,4,8] [--device cpu]   (≈ 1.1 GB per graph, once)
 */
import { parseArgs } from 'node:util';
import { report } from './report';
import { weightStream, type WeightStreamFigures } from './weight-stream';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1,2,4,8' },
    device: { type: 'string', default: 'cpu' },
  },
});
const ROWS = (args.rows ?? '1,2,4,8').split(',').map(Number);
const device = args.device === 'webgpu' ? 'webgpu' : 'cpu';
const computes = [
  { compute: 'float (no accuracy_level)', level: undefined },
  { compute: 'int8 (accuracy_level 4)', level: 4 },
] as const;

const rows: Record<string, string | number>[] = [];
for (let round = 1; round <= 2; round += 1)
  for (const { compute, level } of computes) {
    const figures: WeightStreamFigures = await weightStream('q4', device, ROWS, level);
    const one = figures.msPerPassByRows['1']!;
    const row: Record<string, string | number> = { round, compute };
    for (const count of ROWS) {
      const ms = figures.msPerPassByRows[String(count)]!;
      row[`${count} rows ms`] = ms;
      if (count > 1) row[`${count} rows ÷ 1`] = Number((ms / one).toFixed(2));
    }
    rows.push(row);
    console.table(rows);
  }
report(
  `kernel-rows-2b-q4-${device}`,
  { runtime: `onnxruntime-node (${device})` },
  {
    conditions:
      'one pass over the 2B-shaped decoder’s MatMulNBits weights and LM head (bench/weight-stream.ts), 1 warm-up + 10 timed passes per row count, two interleaved rounds',
    rows,
  },
);
