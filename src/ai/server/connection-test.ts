import { coordinateConvention, type CoordinateConvention } from './conventions';
import { apiRoot, ServerClient, type FetchLike, type ServerConnection } from './server-client';
import { ServerError, type ServerProblemKind } from './server-error';

/** A 1×1 white PNG: the cheapest real image request a server can answer. */
export const ONE_PIXEL_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4//8/AwAI/AL+hc2rNAAAAABJRU5ErkJggg==';

export interface ConnectionProblem {
  kind: ServerProblemKind;
  message: string;
  status: number | null;
}

export interface ConnectionReport {
  ok: boolean;
  /** What /v1/models listed (empty when it could not be read). */
  models: string[];
  convention: CoordinateConvention | null;
  problem: ConnectionProblem | null;
  /** Time of the one-pixel request, a rough idea of the server's latency. */
  pixelMs: number | null;
}

export interface ConnectionDeps {
  fetcher?: FetchLike;
  online?: () => boolean;
  /** Whether the page's security policy lets it reach this URL (the build's allowed servers). */
  allowed: (url: string) => boolean;
}

function problemOf(error: unknown): ConnectionProblem {
  if (error instanceof ServerError)
    return { kind: error.kind, message: error.message, status: error.status };
  return {
    kind: 'bad-answer',
    message: error instanceof Error ? error.message : String(error),
    status: null,
  };
}

/**
 * A browser reports a missing CORS header and a server that is down alike ("Failed to fetch"). An
 * opaque no-cors request succeeds when something answers at all: then it is CORS.
 */
async function corsOrUnreachable(baseUrl: string, fetcher: FetchLike): Promise<ServerProblemKind> {
  try {
    await fetcher(`${apiRoot(baseUrl)}/models`, {
      mode: 'no-cors',
      signal: AbortSignal.timeout(5000),
    });
    return 'cors';
  } catch {
    return 'unreachable';
  }
}

/**
 * The Test button: allowed host → `GET /v1/models` → the model is listed and answers the way our
 * parsers read → one real one-pixel chat request. Stops at the first problem, named by kind.
 */
export async function testConnection(
  connection: ServerConnection,
  deps: ConnectionDeps,
): Promise<ConnectionReport> {
  const report: ConnectionReport = {
    ok: false,
    models: [],
    convention: null,
    problem: null,
    pixelMs: null,
  };
  if (!deps.allowed(apiRoot(connection.baseUrl))) {
    report.problem = { kind: 'host-not-allowed', message: connection.baseUrl, status: null };
    return report;
  }
  const fetcher: FetchLike = deps.fetcher ?? ((input, init) => fetch(input, init));
  const client = new ServerClient(
    connection,
    fetcher,
    { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    deps.online,
  );
  try {
    report.models = await client.listModels();
  } catch (error) {
    report.problem = problemOf(error);
    if (report.problem.kind === 'unreachable')
      report.problem.kind = await corsOrUnreachable(connection.baseUrl, fetcher);
    return report;
  }
  if (!report.models.includes(connection.model)) {
    report.problem = {
      kind: 'model-not-found',
      message: report.models.join(', '),
      status: null,
    };
    return report;
  }
  report.convention = coordinateConvention(connection.model);
  // Qwen2.5-VL is read on its resized input (see resized-input.ts); an unknown family is refused.
  if (report.convention === 'unknown') {
    report.problem = { kind: 'unsupported-model', message: connection.model, status: null };
    return report;
  }
  const started = performance.now();
  try {
    await client.complete(
      [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Reply with OK.' }] }],
      ONE_PIXEL_PNG,
      { doSample: false, temperature: 0, topK: 1, maxNewTokens: 4 },
    );
  } catch (error) {
    report.problem = problemOf(error);
    return report;
  }
  report.pixelMs = performance.now() - started;
  report.ok = true;
  return report;
}
