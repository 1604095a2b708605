import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiTestServer } from '../../../e2e/support/openai-server';
import { chatCompletionBody, readChatCompletion } from './chat-completions';
import { coordinateConvention } from './conventions';
import { apiRoot, ServerClient } from './server-client';
import { ServerError } from './server-error';

const MODEL = 'qwen3-vl:8b';
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const params = { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 64 };
const messages = [
  {
    role: 'user' as const,
    content: [{ type: 'image' as const }, { type: 'text' as const, text: 'Describe.' }],
  },
];

let server: OpenAiTestServer;
beforeAll(async () => {
  server = new OpenAiTestServer({ models: [MODEL], answer: () => '["ok"]' });
  await server.listen();
});
afterAll(() => server.close());

const client = (over: Partial<{ apiKey: string; model: string; timeoutMs: number }> = {}) =>
  new ServerClient(
    { baseUrl: server.url, model: MODEL, apiKey: '', timeoutMs: 5000, ...over },
    undefined,
    { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
  );

async function post(body: unknown): Promise<number> {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('the loopback server is as strict as vLLM', () => {
  const good = chatCompletionBody(MODEL, messages, PIXEL, params);
  it('accepts our request', async () => expect(await post(good)).toBe(200));
  it('rejects a missing model, an unknown model, a wrong part type and a remote image', async () => {
    expect(await post({ ...good, model: undefined })).toBe(400);
    expect(await post({ ...good, model: 'gpt-4o' })).toBe(404);
    expect(
      await post({
        ...good,
        messages: [{ role: 'user', content: [{ type: 'image', image: PIXEL }] }],
      }),
    ).toBe(400);
    expect(
      await post({
        ...good,
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x/a.jpg' } }] },
        ],
      }),
    ).toBe(400);
  });
});

describe('ServerClient', () => {
  it('adds /v1 once, whatever the user typed', () => {
    expect(apiRoot('http://gpu:8000')).toBe('http://gpu:8000/v1');
    expect(apiRoot('http://gpu:8000/v1/')).toBe('http://gpu:8000/v1');
  });

  it('sends greedy requests as temperature 0 with logprobs and reads token probabilities', async () => {
    const answer = await client().complete(messages, PIXEL, params);
    expect(answer.text).toBe('["ok"]');
    expect(answer.tokens.map((t) => t.text).join('')).toBe('["ok"]');
    expect(answer.tokens[0]!.prob).toBeCloseTo(0.95);
  });

  it('retries 429 and 5xx with backoff, then gives up with the kind', async () => {
    server.set({ failures: [429, 502] });
    expect((await client().complete(messages, PIXEL, params)).text).toBe('["ok"]');
    server.set({ failures: [500, 500, 500] });
    await expect(client().complete(messages, PIXEL, params)).rejects.toMatchObject({
      kind: 'server-error',
    });
  });

  it('names 401, an unknown model, a timeout and an unreachable server', async () => {
    server.set({ apiKey: 'k' });
    await expect(client().listModels()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(await client({ apiKey: 'k' }).listModels()).toEqual([MODEL]);
    server.set({ apiKey: null });
    await expect(client({ model: 'nope' }).complete(messages, PIXEL, params)).rejects.toMatchObject(
      {
        kind: 'model-not-found',
      },
    );
    server.set({ delayMs: 500 });
    await expect(
      client({ timeoutMs: 100 }).complete(messages, PIXEL, params),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
    server.set({ delayMs: 0 });
    const gone = new ServerClient({
      baseUrl: 'http://127.0.0.1:9',
      model: MODEL,
      apiKey: '',
      timeoutMs: 2000,
    });
    const error = await gone.listModels().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).kind).toBe('unreachable');
    expect((error as ServerError).stopsBatch).toBe(true);
    const offline = new ServerClient(
      { baseUrl: 'http://127.0.0.1:9', model: MODEL, apiKey: '', timeoutMs: 2000 },
      undefined,
      undefined,
      () => false,
    );
    await expect(offline.listModels()).rejects.toMatchObject({ kind: 'offline' });
  });
});

describe('reading answers', () => {
  it('keeps token probabilities only when they spell the answer', () => {
    const choice = (content: string, tokens: string[]) => ({
      choices: [
        {
          message: { content },
          finish_reason: 'length',
          logprobs: { content: tokens.map((token) => ({ token, logprob: -0.1 })) },
        },
      ],
    });
    expect(readChatCompletion(choice('ab', ['a', 'b'])).tokens).toHaveLength(2);
    expect(readChatCompletion(choice('ab', ['a', 'c'])).tokens).toHaveLength(0);
    expect(readChatCompletion(choice('ab', ['a', 'b'])).finish).toBe('length');
    expect(() => readChatCompletion({})).toThrow(/choices/);
  });

  it('tells the coordinate convention from the model id', () => {
    expect(coordinateConvention('Qwen/Qwen3-VL-8B-Instruct')).toBe('relative-1000');
    expect(coordinateConvention('qwen3-vl:4b')).toBe('relative-1000');
    expect(coordinateConvention('Qwen/Qwen2.5-VL-7B-Instruct')).toBe('absolute-pixels');
    expect(coordinateConvention('llava:13b')).toBe('unknown');
  });
});
