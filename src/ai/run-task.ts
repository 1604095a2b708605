import type { ImageItem, LabelSchema } from '../domain';
import type { AnnotateResult } from '../../workers/inference.protocol';
import type { InferenceClient } from './client';
import { buildTaskPrompt, parseTaskAnswer, taskFor } from './tasks';
import { combineTileResults, planTiles } from './tasks/tiles';
import type {
  GenerationParams,
  PromptLanguage,
  TaskId,
  TaskOptionsById,
  TaskResult,
} from './tasks/types';

/**
 * Decodes the original and returns the part the model sees (the whole image or a crop) at the
 * token budget's size. The app does it in a worker: a 'high' quality downscale of a photo takes a
 * few hundred milliseconds, which on the page's thread would freeze it once per image of a batch.
 */
export type PrepareImage = (
  original: Blob,
  imageSize: { width: number; height: number },
  crop: { x: number; y: number; width: number; height: number } | null,
  maxImageTokens: number,
) => Promise<ImageBitmap>;

/** Whatever answers an annotate request: the in-browser worker or a model server. */
export type AnnotateEngine = Pick<InferenceClient, 'annotate' | 'cancel'>;

export interface RunTaskRequest<K extends TaskId> {
  client: AnnotateEngine;
  model: { modelId: string; revision: string };
  task: K;
  options: TaskOptionsById[K];
  params: GenerationParams;
  lang: PromptLanguage;
  image: ImageItem;
  original: Blob;
  schema: LabelSchema;
  maxImageTokens: number;
  prepareImage: PrepareImage;
  onText: (chunk: string) => void;
}

export interface RunTaskOutcome {
  result: TaskResult;
  answer: AnnotateResult;
}

/**
 * One task on one image: prompt → pixels to the worker → streamed answer → parsed records.
 * Detection on a very wide or tall image runs once per overlapping tile and merges the boxes.
 */
export async function runTask<K extends TaskId>(
  request: RunTaskRequest<K>,
): Promise<RunTaskOutcome> {
  const size = { width: request.image.width, height: request.image.height };
  const prompt = buildTaskPrompt(
    request.task,
    { image: size, schema: request.schema, options: request.options },
    request.lang,
  );
  const tiles =
    request.task === 'detect'
      ? planTiles(size, (request.options as TaskOptionsById['detect']).tiling)
      : [null];
  const results: TaskResult[] = [];
  const answers: AnnotateResult[] = [];
  for (const tile of tiles) {
    const bitmap = await request.prepareImage(
      request.original,
      size,
      tile ?? prompt.crop,
      request.maxImageTokens,
    );
    const answer = await request.client.annotate(
      {
        image: bitmap,
        messages: prompt.messages,
        params: request.params,
        maxImageTokens: request.maxImageTokens,
        stop: taskFor(request.task).stop,
      },
      request.onText,
    );
    answers.push(answer);
    results.push(
      parseTaskAnswer(request.task, answer.text, answer.tokens, {
        image: size,
        schema: request.schema,
        options: request.options,
        model: { id: request.model.modelId, revision: request.model.revision },
        params: request.params,
        now: Date.now(),
        finish: answer.finish,
        ...(answer.grid ? { grid: answer.grid } : {}),
        ...(tile && tiles.length > 1
          ? { frame: { ...tile, ...(answer.grid ? { grid: answer.grid } : {}) } }
          : {}),
      }),
    );
  }
  const result = combineTileResults(results);
  const answer = combineAnswers(answers);
  // An answer without token probabilities (a server without logprobs): confidence is unknown.
  const unknown = answer.tokens.length === 0 && answer.text.length > 0;
  return { result: unknown ? { ...result, confidenceUnknown: true } : result, answer };
}

function combineAnswers(answers: readonly AnnotateResult[]): AnnotateResult {
  const last = answers[answers.length - 1]!;
  if (answers.length === 1) return last;
  const sum = (pick: (t: AnnotateResult['timings']) => number) =>
    answers.reduce((total, a) => total + pick(a.timings), 0);
  return {
    text: answers.map((a) => a.text).join('\n\n'),
    tokens: answers.flatMap((a) => a.tokens),
    finish: last.finish,
    timings: {
      preprocessMs: sum((t) => t.preprocessMs),
      generateMs: sum((t) => t.generateMs),
      promptTokens: sum((t) => t.promptTokens),
      imageTokens: sum((t) => t.imageTokens),
      newTokens: sum((t) => t.newTokens),
    },
  };
}
