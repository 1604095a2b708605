import type { ImageItem, LabelSchema } from '../domain';
import type { AnnotateResult } from '../../workers/inference.protocol';
import type { InferenceClient } from './client';
import { modelInputBitmap } from './model-input';
import { buildTaskPrompt, parseTaskAnswer, taskFor } from './tasks';
import type {
  GenerationParams,
  PromptLanguage,
  TaskId,
  TaskOptionsById,
  TaskResult,
} from './tasks/types';

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
  onText: (chunk: string) => void;
}

export interface RunTaskOutcome {
  result: TaskResult;
  answer: AnnotateResult;
}

/** One task on one image: prompt → pixels to the worker → streamed answer → parsed records. */
export async function runTask<K extends TaskId>(
  request: RunTaskRequest<K>,
): Promise<RunTaskOutcome> {
  const size = { width: request.image.width, height: request.image.height };
  const prompt = buildTaskPrompt(
    request.task,
    { image: size, schema: request.schema, options: request.options },
    request.lang,
  );
  const bitmap = await modelInputBitmap(
    request.original,
    size,
    prompt.crop,
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
  const result = parseTaskAnswer(request.task, answer.text, answer.tokens, {
    image: size,
    schema: request.schema,
    options: request.options,
    model: { id: request.model.modelId, revision: request.model.revision },
    params: request.params,
    now: Date.now(),
    finish: answer.finish,
  });
  // An answer without token probabilities (a server without logprobs): confidence is unknown.
  const unknown = answer.tokens.length === 0 && answer.text.length > 0;
  return { result: unknown ? { ...result, confidenceUnknown: true } : result, answer };
}
