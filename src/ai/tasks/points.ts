import type { Region } from '../../domain';
import { fullFrame } from '../coordinates';
import { parseGrounding } from './grounding';
import { imagePrompt, nameList } from './prompt';
import { defineTask } from './records';
import type { PointsOptions, PromptLanguage } from './types';

export function pointsPromptText(labels: readonly string[], lang: PromptLanguage): string {
  const names = nameList(labels, lang);
  if (lang === 'zh')
    return `定位图中属于以下类别的每一个实例：'${names || '所有物体'}'。以 JSON 格式输出点坐标，格式为 [{"point_2d": [x, y], "label": "类别"}]。`;
  return `Locate every instance that belongs to the following categories: '${names || 'all objects'}'. Report point coordinates in JSON format, like [{"point_2d": [x, y], "label": "name"}].`;
}

/** How many points of each label — what a counting task shows. */
export function countByLabel(regions: readonly Region[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  return counts;
}

export const pointsTask = defineTask<'points'>({
  id: 'points',
  nameKey: 'ai.task.points.name',
  descriptionKey: 'ai.task.points.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 768 },
  stop: { jsonClose: true, expectRoot: 'array', loop: true },
  defaultOptions: (schema): PointsOptions => ({ labels: schema.classes.map((c) => c.name) }),
  buildPrompt: (ctx, lang) => imagePrompt(pointsPromptText(ctx.options.labels, lang)),
  parse: (answer, tokens, ctx) =>
    parseGrounding(answer, tokens, ctx, {
      task: 'points',
      shape: 'point',
      requested: ctx.options.labels,
      frame: fullFrame(ctx.image, ctx.grid),
    }),
});
