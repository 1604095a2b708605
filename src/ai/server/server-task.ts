import type { LabelSchema, Size } from '../../domain';
import type { Frame } from '../coordinates';
import { buildTaskPrompt, parseTaskAnswer } from '../tasks';
import type {
  GenerationParams,
  PromptLanguage,
  TaskId,
  TaskOptionsById,
  TaskResult,
} from '../tasks/types';
import type { ServerAnswer } from './chat-completions';
import type { CoordinateConvention } from './conventions';
import { answerGrid } from './resized-input';
import type { ServerClient } from './server-client';
import type { ServerError } from './server-error';

/** One image token of Qwen-VL covers 32×32 pixels of the resized input. */
const PIXELS_PER_TOKEN = 32 * 32;

/**
 * The size to send a picture at: the server resizes to its own budget anyway, so sending more than
 * the image-token budget only costs bandwidth and base64 (a 12 MP photo is ~16 MB as a data URI).
 */
export function serverInputSize(picture: Size, maxImageTokens: number): Size {
  const budget = maxImageTokens * PIXELS_PER_TOKEN;
  const pixels = picture.width * picture.height;
  if (pixels <= budget) return { width: picture.width, height: picture.height };
  const scale = Math.sqrt(budget / pixels);
  return {
    width: Math.max(1, Math.round(picture.width * scale)),
    height: Math.max(1, Math.round(picture.height * scale)),
  };
}

/** Encodes the part of the image the prompt shows (whole or a crop) as a `data:` URI. */
export type EncodeImage = (crop: Frame | null, size: Size) => Promise<string>;

export interface ServerTaskRequest<K extends TaskId> {
  client: ServerClient;
  /** Written into provenance as the model's revision: which server answered. */
  serverLabel: string;
  task: K;
  options: TaskOptionsById[K];
  params: GenerationParams;
  lang: PromptLanguage;
  /** EXIF-corrected natural size of the image. */
  image: Size;
  schema: LabelSchema;
  maxImageTokens: number;
  /** How the model writes coordinates; Qwen2.5-VL's pixels are read on its resized input. */
  convention?: CoordinateConvention;
  encode: EncodeImage;
  now: number;
  signal?: AbortSignal;
  onRetry?: (error: ServerError, waitMs: number) => void;
}

export interface ServerTaskOutcome {
  result: TaskResult;
  answer: ServerAnswer;
}

/**
 * One task on one image through a model server: the same prompt and the same parser as the
 * in-browser engine, only the transport differs.
 */
export async function runServerTask<K extends TaskId>(
  request: ServerTaskRequest<K>,
): Promise<ServerTaskOutcome> {
  const prompt = buildTaskPrompt(
    request.task,
    { image: request.image, schema: request.schema, options: request.options },
    request.lang,
  );
  const shown = prompt.crop ?? { x: 0, y: 0, ...request.image };
  const sent = serverInputSize(
    { width: shown.width, height: shown.height },
    request.maxImageTokens,
  );
  const grid = answerGrid(request.convention ?? 'relative-1000', sent);
  const dataUrl = await request.encode(prompt.crop, sent);
  const answer = await request.client.complete(prompt.messages, dataUrl, request.params, {
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onRetry ? { onRetry: request.onRetry } : {}),
  });
  const result = parseTaskAnswer(request.task, answer.text, answer.tokens, {
    image: request.image,
    schema: request.schema,
    options: request.options,
    model: { id: request.client.model, revision: request.serverLabel },
    params: request.params,
    now: request.now,
    finish: answer.finish,
    ...(grid ? { grid } : {}),
  });
  return {
    result: answer.tokens.length === 0 ? { ...result, confidenceUnknown: true } : result,
    answer,
  };
}
