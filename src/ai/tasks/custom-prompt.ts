import { fullFrame } from '../coordinates';
import { parseFreeText } from './free-text';
import { defineTask, emptyRecords } from './records';
import type { ChatMessage, CustomPromptOptions, TaskPrompt } from './types';

/**
 * The conversation for the chat template: the image goes with the first question only; earlier
 * answers are replayed as assistant turns so a follow-up question is asked in context.
 */
export function conversation(options: CustomPromptOptions): TaskPrompt {
  const questions = [...options.history.map((t) => t.question), options.prompt];
  const messages: ChatMessage[] = [];
  questions.forEach((question, i) => {
    messages.push({
      role: 'user',
      content:
        i === 0
          ? [{ type: 'image' }, { type: 'text', text: question }]
          : [{ type: 'text', text: question }],
    });
    const earlier = options.history[i];
    if (earlier)
      messages.push({ role: 'assistant', content: [{ type: 'text', text: earlier.answer }] });
  });
  return { messages, crop: null };
}

export const customPromptTask = defineTask<'custom-prompt'>({
  id: 'custom-prompt',
  nameKey: 'ai.task.custom-prompt.name',
  descriptionKey: 'ai.task.custom-prompt.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 512 },
  stop: { jsonClose: false, expectRoot: 'any', loop: true },
  defaultOptions: (): CustomPromptOptions => ({ prompt: '', history: [] }),
  // The user writes the prompt in their own language: it is sent as written.
  buildPrompt: (ctx) => conversation(ctx.options),
  parse: (answer, tokens, ctx) => {
    const found = parseFreeText(
      answer,
      tokens,
      ctx,
      'custom-prompt',
      fullFrame(ctx.image, ctx.grid),
    );
    return {
      task: 'custom-prompt',
      records: { ...emptyRecords(), answer: found.text || null, regions: found.regions },
      expected: ['answer'],
      problems: found.problems,
      raw: answer,
      answerConfidence: found.confidence,
    };
  },
});
