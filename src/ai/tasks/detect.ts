import { fullFrame } from '../coordinates';
import { parseGrounding } from './grounding';
import { imagePrompt, nameList } from './prompt';
import { defineTask } from './records';
import type { DetectOptions, PromptLanguage } from './types';

/** Qwen's own evaluation prompt for detection, so the model sees what it was trained on. */
export function detectPromptText(labels: readonly string[], lang: PromptLanguage): string {
  const names = nameList(labels, lang);
  if (lang === 'zh')
    return names
      ? `定位图中属于以下类别的每一个实例：'${names}'。以 JSON 格式输出 bbox 坐标。`
      : '定位图中的每一个物体，以 JSON 格式输出 bbox 坐标和类别标签。';
  return names
    ? `Locate every instance that belongs to the following categories: '${names}'. Report bbox coordinates in JSON format.`
    : 'Locate every object in the image. Report bbox coordinates and labels in JSON format.';
}

export const detectTask = defineTask<'detect'>({
  id: 'detect',
  nameKey: 'ai.task.detect.name',
  descriptionKey: 'ai.task.detect.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 1024 },
  stop: { jsonClose: true, expectRoot: 'array', loop: true },
  defaultOptions: (schema): DetectOptions => ({ labels: schema.classes.map((c) => c.name) }),
  buildPrompt: (ctx, lang) => imagePrompt(detectPromptText(ctx.options.labels, lang)),
  parse: (answer, tokens, ctx) =>
    parseGrounding(answer, tokens, ctx, {
      task: 'detect',
      shape: 'box',
      requested: ctx.options.labels,
      frame: ctx.frame ?? fullFrame(ctx.image, ctx.grid),
    }),
});
