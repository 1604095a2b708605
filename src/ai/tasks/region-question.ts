import type { AttributeDef, AttributeValue } from '../../domain';
import { cropAround, pixelBoxToQwen } from '../coordinates';
import { parseFreeText } from './free-text';
import { imagePrompt } from './prompt';
import { defineTask, emptyRecords } from './records';
import type { PromptLanguage, RegionQuestionOptions, TaskProblem } from './types';

function answerHint(attribute: AttributeDef | null, lang: PromptLanguage): string {
  const zh = lang === 'zh';
  switch (attribute?.type) {
    case 'enum': {
      const options = attribute.options ?? [];
      return zh
        ? `只回答以下之一：${options.join('、')}。`
        : `Answer with exactly one of: ${options.join(', ')}.`;
    }
    case 'bool':
      return zh ? '只回答“是”或“否”。' : 'Answer yes or no.';
    case 'number':
      return zh ? '只回答一个数字。' : 'Answer with a number only.';
    default:
      return zh ? '请简要回答。' : 'Answer briefly.';
  }
}

export function regionQuestionText(
  options: RegionQuestionOptions,
  crop: ReturnType<typeof cropAround>,
  lang: PromptLanguage,
): string {
  const [x1, y1, x2, y2] = pixelBoxToQwen(options.region, crop);
  const where =
    lang === 'zh'
      ? `请看这张图中 [${x1}, ${y1}, ${x2}, ${y2}] 区域（0 到 1000 的相对坐标）。`
      : `Look at the region [${x1}, ${y1}, ${x2}, ${y2}] of this image (relative coordinates from 0 to 1000).`;
  return `${where}\n${options.question.trim()}\n${answerHint(options.attribute, lang)}`;
}

const YES = /^(yes|y|true|是|有|对|正确)/i;
const NO = /^(no|n|false|否|没有|无|不)/i;

/** Reads a short answer as the attribute's type; null when it does not say one clear thing. */
export function answerValue(text: string, attribute: AttributeDef | null): AttributeValue | null {
  const t = text.trim().replace(/[。.!！]+$/, '');
  switch (attribute?.type) {
    case 'enum': {
      const options = attribute.options ?? [];
      const exact = options.find((o) => o.toLowerCase() === t.toLowerCase());
      if (exact !== undefined) return exact;
      const mentioned = options.filter((o) => t.toLowerCase().includes(o.toLowerCase()));
      return mentioned.length === 1 ? mentioned[0]! : null;
    }
    case 'bool':
      if (YES.test(t)) return true;
      if (NO.test(t)) return false;
      return null;
    case 'number': {
      const match = /-?\d+(?:\.\d+)?/.exec(t);
      return match ? Number(match[0]) : null;
    }
    default:
      return t || null;
  }
}

export const regionQuestionTask = defineTask<'region-question'>({
  id: 'region-question',
  nameKey: 'ai.task.region-question.name',
  descriptionKey: 'ai.task.region-question.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 256 },
  stop: { jsonClose: false, expectRoot: 'any', loop: true },
  defaultOptions: (): RegionQuestionOptions => ({
    region: { x: 0, y: 0, w: 0, h: 0 },
    regionId: null,
    question: '',
    margin: 0.15,
    attribute: null,
  }),
  buildPrompt: (ctx, lang) => {
    const crop = cropAround(ctx.options.region, ctx.image, ctx.options.margin);
    return imagePrompt(regionQuestionText(ctx.options, crop, lang), crop);
  },
  parse: (answer, tokens, ctx) => {
    const crop = cropAround(ctx.options.region, ctx.image, ctx.options.margin);
    const found = parseFreeText(answer, tokens, ctx, 'region-question', crop);
    const { attribute } = ctx.options;
    const value = found.text ? answerValue(found.text, attribute) : null;
    const problems: TaskProblem[] = [...found.problems];
    if (attribute && found.text && value === null)
      problems.push({
        kind: 'schema-violation',
        path: attribute.name,
        message: `not a ${attribute.type} answer`,
      });
    return {
      task: 'region-question',
      records: { ...emptyRecords(), answer: found.text || null, regions: found.regions },
      expected: ['answer'],
      problems,
      raw: answer,
      answerConfidence: found.confidence,
      regionAnswer: {
        regionId: ctx.options.regionId,
        attribute: attribute?.name ?? null,
        text: found.text,
        value,
        confidence: found.confidence,
      },
    };
  },
});
