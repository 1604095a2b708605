/**
 * What went wrong talking to a model server, in kinds the UI and the CLI put into words. A browser
 * cannot tell a missing CORS header from a server that is down (both are a bare "Failed to fetch"),
 * so the connection test asks again without CORS to tell them apart (see connection-test.ts).
 */
export type ServerProblemKind =
  | 'host-not-allowed'
  | 'offline'
  | 'unreachable'
  | 'cors'
  | 'unauthorized'
  | 'model-not-found'
  | 'unsupported-model'
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'bad-request'
  | 'bad-answer';

export class ServerError extends Error {
  constructor(
    readonly kind: ServerProblemKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ServerError';
  }

  /** Worth another try after a pause: the server is busy or hiccuped. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server-error';
  }

  /**
   * Would fail every image alike: a batch pauses instead of marking each image failed, and resumes
   * once the user fixed the setting (key, model name, allowed host, network).
   */
  get stopsBatch(): boolean {
    return (
      this.kind === 'unauthorized' ||
      this.kind === 'model-not-found' ||
      this.kind === 'unsupported-model' ||
      this.kind === 'host-not-allowed' ||
      this.kind === 'offline' ||
      this.kind === 'unreachable' ||
      this.kind === 'cors'
    );
  }
}

/** The server's own words, from an OpenAI-style `{error: {message}}` body or plain text. */
export function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof json.error === 'string') return json.error;
    if (json.error && typeof json.error.message === 'string') return json.error.message;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // Not JSON: the text itself, shortened.
  }
  return body.slice(0, 300);
}

/** An HTTP error status as a problem kind. */
export function httpProblem(status: number, body: string): ServerError {
  const said = serverMessage(body);
  if (status === 401 || status === 403) return new ServerError('unauthorized', said, status);
  if (status === 404) return new ServerError('model-not-found', said, status);
  if (status === 408) return new ServerError('timeout', said, status);
  if (status === 429) return new ServerError('rate-limited', said, status);
  if (status >= 500) return new ServerError('server-error', said, status);
  // vLLM answers an unknown model with 400/404 and says so.
  if (/model .*(does not exist|not found)|not found.*model/i.test(said))
    return new ServerError('model-not-found', said, status);
  return new ServerError('bad-request', said, status);
}
