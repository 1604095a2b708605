import { basename, resolve } from 'node:path';
import { createStopCheck, generationEnd, type EarlyStop } from '../src/ai/answer';
import { modelInputSize } from '../src/media/model-input';
import { buildTaskPrompt, parseTaskAnswer, taskFor } from '../src/ai/tasks';
import { generate } from '../workers/qwen3vl/generate';
import { loadQwen3VL } from '../workers/qwen3vl/load';
import type { CliEngine } from './batch';

/**
 * `--engine local`: the project's own Qwen3-VL runtime (transformers.js) in this Node process on
 * onnxruntime-node, for machines without a model server. The model folder has the Hub layout
 * (config.json, tokenizer, onnx/…); images run one at a time whatever --concurrency says, since
 * one model answers one image at a time.
 */
export async function localEngine(options: {
  modelDir: string;
  maxImageTokens: number;
  dtype?: 'q4' | 'q4f16' | 'fp32';
}): Promise<CliEngine> {
  const location = resolve(options.modelDir);
  const handle = await loadQwen3VL({
    source: { kind: 'folder', location },
    device: 'cpu',
    dtype: options.dtype ?? 'q4',
    maxImageTokens: options.maxImageTokens,
  });
  const model = { id: basename(location), revision: 'local' };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run: (image, setup) => {
      const next = queue.then(async () => {
        const prompt = buildTaskPrompt(
          setup.task,
          { image: image.size, schema: setup.schema, options: setup.options },
          setup.lang,
        );
        const shown = prompt.crop ?? { x: 0, y: 0, ...image.size };
        const png = await image.png(
          prompt.crop,
          modelInputSize({ width: shown.width, height: shown.height }, options.maxImageTokens),
        );
        const task = taskFor(setup.task);
        const stopCheck = createStopCheck(task.stop);
        let stoppedBecause: EarlyStop | null = null;
        const result = await generate(
          handle,
          {
            image: new Blob([new Uint8Array(png)], { type: 'image/png' }),
            messages: prompt.messages,
            params: {
              maxNewTokens: setup.params.maxNewTokens,
              doSample: setup.params.doSample,
              temperature: setup.params.temperature,
              topK: setup.params.topK,
              maxImageTokens: options.maxImageTokens,
            },
          },
          {
            shouldStop: ({ text }) => {
              stoppedBecause = stopCheck(text);
              return stoppedBecause !== null;
            },
          },
        );
        return parseTaskAnswer(setup.task, result.text, result.tokens, {
          image: image.size,
          schema: setup.schema,
          options: setup.options,
          model,
          params: setup.params,
          now: Date.now(),
          finish: generationEnd(result.stopReason, stoppedBecause),
        });
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      const disposable = handle.model as { dispose?: () => Promise<unknown> };
      await disposable.dispose?.();
    },
  };
}
