import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { DIMS, VOCAB_SIZE } from './dims.ts';
import { PRECISIONS } from './precision.ts';
import { SeededRandom } from './random.ts';
import { buildWeightStream } from './weight-stream-graph.ts';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the weight-stream reference graph', () => {
  for (const dtype of ['q4', 'q4f16'] as const) {
    it(`runs every decoder projection and the LM head once per pass (${dtype})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'weight-stream-'));
      made.push(dir);
      const path = join(dir, 'stream.onnx');
      const dims = DIMS.tiny;
      buildWeightStream(dims, new SeededRandom(3), PRECISIONS[dtype]).write(path);
      const graph = new TextDecoder().decode(await readFile(path));
      expect(graph.split('MatMulNBits').length - 1).toBe(dims.layers * 7 + 1);

      const session = await ort.InferenceSession.create(path);
      const input =
        dtype === 'q4f16'
          ? new ort.Tensor('float16', new Uint16Array(dims.hiddenSize).fill(0x3c00), [1, 64])
          : new ort.Tensor('float32', new Float32Array(dims.hiddenSize).fill(1), [1, 64]);
      const { logits } = await session.run({ hidden: input });
      expect(logits?.dims).toEqual([1, VOCAB_SIZE]);
      await session.release();
    });
  }
});
