import type { GenerationEnd } from '../answer';
import type { TokenProbability } from '../confidence';
import type { ChatMessage, GenerationParams } from '../tasks/types';

/**
 * The OpenAI-compatible chat-completions wire format, as vLLM, SGLang, Ollama, LM Studio and
 * llama.cpp's server accept it: the image travels as a base64 `data:` URI in an `image_url` part.
 */
export type ContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatCompletionBody {
  model: string;
  messages: { role: 'user' | 'assistant'; content: ContentPart[] }[];
  max_tokens: number;
  temperature: number;
  /** Not in OpenAI's schema; vLLM and SGLang honour it, others ignore it. */
  top_k?: number;
  logprobs: boolean;
  top_logprobs?: number;
  stream: false;
}

/** Our chat messages with the one image as a `data:` URI where the prompt shows it. */
export function chatCompletionBody(
  model: string,
  messages: readonly ChatMessage[],
  imageDataUrl: string,
  params: GenerationParams,
): ChatCompletionBody {
  const body: ChatCompletionBody = {
    model,
    messages: messages.map((m) => ({
      role: m.role,
      content: m.content.map((c): ContentPart =>
        c.type === 'image'
          ? { type: 'image_url', image_url: { url: imageDataUrl } }
          : { type: 'text', text: c.text },
      ),
    })),
    max_tokens: params.maxNewTokens,
    // Greedy is temperature 0 on every server; sampling keeps the task's temperature and top-k.
    temperature: params.doSample ? params.temperature : 0,
    logprobs: true,
    top_logprobs: 1,
    stream: false,
  };
  if (params.doSample) body.top_k = params.topK;
  return body;
}

export interface ServerAnswer {
  text: string;
  /** Empty when the server returned no log-probabilities: confidence is then unknown. */
  tokens: TokenProbability[];
  finish: GenerationEnd;
  promptTokens: number;
  newTokens: number;
}

interface LogprobEntry {
  token?: unknown;
  logprob?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a completion; throws a plain Error naming what is missing when it is not one. */
export function readChatCompletion(json: unknown): ServerAnswer {
  if (!isRecord(json) || !Array.isArray(json.choices) || !isRecord(json.choices[0]))
    throw new Error('the server answered without choices');
  const choice = json.choices[0];
  const message = isRecord(choice.message) ? choice.message : {};
  const text = typeof message.content === 'string' ? message.content : '';
  const entries: unknown[] =
    isRecord(choice.logprobs) && Array.isArray(choice.logprobs.content)
      ? choice.logprobs.content
      : [];
  const tokens: TokenProbability[] = [];
  entries.forEach((e, i) => {
    const entry = (isRecord(e) ? e : {}) as LogprobEntry;
    if (typeof entry.token !== 'string' || typeof entry.logprob !== 'number') return;
    tokens.push({ id: i, text: entry.token, prob: Math.exp(Math.max(-1e4, entry.logprob)) });
  });
  const usage = isRecord(json.usage) ? json.usage : {};
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    text,
    // Tokens that do not spell the answer (a server that trims or rewrites) cannot be trusted.
    tokens: tokens.map((t) => t.text).join('') === text ? tokens : [],
    finish: choice.finish_reason === 'length' ? 'length' : 'eos',
    promptTokens: count(usage.prompt_tokens),
    newTokens: count(usage.completion_tokens) || tokens.length,
  };
}

/** Model ids from `GET /v1/models` (`{data: [{id}]}`); Ollama's tags list is not needed. */
export function readModelList(json: unknown): string[] {
  if (!isRecord(json) || !Array.isArray(json.data)) throw new Error('not a model list');
  return json.data
    .map((m) => (isRecord(m) && typeof m.id === 'string' ? m.id : null))
    .filter((id): id is string => id !== null);
}
