import type { RawImage } from '@huggingface/transformers';
import type { AnnotateRequest } from './inference.protocol';
import type { GenerateRequest } from './qwen3vl';

/** What the runtime core is asked for one annotation request: its messages, sampling and budget. */
export function generateRequestOf(request: AnnotateRequest, image: RawImage): GenerateRequest {
  return {
    image,
    messages: request.messages,
    params: {
      maxNewTokens: request.params.maxNewTokens,
      doSample: request.params.doSample,
      temperature: request.params.temperature,
      topK: request.params.topK,
      maxImageTokens: request.maxImageTokens,
    },
  };
}
