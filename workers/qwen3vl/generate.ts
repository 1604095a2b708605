import {
  InterruptableStoppingCriteria,
  RawImage,
  TextStreamer,
  type Tensor,
} from '@huggingface/transformers';
import { PIXELS_PER_IMAGE_TOKEN, type Qwen3VLHandle } from './load.ts';
import { IncrementalText } from './incremental-text.ts';
import { TokenStepCriteria } from './stopping.ts';
import { TokenProbabilityRecorder } from './token-probabilities.ts';
import type {
  ChatMessage,
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  GeneratedToken,
  ImageInput,
  StopReason,
} from './types.ts';

export const END_TOKENS: ReadonlySet<number> = new Set([151645, 151643]);
export const IMAGE_PAD = 151655;

interface Tokenizer {
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
}

interface ImageProcessorKnobs {
  max_pixels: number;
  min_pixels: number;
}

export async function toRawImage(image: ImageInput): Promise<RawImage> {
  if (image instanceof RawImage) return image;
  if (typeof image === 'string') return RawImage.read(image);
  return RawImage.fromBlob(image);
}

export function conversation(request: GenerateRequest): ChatMessage[] {
  if (request.messages) return request.messages;
  if (request.prompt === undefined) throw new Error('generate: give a prompt or messages');
  const content: ChatMessage['content'] = request.image ? [{ type: 'image' }] : [];
  content.push({ type: 'text', text: request.prompt });
  return [{ role: 'user', content }];
}

/** Caps the image-token budget for this call by lowering max_pixels (keeping min ≤ max). */
export function capImagePixels(handle: Qwen3VLHandle, maxImageTokens: number | undefined): void {
  const knobs = (handle.processor as unknown as { image_processor: ImageProcessorKnobs })
    .image_processor;
  const tokens = Math.min(maxImageTokens ?? handle.maxImageTokens, handle.maxImageTokens);
  knobs.max_pixels = tokens * PIXELS_PER_IMAGE_TOKEN;
  knobs.min_pixels = Math.min(knobs.min_pixels, knobs.max_pixels);
}

/**
 * One answer from the model: streams text, records each token's probability, and stops on the end
 * token, the token limit, an abort, or the caller's `shouldStop`.
 */
export async function generate(
  handle: Qwen3VLHandle,
  request: GenerateRequest,
  callbacks: GenerateCallbacks = {},
): Promise<GenerateResult> {
  const { processor, model } = handle;
  const tokenizer = (processor as unknown as { tokenizer: Tokenizer }).tokenizer;
  const prompt = processor.apply_chat_template(
    conversation(request) as unknown as Parameters<typeof processor.apply_chat_template>[0],
    {
      add_generation_prompt: true,
      chat_template: handle.chatTemplate,
    },
  ) as string;

  capImagePixels(handle, request.params.maxImageTokens);
  const image = request.image ? await toRawImage(request.image) : null;
  const inputs = (await processor(prompt, image)) as Record<string, Tensor>;
  const inputIds = inputs.input_ids as Tensor;
  const promptIds = Array.from(inputIds.data as BigInt64Array, Number);
  const imageTokens = promptIds.filter((id) => id === IMAGE_PAD).length;

  const recorder = new TokenProbabilityRecorder();
  const interrupter = new InterruptableStoppingCriteria();
  const tokens: GeneratedToken[] = [];
  const answer = new IncrementalText(tokenizer);
  let stoppedByCaller = false;
  const stepCriteria = new TokenStepCriteria((id) => {
    const token: GeneratedToken = {
      id,
      text: tokenizer.decode([id]),
      prob: recorder.probabilityOf(id),
    };
    tokens.push(token);
    const text = answer.push(id);
    callbacks.onToken?.(token);
    if (END_TOKENS.has(id) || !callbacks.shouldStop) return false;
    stoppedByCaller = callbacks.shouldStop({ text, tokens });
    return stoppedByCaller;
  });
  const abort = () => interrupter.interrupt();
  callbacks.signal?.addEventListener('abort', abort);
  if (callbacks.signal?.aborted) interrupter.interrupt();

  const streamer = callbacks.onText
    ? new TextStreamer(tokenizer as unknown as ConstructorParameters<typeof TextStreamer>[0], {
        skip_prompt: true,
        skip_special_tokens: true,
        callback_function: callbacks.onText,
      })
    : null;
  const { params } = request;
  try {
    await model.generate({
      ...inputs,
      do_sample: params.doSample ?? false,
      max_new_tokens: params.maxNewTokens,
      ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
      ...(params.topK === undefined ? {} : { top_k: params.topK }),
      repetition_penalty: params.repetitionPenalty ?? 1,
      logits_processor: [recorder],
      // The interrupter goes last so an abort raised while reporting a token stops at that token.
      stopping_criteria: [stepCriteria, interrupter],
      ...(streamer ? { streamer } : {}),
    } as unknown as Parameters<typeof model.generate>[0]);
  } finally {
    callbacks.signal?.removeEventListener('abort', abort);
  }

  const last = tokens.at(-1);
  let stopReason: StopReason = 'max_tokens';
  if (last && END_TOKENS.has(last.id)) stopReason = 'end';
  else if (stoppedByCaller) stopReason = 'stopped';
  else if (callbacks.signal?.aborted) stopReason = 'interrupted';
  return {
    text: decodeText(tokenizer, tokens),
    tokens,
    stopReason,
    promptTokens: promptIds.length,
    imageTokens,
  };
}

function decodeText(tokenizer: Tokenizer, tokens: readonly GeneratedToken[]): string {
  return tokenizer.decode(
    tokens.map((t) => t.id),
    { skip_special_tokens: true },
  );
}
