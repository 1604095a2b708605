import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSyntheticModel } from '../../models-manifest/synthetic/ensure-model.ts';
import { generate } from './generate.ts';
import { generateBatch, type BatchItem } from './generate-batch.ts';
import { loadQwen3VL, type Qwen3VLHandle } from './load.ts';
import { DARK_COUNT_ANSWER, DEFAULT_ANSWER, OCR_ANSWER, RUNTIME_TEST_SPEC } from './test-spec.ts';
import type { GenerateResult } from './types.ts';

let handle: Qwen3VLHandle;

async function png(level: number, width = 96, height = 64): Promise<Blob> {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: level, g: level, b: level } },
  })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: 'image/png' });
}

/** Batch sizes of the decoder's runs, read off its inputs. */
function watchDecoder(h: Qwen3VLHandle): number[] {
  type Feeds = { inputs_embeds: { dims: number[] } };
  const sessions = (
    h.model as unknown as { sessions: Record<string, { run: (feeds: Feeds) => unknown }> }
  ).sessions;
  const decoder = sessions.decoder_model_merged!;
  const run = decoder.run.bind(decoder);
  const rows: number[] = [];
  decoder.run = (feeds: Feeds) => {
    rows.push(feeds.inputs_embeds.dims[0]!);
    return run(feeds);
  };
  return rows;
}

beforeAll(async () => {
  const folder = await ensureSyntheticModel({ spec: RUNTIME_TEST_SPEC, dims: 'tiny' });
  handle = await loadQwen3VL({ source: { kind: 'folder', location: folder }, device: 'cpu' });
}, 120_000);

const params = { maxNewTokens: 40 };

/** Four images of different sizes, prompts and stops: every way a sequence can end early. */
async function mixedItems(): Promise<BatchItem[]> {
  return [
    { request: { image: await png(215, 96, 64), prompt: 'Describe this image.', params } },
    { request: { image: await png(40, 160, 128), prompt: 'Run OCR on this image.', params } },
    {
      request: { image: await png(40, 64, 64), prompt: 'Count the cats.', params },
      callbacks: { shouldStop: ({ tokens }) => tokens.length >= 2 },
    },
    {
      request: {
        image: await png(40, 200, 96),
        prompt: 'Describe this image.',
        params: { maxNewTokens: 3 },
      },
    },
  ];
}

const comparable = (r: GenerateResult) => ({
  text: r.text,
  ids: r.tokens.map((t) => t.id),
  stopReason: r.stopReason,
  promptTokens: r.promptTokens,
  imageTokens: r.imageTokens,
});

describe('batched generation on the synthetic model (worker runtime, Node CPU)', () => {
  it('gives B = 4 the answers of B = 1, each sequence stopping on its own', async () => {
    const items = await mixedItems();
    const single: GenerateResult[] = [];
    for (const item of items) {
      single.push(await generate(handle, item.request, { ...item.callbacks }));
      const [alone] = await generateBatch(handle, [item]);
      expect(comparable(alone!)).toEqual(comparable(single.at(-1)!));
    }
    expect(single.map((r) => r.stopReason)).toEqual(['end', 'end', 'stopped', 'max_tokens']);
    expect(single[0]!.text).toBe(DEFAULT_ANSWER.light);
    expect(single[1]!.text).toBe(OCR_ANSWER);
    expect(single[2]!.text).toBe(DARK_COUNT_ANSWER.slice(0, single[2]!.text.length));
    expect(single[2]!.tokens).toHaveLength(2);
    expect(single[3]!.tokens).toHaveLength(3);

    const rows = watchDecoder(handle);
    const finishedOrder: number[] = [];
    const streamed = ['', '', '', ''];
    const batched = await generateBatch(
      handle,
      items.map((item, i) => ({
        ...item,
        callbacks: { ...item.callbacks, onText: (chunk) => (streamed[i] += chunk) },
      })),
      { onFinished: (index) => finishedOrder.push(index) },
    );
    expect(batched.map(comparable)).toEqual(single.map(comparable));
    batched.forEach((result, i) => {
      expect(streamed[i]).toBe(result.text);
      result.tokens.forEach((token, t) =>
        expect(token.prob).toBeCloseTo(single[i]!.tokens[t]!.prob, 3),
      );
    });
    // The short ones finish first, and a finished sequence leaves the batch.
    expect(finishedOrder.slice(0, 2)).toEqual([2, 3]);
    expect(rows[0]).toBe(4);
    expect(rows.at(-1)).toBeLessThan(4);
    expect(rows.length).toBeLessThan(single.reduce((n, r) => n + r.tokens.length, 0));
  });

  it('prefills in groups when the logits budget is small, with the same answers', async () => {
    const items = await mixedItems();
    const whole = await generateBatch(handle, items);
    const rows = watchDecoder(handle);
    const grouped = await generateBatch(handle, items, { maxPrefillLogits: 1 });
    expect(grouped.map(comparable)).toEqual(whole.map(comparable));
    expect(rows.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(rows[4]).toBe(4);
  });

  it('stops every sequence on abort', async () => {
    const items = await mixedItems();
    const controller = new AbortController();
    const results = await generateBatch(
      handle,
      items.map((item) => ({
        request: item.request,
        callbacks: { onToken: () => controller.abort() },
      })),
      { signal: controller.signal },
    );
    for (const result of results) {
      expect(result.stopReason).toBe('interrupted');
      expect(result.tokens).toHaveLength(1);
    }
  });
});
