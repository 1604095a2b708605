import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for an OpenAI-compatible model server (vLLM, SGLang, Ollama). It checks
 * requests as strictly as vLLM's schema does and answers with real Qwen answers from
 * ../shared/qwen3vl-answers/ or from a test's script. Slowness, 429/500, a missing CORS header,
 * an API key and log-probabilities are switched per test.
 */
export interface ChatRequestSeen {
  model: string;
  /** The text parts of the last user turn, joined. */
  prompt: string;
  /** Decoded size in bytes of each image sent. */
  imageBytes: number[];
  /** The `data:` URIs' media types. */
  imageTypes: string[];
  origin: string | null;
  at: number;
}

export interface OpenAiServerOptions {
  models: string[];
  /** Answer text for a request; default: a real answer picked by the prompt (`sharedAnswerFor`). */
  answer: (request: ChatRequestSeen) => string;
  /** Add CORS headers (and answer preflights); off mimics a server started without them. */
  cors: boolean;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey: string | null;
  /** Reject `image_url`s that are not base64 `data:` URIs (vLLM with remote fetching disabled). */
  requireDataUrl: boolean;
  delayMs: number;
  /** Statuses to answer chat requests with, in turn, before answering normally (e.g. [429, 500]). */
  failures: number[];
  /** Log-probabilities: 'tokens' returns `logprobs.content`; 'none' leaves it out. */
  logprobs: 'tokens' | 'none';
  /** Log-probability given to every token ('tokens' mode). */
  tokenLogprob: number;
}

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'qwen3vl-answers');

interface SharedRecord {
  id: string;
  answer: string;
  task: string;
  coords: string;
}

let shared: Map<string, SharedRecord> | null = null;

/** One real answer from ../shared/qwen3vl-answers/answers.jsonl by its id. */
export function sharedAnswer(id: string): string {
  shared ??= new Map(
    readFileSync(join(SHARED, 'answers.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as SharedRecord)
      .map((r) => [r.id, r]),
  );
  const record = shared.get(id);
  if (!record) throw new Error(`no shared answer ${id}`);
  return record.answer;
}

export const SHARED_IMAGES = join(SHARED, 'images');

/** What a Qwen3-VL would plausibly say to our prompt, taken from the real answers. */
export function sharedAnswerFor(request: ChatRequestSeen): string {
  const p = request.prompt;
  if (/bbox|定位|Locate/i.test(p) && !/text|文字/i.test(p))
    return sharedAnswer('q3-2d-dining-table');
  if (/point|点/i.test(p)) return sharedAnswer('q3-spatial-point-freespace');
  if (/Spotting|文字/i.test(p)) return sharedAnswer('q3-ocr-spotting-line');
  return sharedAnswer('q3-spatial-mc-window');
}

const DEFAULTS: OpenAiServerOptions = {
  models: ['Qwen/Qwen3-VL-8B-Instruct'],
  answer: sharedAnswerFor,
  cors: true,
  apiKey: null,
  requireDataUrl: true,
  delayMs: 0,
  failures: [],
  logprobs: 'tokens',
  tokenLogprob: Math.log(0.95),
};

class Rejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request checks vLLM's pydantic schema would make, with its kind of messages. */
function validate(body: unknown, options: OpenAiServerOptions, origin: string | null) {
  if (!isRecord(body)) throw new Rejected(400, 'body must be a JSON object');
  if (typeof body.model !== 'string' || !body.model)
    throw new Rejected(400, "Field required: 'model'");
  if (!options.models.includes(body.model))
    throw new Rejected(404, `The model \`${body.model}\` does not exist.`);
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    throw new Rejected(400, "Field required: 'messages'");
  for (const key of ['max_tokens', 'top_k', 'top_logprobs'])
    if (body[key] !== undefined && !Number.isInteger(body[key]))
      throw new Rejected(400, `'${key}' must be an integer`);
  if (body.temperature !== undefined && typeof body.temperature !== 'number')
    throw new Rejected(400, "'temperature' must be a number");
  if (body.logprobs !== undefined && typeof body.logprobs !== 'boolean')
    throw new Rejected(400, "'logprobs' must be a boolean");
  if (body.top_logprobs !== undefined && body.logprobs !== true)
    throw new Rejected(400, "'top_logprobs' needs 'logprobs': true");
  if (body.stream === true) throw new Rejected(400, 'this test server does not stream');
  const seen: ChatRequestSeen = {
    model: body.model,
    prompt: '',
    imageBytes: [],
    imageTypes: [],
    origin,
    at: Date.now(),
  };
  const texts: string[] = [];
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m) || !['system', 'user', 'assistant'].includes(m.role as string))
      throw new Rejected(400, `messages[${i}].role is not valid`);
    if (typeof m.content === 'string') {
      if (m.role === 'user') texts.push(m.content);
      continue;
    }
    if (!Array.isArray(m.content)) throw new Rejected(400, `messages[${i}].content is not valid`);
    for (const [j, part] of m.content.entries()) {
      const at = `messages[${i}].content[${j}]`;
      if (!isRecord(part)) throw new Rejected(400, `${at} must be an object`);
      if (part.type === 'text') {
        if (typeof part.text !== 'string') throw new Rejected(400, `${at}.text must be a string`);
        if (m.role === 'user') texts.push(part.text);
      } else if (part.type === 'image_url') {
        const url = isRecord(part.image_url) ? part.image_url.url : undefined;
        if (typeof url !== 'string') throw new Rejected(400, `${at}.image_url.url is required`);
        const data = /^data:(image\/[\w.+-]+);base64,([A-Za-z0-9+/=]+)$/.exec(url);
        if (!data) {
          if (options.requireDataUrl)
            throw new Rejected(400, `${at}: only base64 data: image URLs are allowed`);
          continue;
        }
        const bytes = Buffer.from(data[2]!, 'base64');
        if (bytes.length === 0) throw new Rejected(400, `${at}: empty image`);
        seen.imageBytes.push(bytes.length);
        seen.imageTypes.push(data[1]!);
      } else {
        throw new Rejected(400, `${at}.type '${String(part.type)}' is not supported`);
      }
    }
  }
  seen.prompt = texts.join('\n');
  return seen;
}

/** A few characters per token, as a tokenizer would split; they spell the answer exactly. */
function tokensOf(text: string): string[] {
  return text.match(/[\s\S]{1,3}/gu) ?? [];
}

export class OpenAiTestServer {
  options: OpenAiServerOptions;
  /** Every chat request that passed the checks, in arrival order. */
  readonly requests: ChatRequestSeen[] = [];
  /** Every HTTP request at all (method and path), for privacy checks. */
  readonly hits: { method: string; path: string; origin: string | null }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;

  constructor(options: Partial<OpenAiServerOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  set(options: Partial<OpenAiServerOptions>): void {
    this.options = { ...this.options, ...options };
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private send(res: ServerResponse, origin: string | null, status: number, body: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.cors) headers['access-control-allow-origin'] = origin ?? '*';
    res.writeHead(status, headers).end(JSON.stringify(body));
  }

  private fail(res: ServerResponse, origin: string | null, status: number, message: string) {
    this.send(res, origin, status, {
      object: 'error',
      message,
      type: 'BadRequestError',
      code: status,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin ?? null;
    const path = (req.url ?? '/').split('?')[0]!;
    this.hits.push({ method: req.method ?? '', path, origin });
    if (req.method === 'OPTIONS') {
      const headers: Record<string, string> = {};
      if (this.options.cors) {
        headers['access-control-allow-origin'] = origin ?? '*';
        headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        headers['access-control-allow-headers'] = 'authorization, content-type';
      }
      res.writeHead(204, headers).end();
      return;
    }
    const key = this.options.apiKey;
    if (key && req.headers.authorization !== `Bearer ${key}`)
      return this.fail(res, origin, 401, 'Unauthorized');
    if (req.method === 'GET' && path === '/v1/models')
      return this.send(res, origin, 200, {
        object: 'list',
        data: this.options.models.map((id) => ({ id, object: 'model', owned_by: 'test' })),
      });
    if (req.method !== 'POST' || path !== '/v1/chat/completions')
      return this.fail(res, origin, 404, `no route ${req.method} ${path}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let seen: ChatRequestSeen;
    try {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new Rejected(400, 'body is not JSON');
      }
      seen = validate(body, this.options, origin);
    } catch (error) {
      if (error instanceof Rejected) return this.fail(res, origin, error.status, error.message);
      throw error;
    }
    const failure = this.options.failures.shift();
    if (failure !== undefined) return this.fail(res, origin, failure, `scripted ${failure}`);
    this.requests.push(seen);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.delayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
      const text = this.options.answer(seen);
      const tokens = tokensOf(text);
      const logprobs =
        this.options.logprobs === 'tokens'
          ? {
              content: tokens.map((token) => ({
                token,
                logprob: this.options.tokenLogprob,
                top_logprobs: [{ token, logprob: this.options.tokenLogprob }],
              })),
            }
          : null;
      this.send(res, origin, 200, {
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: seen.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text },
            logprobs,
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: 300,
          completion_tokens: tokens.length,
          total_tokens: 300 + tokens.length,
        },
      });
    } finally {
      this.inFlight--;
    }
  }
}
