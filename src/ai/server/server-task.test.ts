import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySchema } from '../../domain';
import { OpenAiTestServer, sharedAnswer } from '../../../e2e/support/openai-server';
import { coordinateConvention } from './conventions';
import { ServerClient } from './server-client';
import { runServerTask } from './server-task';

const QWEN25 = 'Qwen/Qwen2.5-VL-7B-Instruct';
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';

let server: OpenAiTestServer;
beforeAll(async () => {
  // The real Qwen2.5-VL-7B text spotting of the 870×1398 receipt (its resized input: 868×1400).
  server = new OpenAiTestServer({
    models: [QWEN25],
    answer: () => sharedAnswer('q25-ocr-spotting-trailing-commas'),
  });
  await server.listen();
});
afterAll(() => server.close());

async function spot(convention: ReturnType<typeof coordinateConvention>) {
  const sizes: { width: number; height: number }[] = [];
  const { result } = await runServerTask({
    client: new ServerClient({ baseUrl: server.url, model: QWEN25, apiKey: '', timeoutMs: 5000 }),
    serverLabel: 'server:test',
    task: 'ocr',
    options: { engine: 'qwen', readingOrder: 'model' },
    params: { doSample: false, temperature: 0, topK: 1, maxNewTokens: 2048 },
    lang: 'en',
    image: { width: 870, height: 1398 },
    schema: emptySchema(),
    maxImageTokens: 1280,
    convention,
    encode: async (_crop, size) => {
      sizes.push(size);
      return PIXEL;
    },
    now: 0,
  });
  return { lines: result.records.ocr, sizes };
}

describe('a served Qwen2.5-VL', () => {
  it('has its pixel answers read on its resized input and mapped back onto the image', async () => {
    expect(coordinateConvention(QWEN25)).toBe('absolute-pixels');
    const { lines, sizes } = await spot('absolute-pixels');
    expect(sizes).toEqual([{ width: 870, height: 1398 }]);
    expect(lines).toHaveLength(39);
    // [125, 169, 754, 208] on 868×1400 → the receipt's first line in the 870×1398 original.
    const box = lines[0]!.box!;
    expect(lines[0]!.text).toBe('UNIHAKKA INTERNATIONAL SDN BHD');
    expect(box.x).toBeCloseTo((125 / 868) * 870, 6);
    expect(box.y).toBeCloseTo((169 / 1400) * 1398, 6);
    expect(box.x + box.w).toBeCloseTo((754 / 868) * 870, 6);
    expect(box.y + box.h).toBeCloseTo((208 / 1400) * 1398, 6);
  });

  it('read as 0–1000 the same answer would be misplaced (what the conversion prevents)', async () => {
    const { lines } = await spot('relative-1000');
    expect(lines[0]!.box!.y).toBeCloseTo((169 / 1000) * 1398, 6);
  });
});
