import { deriveTriggers } from './derive-triggers';
import type { TextEncoder } from './script-spec';
import { emptySchema, type ReviewReason } from '../../src/domain';
import type { TokenProbability } from '../../src/ai/confidence';
import { buildTaskPrompt } from '../../src/ai/tasks';
import type { PromptLanguage, TaskId, TaskOptionsById } from '../../src/ai/tasks/types';

/**
 * What the scripted synthetic Qwen3-VL says for each task in the e2e tests, and what the app must
 * make of it. Script syntax is the generator's (models-manifest/synthetic/script-spec.ts):
 * `[?text?]` marks unsure tokens (probability ≈ 0.4, the rest ≈ 1).
 *
 * Scripts are chosen by a trigger word that `syntheticSpec` finds in the app's own prompt for the
 * script's task and options, in English and in Chinese (a word no other prompt has), so prompts can
 * be reworded freely and both languages run end to end.
 */
export const SYNTHETIC_IMAGE_SIZE = { width: 640, height: 480 } as const;

export interface ExpectedRegion {
  label: string;
  /** Pixels of SYNTHETIC_IMAGE_SIZE: a box {x, y, w, h} or a point {x, y}. */
  box?: { x: number; y: number; w: number; h: number };
  point?: { x: number; y: number };
}

export interface ExpectedParse {
  status: 'pre-annotated' | 'needs-review';
  reasons: ReviewReason[];
  regions?: ExpectedRegion[];
  caption?: string;
  tags?: string[];
  ocr?: string[];
  fields?: Record<string, unknown>;
}

export interface SyntheticScript<K extends TaskId = TaskId> {
  name: string;
  task: K;
  options: TaskOptionsById[K];
  /** The script text, markup included. */
  script: string;
  expected: ExpectedParse;
}

function script<K extends TaskId>(s: SyntheticScript<K>): SyntheticScript<K> {
  return s;
}

export const SYNTHETIC_SCRIPTS = [
  script({
    name: 'report',
    task: 'report',
    options: {
      fields: [
        {
          name: 'defects',
          type: 'array',
          required: true,
          items: {
            name: 'defect',
            type: 'object',
            fields: [
              { name: 'type', type: 'enum', options: ['scratch', 'dent'], required: true },
              { name: 'bbox', type: 'bbox', required: true },
              { name: 'size_mm', type: 'number' },
            ],
          },
        },
        { name: 'compliance', type: 'enum', options: ['pass', 'fail'], required: true },
        { name: 'reasoning', type: 'string' },
      ],
      instructions: '',
    },
    script:
      '```json\n{"defects": [{"type": "scratch", "bbox": [250, 500, 500, 750], "size_mm": 12.5}], "compliance": "fail", "reasoning": "A long scratch on the lid."}\n```',
    expected: {
      status: 'pre-annotated',
      reasons: [],
      regions: [{ label: 'scratch', box: { x: 160, y: 240, w: 160, h: 120 } }],
      fields: {
        defects: [{ type: 'scratch', bbox: { x: 160, y: 240, w: 160, h: 120 }, size_mm: 12.5 }],
        compliance: 'fail',
        reasoning: 'A long scratch on the lid.',
      },
    },
  }),
  script({
    name: 'caption',
    task: 'caption-tags',
    options: {
      dimensions: [],
      vocabulary: [],
      restrictToVocabulary: false,
      captionLanguage: 'en',
      maxTags: 10,
    },
    script:
      '```json\n{"caption": "A red running shoe on a white background.", "tags": ["shoe", "red", "sport"]}\n```',
    expected: {
      status: 'pre-annotated',
      reasons: [],
      caption: 'A red running shoe on a white background.',
      tags: ['shoe', 'red', 'sport'],
    },
  }),
  script({
    name: 'ocr',
    task: 'ocr',
    options: { engine: 'qwen', readingOrder: 'model' },
    script:
      '```json\n[\n\t{"bbox_2d": [100, 100, 900, 200], "text_content": "ANNOTA DEMO"},\n\t{"bbox_2d": [100, 300, 600, 380], "text_content": "总计 ¥42.00"}\n]\n```',
    expected: { status: 'pre-annotated', reasons: [], ocr: ['ANNOTA DEMO', '总计 ¥42.00'] },
  }),
  script({
    name: 'points',
    task: 'points',
    options: { labels: ['apple'] },
    script:
      '```json\n[\n\t{"point_2d": [250, 500], "label": "apple"},\n\t{"point_2d": [750, 500], "label": "apple"}\n]\n```',
    expected: {
      status: 'pre-annotated',
      reasons: [],
      regions: [
        { label: 'apple', point: { x: 160, y: 240 } },
        { label: 'apple', point: { x: 480, y: 240 } },
      ],
    },
  }),
  script({
    name: 'detect-unparseable',
    task: 'detect',
    options: { labels: ['unicorn'] },
    script: 'The unicorn stands in the middle of the picture, next to a tree.',
    expected: { status: 'needs-review', reasons: ['unparseable-output', 'empty-result'] },
  }),
  script({
    // The model finds nothing it will name: a valid, empty answer (issue 15 item 6).
    name: 'detect-nothing',
    task: 'detect',
    options: { labels: ['face'] },
    script: '```json\n[]\n```',
    expected: { status: 'needs-review', reasons: ['empty-result'] },
  }),
  script({
    name: 'detect-low-confidence',
    task: 'detect',
    options: { labels: ['dog'] },
    script: '```json\n[\n\t[?{"bbox_2d": [100, 200, 600, 900], "label": "dog"}?]\n]\n```',
    expected: {
      status: 'needs-review',
      reasons: ['low-confidence'],
      regions: [{ label: 'dog', box: { x: 64, y: 96, w: 320, h: 336 } }],
    },
  }),
  script({
    name: 'detect',
    task: 'detect',
    options: { labels: ['cat', 'person'] },
    script:
      '```json\n[\n\t{"bbox_2d": [50, 100, 450, 900], "label": "cat"},\n\t{"bbox_2d": [500, 0, 1000, 1000], "label": "person"}\n]\n```',
    expected: {
      status: 'pre-annotated',
      reasons: [],
      regions: [
        { label: 'cat', box: { x: 32, y: 48, w: 256, h: 384 } },
        { label: 'person', box: { x: 320, y: 0, w: 320, h: 480 } },
      ],
    },
  }),
] as const;

/** The text of the prompt the app sends for a script, in one language. */
export function scriptPrompt(s: SyntheticScript, lang: PromptLanguage): string {
  const prompt = buildTaskPrompt(
    s.task,
    { image: SYNTHETIC_IMAGE_SIZE, schema: emptySchema(), options: s.options },
    lang,
  );
  return prompt.messages
    .flatMap((m) => m.content.map((c) => (c.type === 'text' ? c.text : '')))
    .join('');
}

export const SCRIPT_LANGUAGES: readonly PromptLanguage[] = ['en', 'zh'];

/**
 * The generator's spec: each script once per prompt language, triggered by a word of that
 * prompt. `reserved`: trigger words of other scripts in the same model (custom prompts), which
 * the derived ones must not share.
 */
export function syntheticSpec(
  tokenizer: TextEncoder,
  reserved: readonly string[] = [],
): { scripts: { text: string; when: { trigger: string } }[] } {
  const entries = SYNTHETIC_SCRIPTS.flatMap((s) =>
    SCRIPT_LANGUAGES.map((lang) => ({
      s,
      name: `${s.name} (${lang})`,
      group: s.name,
      text: scriptPrompt(s, lang),
    })),
  );
  const triggers = deriveTriggers(entries, tokenizer, reserved);
  return {
    scripts: entries.map((e, i) => ({ text: e.s.script, when: { trigger: triggers[i]! } })),
  };
}

/** The answer text the model produces for a script (markup removed). */
export function scriptAnswer(text: string): string {
  return text.replace(/\[\?([\s\S]*?)\?\]/g, '$1');
}

/**
 * Tokens as the synthetic model reports them, for unit tests: a few characters per token,
 * probability 0.99 outside unsure spans and 0.4 inside them.
 */
export function scriptTokens(text: string, chunk = 3): TokenProbability[] {
  const tokens: TokenProbability[] = [];
  const pattern = /\[\?([\s\S]*?)\?\]/g;
  let last = 0;
  const push = (part: string, prob: number) => {
    for (let i = 0; i < part.length; i += chunk)
      tokens.push({ id: tokens.length, text: part.slice(i, i + chunk), prob });
  };
  for (const match of text.matchAll(pattern)) {
    push(text.slice(last, match.index), 0.99);
    push(match[1]!, 0.4);
    last = match.index + match[0].length;
  }
  push(text.slice(last), 0.99);
  return tokens;
}
