import { generate } from '../../workers/qwen3vl/generate.ts';
import { loadQwen3VL } from '../../workers/qwen3vl/load.ts';
import type { GenerateResult } from '../../workers/qwen3vl/types.ts';
import type { HarnessReply, HarnessRun } from './protocol.ts';

/** A real PNG of one flat grey level, made the way a browser would hand an image over. */
async function greyPng(level: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(96, 64);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context in the worker');
  context.fillStyle = `rgb(${level}, ${level}, ${level})`;
  context.fillRect(0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function run(job: HarnessRun): Promise<HarnessReply> {
  let progressEvents = 0;
  const handle = await loadQwen3VL(
    {
      source: job.source,
      device: job.device,
      dtype: job.dtype,
      wasmPaths: new URL('/ort/', self.location.href).href,
    },
    () => (progressEvents += 1),
  );
  const results: GenerateResult[] = [];
  const chunks: string[][] = [];
  for (const request of job.requests) {
    const received: string[] = [];
    const image = request.grey === undefined ? undefined : await greyPng(request.grey);
    results.push(
      await generate(
        handle,
        { ...(image ? { image } : {}), prompt: request.prompt, params: { maxNewTokens: 40 } },
        { onText: (chunk) => received.push(chunk) },
      ),
    );
    chunks.push(received);
  }
  return { ok: true, results, chunks, progressEvents };
}

self.onmessage = async (event: MessageEvent<HarnessRun>) => {
  try {
    self.postMessage(await run(event.data));
  } catch (error) {
    const reply: HarnessReply = {
      ok: false,
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    };
    self.postMessage(reply);
  }
};
