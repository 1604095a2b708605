import type { ChatMessage, TaskPrompt } from './types';
import type { Frame } from '../coordinates';

/** One user turn: the image, then the instruction — the layout Qwen-VL was trained on. */
export function imagePrompt(text: string, crop: Frame | null = null): TaskPrompt {
  return {
    messages: [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text }] }],
    crop,
  };
}

/** A list of names as the prompt quotes them. */
export function nameList(names: readonly string[], lang: 'zh' | 'en'): string {
  return names
    .map((n) => n.trim())
    .filter(Boolean)
    .join(lang === 'zh' ? '、' : ', ');
}

/**
 * The chat template rendered as text, as Qwen3-VL's `chat_template.jinja` does for Instruct models
 * (no default system turn, no <think>). The runtime renders the real template; this is for the
 * synthetic model, logs and tests.
 */
export function renderChatPrompt(messages: readonly ChatMessage[]): string {
  const turns = messages.map((m) => {
    const body = m.content
      .map((c) => (c.type === 'image' ? '<|vision_start|><|image_pad|><|vision_end|>' : c.text))
      .join('');
    return `<|im_start|>${m.role}\n${body}<|im_end|>\n`;
  });
  return `${turns.join('')}<|im_start|>assistant\n`;
}
