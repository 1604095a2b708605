import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { DIMS } from '../models-manifest/synthetic/dims';
import { PRECISIONS, type DtypeName } from '../models-manifest/synthetic/precision';
import { SeededRandom, seedFrom } from '../models-manifest/synthetic/random';
import { buildWeightStream } from '../models-manifest/synthetic/weight-stream-graph';

const PASSES = 10;

export interface WeightStreamFigures {
  bytes: number;
  /** One pass with one row: batch-1 decode's weight reads and nothing else. */
  msPerPass: number;
  GBs: number;
  /**
   * One pass with B rows, for each B asked: the same weights read once for B sequences. How much
   * this grows with B is what batching on this device can share at best.
   */
  msPerPassByRows: Record<string, number>;
}

/**
 * Times one pass over the 2B decoder's 4-bit weights (the kernel-bound reference for decode) with
 * one row and with each of `rows`, on the same execution provider the benchmark uses, with the
 * export's float compute or, given `accuracyLevel`, MatMulNBits' other compute. The graph is
 * written once under .models/.
 */
export async function weightStream(
  dtype: DtypeName,
  device: 'cpu' | 'webgpu',
  rows: readonly number[] = [1],
  accuracyLevel?: number,
): Promise<WeightStreamFigures> {
  const graph = buildWeightStream(
    DIMS['2b'],
    new SeededRandom(seedFrom('annota-weight-stream')),
    PRECISIONS[dtype],
    accuracyLevel,
  );
  const dir = join(
    import.meta.dirname,
    '..',
    '.models',
    `weight-stream-2b-${dtype}-rows${accuracyLevel === undefined ? '' : `-accuracy${accuracyLevel}`}`,
  );
  const path = join(dir, 'decoder_weight_stream.onnx');
  if (!existsSync(path)) {
    // Written beside the target and renamed, so an interrupted run never leaves half a model.
    const partial = `${dir}.partial-${process.pid}`;
    mkdirSync(partial, { recursive: true });
    graph.write(join(partial, 'decoder_weight_stream.onnx'));
    renameSync(partial, dir);
  }
  const session = await ort.InferenceSession.create(path, { executionProviders: [device] });
  const hidden = DIMS['2b'].hiddenSize;
  const timePass = async (count: number): Promise<number> => {
    const input =
      dtype === 'q4f16'
        ? new ort.Tensor('float16', new Uint16Array(count * hidden).fill(0x3c00), [count, hidden])
        : new ort.Tensor('float32', new Float32Array(count * hidden).fill(1), [count, hidden]);
    await session.run({ hidden: input });
    const started = performance.now();
    for (let i = 0; i < PASSES; i += 1) await session.run({ hidden: input });
    return (performance.now() - started) / PASSES;
  };
  const msPerPass = await timePass(1);
  const msPerPassByRows: Record<string, number> = {};
  for (const count of new Set([1, ...rows]))
    msPerPassByRows[count] = Number((count === 1 ? msPerPass : await timePass(count)).toFixed(2));
  await session.release();
  const bytes = graph.externalBytes;
  return {
    bytes,
    msPerPass: Number(msPerPass.toFixed(2)),
    GBs: Number((bytes / 1e6 / msPerPass).toFixed(1)),
    msPerPassByRows,
  };
}

/** Memory bandwidth as a plain copy sees it (bytes read + written per second), in GB/s. */
export function memoryCopyGBs(): number {
  const size = 512 * 2 ** 20;
  const from = Buffer.alloc(size, 1);
  const to = Buffer.alloc(size);
  from.copy(to);
  const rounds = 5;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) from.copy(to);
  const seconds = (performance.now() - started) / 1000;
  return Number(((2 * size * rounds) / 1e9 / seconds).toFixed(1));
}
