import {
  chatCompletionBody,
  readChatCompletion,
  readModelList,
  type ServerAnswer,
} from './chat-completions';
import { httpProblem, ServerError } from './server-error';
import type { ChatMessage, GenerationParams } from '../tasks/types';

/** Where the server is and how to talk to it; the API key never leaves this device otherwise. */
export interface ServerConnection {
  /** e.g. `http://gpu-box:8000/v1` or `http://gpu-box:8000` (`/v1` is added when missing). */
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubles each time, or the server's Retry-After when longer. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** `…/v1` of a base URL, whatever the user typed (trailing slash, with or without /v1). */
export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** Seconds or an HTTP date, as Retry-After may say. */
function retryAfterMs(response: Response): number {
  const value = response.headers.get('retry-after');
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

/**
 * A thin OpenAI-compatible client: one request at a time per call, a timeout per try, retries
 * with exponential backoff on 429 and 5xx. Concurrency is the caller's (the batch keeps N calls
 * in flight).
 */
export class ServerClient {
  constructor(
    private readonly connection: ServerConnection,
    private readonly fetcher: FetchLike = (input, init) => fetch(input, init),
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly isOnline: () => boolean = () => true,
  ) {}

  get model(): string {
    return this.connection.model;
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = {};
    if (json) headers['content-type'] = 'application/json';
    if (this.connection.apiKey) headers.authorization = `Bearer ${this.connection.apiKey}`;
    return headers;
  }

  /** One HTTP exchange with the timeout; network failures become ServerErrors. */
  private async once(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.connection.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.fetcher(`${apiRoot(this.connection.baseUrl)}${path}`, {
        ...init,
        signal: both,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted)
        throw new ServerError(
          'timeout',
          `no answer within ${Math.round(this.connection.timeoutMs / 1000)} s`,
        );
      if (!this.isOnline()) throw new ServerError('offline', 'this device is offline');
      throw new ServerError('unreachable', error instanceof Error ? error.message : String(error));
    }
  }

  /** Retries what is worth retrying; `onRetry` hears about each wait (for the progress line). */
  private async withRetry<T>(
    attempt: () => Promise<T>,
    signal?: AbortSignal,
    onRetry?: (error: ServerError, waitMs: number) => void,
  ): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof RetryableResponse) || n >= this.retry.attempts)
          throw error instanceof RetryableResponse ? error.error : error;
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (n - 1));
        const wait = Math.min(this.retry.maxDelayMs, Math.max(backoff, error.retryAfterMs));
        onRetry?.(error.error, wait);
        await sleep(wait, signal);
      }
    }
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const response = await this.once('/models', { headers: this.headers(false) }, signal);
    const text = await response.text();
    if (!response.ok) throw httpProblem(response.status, text);
    try {
      return readModelList(JSON.parse(text));
    } catch {
      throw new ServerError('bad-answer', 'the server did not answer /v1/models with a model list');
    }
  }

  async complete(
    messages: readonly ChatMessage[],
    imageDataUrl: string,
    params: GenerationParams,
    options: { signal?: AbortSignal; onRetry?: (error: ServerError, waitMs: number) => void } = {},
  ): Promise<ServerAnswer> {
    const body = JSON.stringify(
      chatCompletionBody(this.connection.model, messages, imageDataUrl, params),
    );
    return this.withRetry(
      async () => {
        const response = await this.once(
          '/chat/completions',
          { method: 'POST', headers: this.headers(true), body },
          options.signal,
        );
        const text = await response.text();
        if (!response.ok) {
          const problem = httpProblem(response.status, text);
          if (problem.retryable) throw new RetryableResponse(problem, retryAfterMs(response));
          throw problem;
        }
        try {
          return readChatCompletion(JSON.parse(text));
        } catch (error) {
          throw new ServerError('bad-answer', error instanceof Error ? error.message : 'not JSON');
        }
      },
      options.signal,
      options.onRetry,
    );
  }
}

class RetryableResponse extends Error {
  constructor(
    readonly error: ServerError,
    readonly retryAfterMs: number,
  ) {
    super(error.message);
  }
}
