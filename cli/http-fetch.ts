import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../src/ai/server/server-client';

/**
 * The CLI's transport to the model server: node:http with kept-alive connections, one per image in
 * flight. Node's fetch (undici over web streams) cost about as much CPU per image as everything
 * else the CLI does; the answers are small JSON documents read whole anyway.
 */
export function httpFetch(maxSockets: number): FetchLike {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const send = url.protocol === 'https:' ? https.request : http.request;
      const headers = new Headers(init.headers);
      const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
      if (init.body !== undefined && init.body !== null && body === undefined)
        return reject(new TypeError('only string bodies are sent'));
      if (body) headers.set('content-length', String(body.length));
      const request = send(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              if (typeof value === 'string') answerHeaders.set(name, value);
              else if (Array.isArray(value)) for (const v of value) answerHeaders.append(name, v);
            // A Response cannot carry a body with these statuses.
            const empty = status === 204 || status === 304 || init.method === 'HEAD';
            try {
              resolve(
                new Response(empty ? null : Buffer.concat(chunks), {
                  status,
                  statusText: response.statusMessage ?? '',
                  headers: answerHeaders,
                }),
              );
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}
