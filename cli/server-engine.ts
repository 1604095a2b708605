import { coordinateConvention } from '../src/ai/server/conventions';
import { ServerClient, type ServerConnection } from '../src/ai/server/server-client';
import { ServerError } from '../src/ai/server/server-error';
import { runServerTask } from '../src/ai/server/server-task';
import type { CliEngine } from './batch';
import { httpFetch } from './http-fetch';

/**
 * The CLI's engine for an OpenAI-compatible server. It checks once, before the first image, that
 * the server lists the model and that the model writes coordinates the way our parsers read them.
 */
export async function serverEngine(
  connection: ServerConnection,
  options: {
    maxImageTokens: number;
    assumeRelative: boolean;
    concurrency: number;
    log: (line: string) => void;
  },
): Promise<CliEngine> {
  const client = new ServerClient(connection, httpFetch(options.concurrency));
  const models = await client.listModels();
  if (!models.includes(connection.model))
    throw new ServerError(
      'model-not-found',
      `the server does not serve "${connection.model}"; it serves: ${models.join(', ') || 'nothing'}`,
    );
  const convention = coordinateConvention(connection.model);
  if (convention === 'absolute-pixels')
    options.log(
      `${connection.model} answers in pixels of its resized input (Qwen2.5-VL): coordinates are converted back assuming the server's default resize (multiples of 28, at most 12,845,056 pixels)`,
    );
  if (convention === 'unknown' && !options.assumeRelative)
    throw new ServerError(
      'unsupported-model',
      `cannot tell how ${connection.model} writes coordinates; pass --coordinates relative-1000 if it answers like Qwen3-VL`,
    );
  const label = new URL(connection.baseUrl).host;
  return {
    run: async (image, setup) => {
      const { result } = await runServerTask({
        client,
        serverLabel: `server:${label}`,
        task: setup.task,
        options: setup.options,
        params: setup.params,
        lang: setup.lang,
        image: image.size,
        schema: setup.schema,
        maxImageTokens: options.maxImageTokens,
        convention: convention === 'absolute-pixels' ? convention : 'relative-1000',
        encode: image.encode,
        now: Date.now(),
        onRetry: (error, wait) =>
          options.log(`retrying in ${(wait / 1000).toFixed(1)} s: ${error.kind} ${error.message}`),
      });
      return result;
    },
    close: async () => {},
  };
}
