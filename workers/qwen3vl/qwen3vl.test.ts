import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSyntheticModel } from '../../models-manifest/synthetic/ensure-model.ts';
import { generate } from './generate.ts';
import { loadQwen3VL, type Qwen3VLHandle } from './load.ts';
import { DARK_COUNT_ANSWER, DEFAULT_ANSWER, OCR_ANSWER, RUNTIME_TEST_SPEC } from './test-spec.ts';

let handle: Qwen3VLHandle;
let folder: string;

/** A real PNG of one flat grey level: dark (40) or light (215). */
async function png(level: number, width = 96, height = 64): Promise<Blob> {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: level, g: level, b: level } },
  })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: 'image/png' });
}

beforeAll(async () => {
  folder = await ensureSyntheticModel({ spec: RUNTIME_TEST_SPEC, dims: 'tiny' });
  const statuses = new Set<string>();
  handle = await loadQwen3VL({ source: { kind: 'folder', location: folder }, device: 'cpu' }, (p) =>
    statuses.add(p.status),
  );
  expect(statuses.has('done')).toBe(true);
}, 120_000);

const params = { maxNewTokens: 40 };

describe('Qwen3-VL runtime core on the synthetic model (Node, CPU)', () => {
  it('answers with the script, and the image slot follows the pixels', async () => {
    const dark = await generate(handle, {
      image: await png(40),
      prompt: 'Describe this image.',
      params,
    });
    const light = await generate(handle, {
      image: await png(215),
      prompt: 'Describe this image.',
      params,
    });
    expect(dark.text).toBe(DEFAULT_ANSWER.dark);
    expect(light.text).toBe(DEFAULT_ANSWER.light);
    expect(dark.stopReason).toBe('end');
    expect(dark.imageTokens).toBeGreaterThan(0);
  });

  it('needs pixel normalisation (trap §4.1): without it a dark image reads as light', async () => {
    const imageProcessor = (
      handle.processor as unknown as { image_processor: { do_normalize: boolean } }
    ).image_processor;
    imageProcessor.do_normalize = false;
    try {
      const result = await generate(handle, {
        image: await png(40),
        prompt: 'Describe this image.',
        params,
      });
      expect(result.text).toBe(DEFAULT_ANSWER.light);
    } finally {
      imageProcessor.do_normalize = true;
    }
  });

  it('chooses the script whose trigger word is in the prompt and reports per-token probabilities', async () => {
    const result = await generate(handle, {
      image: await png(40),
      prompt: 'Run OCR on this image.',
      params,
    });
    expect(result.text).toBe(OCR_ANSWER);
    const unsure = result.tokens.find((t) => t.text.includes('hello'));
    expect(unsure?.prob).toBeGreaterThan(0.3);
    expect(unsure?.prob).toBeLessThan(0.5);
    const sure = result.tokens.filter((t) => t !== unsure);
    for (const token of sure) expect(token.prob).toBeGreaterThan(0.99);
  });

  it('applies a script’s image condition together with its trigger', async () => {
    const prompt = 'Count the cats.';
    expect((await generate(handle, { image: await png(40), prompt, params })).text).toBe(
      DARK_COUNT_ANSWER,
    );
    expect((await generate(handle, { image: await png(215), prompt, params })).text).toBe(
      DEFAULT_ANSWER.light,
    );
  });

  it('streams text chunks that add up to the answer', async () => {
    const chunks: string[] = [];
    const result = await generate(
      handle,
      { image: await png(215), prompt: 'Describe this image.', params },
      { onText: (chunk) => chunks.push(chunk) },
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(result.text);
  });

  it('stops at the token limit, on the caller’s hook, and on abort', async () => {
    const request = { image: await png(40), prompt: 'Describe this image.' };
    const limited = await generate(handle, { ...request, params: { maxNewTokens: 3 } });
    expect(limited.stopReason).toBe('max_tokens');
    expect(limited.tokens).toHaveLength(3);

    const hooked = await generate(
      handle,
      { ...request, params },
      { shouldStop: ({ tokens }) => tokens.length >= 2 },
    );
    expect(hooked.stopReason).toBe('stopped');
    expect(hooked.tokens).toHaveLength(2);

    const controller = new AbortController();
    const aborted = await generate(
      handle,
      { ...request, params },
      { signal: controller.signal, onToken: () => controller.abort() },
    );
    expect(aborted.stopReason).toBe('interrupted');
    expect(aborted.tokens).toHaveLength(1);
  });

  it('caps the image-token budget per call', async () => {
    const big = await png(215, 1024, 1024);
    const capped = await generate(handle, {
      image: big,
      prompt: 'Describe this image.',
      params: { ...params, maxImageTokens: 64 },
    });
    expect(capped.imageTokens).toBeLessThanOrEqual(64);
    expect(capped.text).toBe(DEFAULT_ANSWER.light);
  });

  it('works without an image, from a full conversation', async () => {
    const result = await generate(handle, {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say something.' }] }],
      params,
    });
    expect(result.imageTokens).toBe(0);
    expect(result.text).toBe(DEFAULT_ANSWER.dark);
  });

  it('gives the same answer from the q4f16 files (float16 activations, KV cache and logits)', async () => {
    const half = await loadQwen3VL({
      source: { kind: 'folder', location: folder },
      device: 'cpu',
      dtype: 'q4f16',
    });
    const session = (
      half.model as unknown as {
        sessions: Record<string, { inputMetadata: { name: string; type: string }[] }>;
      }
    ).sessions.decoder_model_merged;
    const cacheTypes = session?.inputMetadata
      .filter((m) => m.name.startsWith('past_key_values.'))
      .map((m) => m.type);
    expect(new Set(cacheTypes)).toEqual(new Set(['float16']));
    for (const [level, answer] of [
      [40, DEFAULT_ANSWER.dark],
      [215, DEFAULT_ANSWER.light],
    ] as const) {
      const result = await generate(half, {
        image: await png(level),
        prompt: 'Describe this image.',
        params,
      });
      expect(result.text).toBe(answer);
      expect(result.stopReason).toBe('end');
    }
  });
});
