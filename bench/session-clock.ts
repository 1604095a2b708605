import type { Qwen3VLHandle } from '../workers/qwen3vl/load.ts';

interface TimedSession {
  run: (feeds: unknown) => Promise<unknown>;
}

/**
 * Times each ONNX session run of a loaded model (the first decoder run of a generation is the
 * prefill), and the processor's image and text steps, by wrapping them in place.
 */
export class SessionClock {
  totals = SessionClock.zero();
  private firstDecoderRun = true;

  private static zero() {
    return {
      vision: 0,
      embed: 0,
      prefill: 0,
      decode: 0,
      decodeSteps: 0,
      preprocess: 0,
      tokenize: 0,
    };
  }

  private readonly sessions: Record<string, TimedSession>;

  constructor(handle: Qwen3VLHandle) {
    this.sessions = (
      handle.model as unknown as { sessions: Record<string, TimedSession> }
    ).sessions;
    for (const [name, session] of Object.entries(this.sessions)) {
      const run = session.run.bind(session);
      session.run = async (feeds) => {
        const started = performance.now();
        const out = await run(feeds);
        this.record(name, performance.now() - started);
        return out;
      };
    }
    const processor = handle.processor as unknown as { image_processor: object; tokenizer: object };
    this.time(processor.image_processor, '_call', 'preprocess');
    this.time(processor.tokenizer, '_call', 'tokenize');
    // Rendering the chat template is part of turning the request into tokens.
    this.time(handle.processor, 'apply_chat_template', 'tokenize');
  }

  /** Session names, in the order the model holds them. */
  get sessionNames(): string[] {
    return Object.keys(this.sessions);
  }

  /** Call before each generation, so its first decoder run counts as the prefill. */
  startGeneration(): void {
    this.firstDecoderRun = true;
  }

  reset(): void {
    this.totals = SessionClock.zero();
  }

  /**
   * Replaces a method with a timed wrapper, staying synchronous for synchronous methods.
   * transformers.js processors and tokenizers are callables that forward to `_call`, and an own
   * property wins over the prototype's.
   */
  private time(object: object, method: string, key: 'preprocess' | 'tokenize'): void {
    const target = object as Record<string, (...args: unknown[]) => unknown>;
    const original = target[method];
    if (typeof original !== 'function') throw new Error(`cannot time ${method}: not a method`);
    target[method] = (...args: unknown[]) => {
      const started = performance.now();
      const out = original.apply(object, args);
      if (out instanceof Promise)
        return out.finally(() => (this.totals[key] += performance.now() - started));
      this.totals[key] += performance.now() - started;
      return out;
    };
  }

  private record(session: string, ms: number): void {
    if (session === 'decoder_model_merged') {
      if (this.firstDecoderRun) this.totals.prefill += ms;
      else {
        this.totals.decode += ms;
        this.totals.decodeSteps += 1;
      }
      this.firstDecoderRun = false;
    } else if (session === 'vision_encoder') this.totals.vision += ms;
    else if (session === 'embed_tokens') this.totals.embed += ms;
  }
}
