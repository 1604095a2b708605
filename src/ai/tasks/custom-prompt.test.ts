import { describe, expect, it } from 'vitest';
import { conversation, customPromptTask } from './custom-prompt';
import { cleanAnswerText } from './free-text';
import { renderChatPrompt } from './prompt';
import { testContext, uniformTokens } from './test-context';

describe('custom prompt conversation', () => {
  it('sends the image with the first question only and replays earlier answers', () => {
    const prompt = conversation({
      prompt: 'And its brand?',
      history: [{ question: 'What is this?', answer: 'A running shoe.' }],
    });
    expect(prompt.messages).toEqual([
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is this?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A running shoe.' }] },
      { role: 'user', content: [{ type: 'text', text: 'And its brand?' }] },
    ]);
    expect(renderChatPrompt(prompt.messages)).toBe(
      '<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>What is this?<|im_end|>\n' +
        '<|im_start|>assistant\nA running shoe.<|im_end|>\n' +
        '<|im_start|>user\nAnd its brand?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('puts a first question with the image', () => {
    expect(conversation({ prompt: '这是什么？', history: [] }).messages).toEqual([
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: '这是什么？' }] },
    ]);
  });
});

describe('custom prompt answers', () => {
  const ctx = testContext({ prompt: 'What is this?', history: [] });

  it('keeps the answer text, cleaned', () => {
    expect(cleanAnswerText('<think>hmm</think>\n"A shoe."')).toBe('A shoe.');
    expect(cleanAnswerText('```\nplain\n```')).toBe('plain');
    const r = customPromptTask.parse(' A red shoe. ', uniformTokens(' A red shoe. '), ctx);
    expect(r.records.answer).toBe('A red shoe.');
    expect(r.answerConfidence).toBeCloseTo(0.99);
    expect(r.problems).toEqual([]);
  });

  it('flags empty answers, refusals, loops and truncation', () => {
    expect(customPromptTask.parse('  ', [], ctx).problems).toEqual([{ kind: 'empty' }]);
    expect(customPromptTask.parse('对不起，我无法回答。', [], ctx).problems[0]).toMatchObject({
      kind: 'refusal',
    });
    expect(
      customPromptTask.parse('I am sorry, but I cannot help.', [], ctx).problems[0],
    ).toMatchObject({ kind: 'refusal' });
    const looped = customPromptTask.parse(
      `It is ${'a shoe, '.repeat(12)}`,
      [],
      testContext({ prompt: 'x', history: [] }, { finish: 'length' }),
    );
    expect(looped.problems.map((p) => p.kind)).toEqual(['loop', 'truncated']);
  });
});
