import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qwen3Encoder } from '../../../models-manifest/synthetic/generate';
import { compileScripts, parseSpec } from '../../../models-manifest/synthetic/script-spec';
import { emptySchema } from '../../domain';
import { reviewAnswer } from '../review-rules';
import {
  buildTaskPrompt,
  defaultTaskOptions,
  isTaskId,
  parseTaskAnswer,
  TASK_IDS,
  TASKS,
} from './index';
import {
  scriptAnswer,
  scriptTokens,
  SYNTHETIC_IMAGE_SIZE,
  SYNTHETIC_SCRIPTS,
  SCRIPT_LANGUAGES,
  scriptPrompt,
  syntheticSpec,
} from '../../../models-manifest/synthetic/task-scripts';
import { testContext } from './test-context';
import type { TaskId } from './types';

describe('task registry', () => {
  it('lists every task once, with i18n keys and greedy defaults without top_p', () => {
    expect(new Set(TASK_IDS)).toEqual(new Set(Object.keys(TASKS)));
    for (const id of TASK_IDS) {
      const task = TASKS[id];
      expect(task.id).toBe(id);
      expect(task.nameKey).toBe(`ai.task.${id}.name`);
      expect(task.defaultParams.doSample).toBe(false);
      expect(Object.keys(task.defaultParams).sort()).toEqual([
        'doSample',
        'maxNewTokens',
        'temperature',
        'topK',
      ]);
    }
    expect(isTaskId('detect')).toBe(true);
    expect(isTaskId('segment')).toBe(false);
  });

  it('builds a prompt with the image first for every task in both languages', () => {
    const schema = emptySchema();
    for (const id of TASK_IDS) {
      for (const lang of ['zh', 'en'] as const) {
        const options = defaultTaskOptions(id, schema);
        const prompt = buildTaskPrompt(
          id,
          { image: { width: 640, height: 480 }, schema, options },
          lang,
        );
        expect(prompt.messages[0]!.content[0]).toEqual({ type: 'image' });
      }
    }
  });

  it('never throws, whatever the model says', () => {
    const schema = emptySchema();
    fc.assert(
      fc.property(
        fc.constantFrom<TaskId>(...TASK_IDS),
        fc.string({ unit: 'binary' }),
        (id, answer) => {
          const result = parseTaskAnswer(
            id,
            answer,
            [],
            testContext(defaultTaskOptions(id, schema), { schema }),
          );
          expect(result.raw).toBe(answer);
          expect(['pre-annotated', 'needs-review']).toContain(reviewAnswer(result).status);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('synthetic model scripts', () => {
  it('are short', () => {
    // Measured with the Qwen3 tokenizer: these scripts take 15–83 tokens, at 3+ characters each.
    for (const s of SYNTHETIC_SCRIPTS) expect(scriptAnswer(s.script).length).toBeLessThan(360);
  });

  it('are triggered by a word of their own prompt, in English and in Chinese, and by no other prompt', async () => {
    const tokenizer = await qwen3Encoder();
    const spec = syntheticSpec(tokenizer, ['story', 'HTML']);
    expect(spec.scripts).toHaveLength(SYNTHETIC_SCRIPTS.length * SCRIPT_LANGUAGES.length);
    // The generator accepts the spec (each trigger one token, none shared).
    const compiled = compileScripts(parseSpec(spec), tokenizer);
    SYNTHETIC_SCRIPTS.forEach((s, i) =>
      SCRIPT_LANGUAGES.forEach((lang, j) => {
        const ids = new Set(tokenizer.encode(scriptPrompt(s, lang)));
        // The first script whose trigger token is in the prompt is this one.
        const first = compiled.scriptTrigger.findIndex((code) =>
          compiled.triggerTokens.some((t) => t.code === code && ids.has(t.id)),
        );
        expect(spec.scripts[first]?.text, `${s.name} (${lang})`).toBe(s.script);
        expect(first).toBeLessThanOrEqual(i * SCRIPT_LANGUAGES.length + j);
      }),
    );
  });

  for (const s of SYNTHETIC_SCRIPTS) {
    it(`${s.name}: the answer parses as expected`, () => {
      const schema = emptySchema();
      const answer = scriptAnswer(s.script);
      const result = parseTaskAnswer(s.task, answer, scriptTokens(s.script), {
        ...testContext(s.options, { image: SYNTHETIC_IMAGE_SIZE, schema }),
      });
      const review = reviewAnswer(result);
      expect({ status: review.status, reasons: review.reasons }).toEqual({
        status: s.expected.status,
        reasons: s.expected.reasons,
      });
      const e = s.expected;
      if ('regions' in e)
        expect(
          result.records.regions.map((r) => ({
            label: r.label,
            ...(r.shape.kind === 'box' ? { box: r.shape.box } : {}),
            ...(r.shape.kind === 'point' ? { point: r.shape.point } : {}),
          })),
        ).toEqual(e.regions);
      if ('caption' in e) expect(result.records.caption?.text).toBe(e.caption);
      if ('tags' in e) expect(result.records.tags.map((t) => t.value)).toEqual(e.tags);
      if ('ocr' in e) expect(result.records.ocr.map((l) => l.text)).toEqual(e.ocr);
      if ('fields' in e) expect(result.records.fields?.values).toEqual(e.fields);
    });
  }
});
