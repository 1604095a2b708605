import { describe, expect, it } from 'vitest';
import { emptySchema, type FieldDef } from '../../domain';
import { fullFrame } from '../coordinates';
import { DEFECT_REPORT_FIELDS, reportPromptText, reportTask } from './report';
import { validateReport } from './report-schema';
import { labelClass, testContext, uniformTokens } from './test-context';

const fields = [...DEFECT_REPORT_FIELDS];
const scratch = labelClass('scratch', ['划痕']);
const schema = { ...emptySchema(), classes: [scratch], fields };

function parse(answer: string) {
  return reportTask.parse(
    answer,
    uniformTokens(answer),
    testContext({ fields, instructions: '' }, { schema, image: { width: 2000, height: 1000 } }),
  );
}

describe('report prompt', () => {
  it('shows the schema as a JSON template with enums, boxes, required fields and notes', () => {
    const en = reportPromptText({ fields, instructions: 'Sizes in millimetres.' }, 'en');
    expect(en).toContain(
      '{"defects": [{"type": "scratch | dent | stain | crack", "bbox": [x1, y1, x2, y2], "size_mm": number, "confidence": number}], "compliance": "pass | fail", "reasoning": "text"}',
    );
    expect(en).toContain('Required fields: defects, compliance.');
    expect(en).toContain('- defects.size_mm: longest side in millimetres');
    expect(en).toContain('Sizes in millimetres.');
    expect(reportPromptText({ fields, instructions: '' }, 'zh')).toContain(
      '必填字段：defects、compliance。',
    );
  });
});

describe('report parse', () => {
  it('validates a defect report, converts its boxes and makes regions of them', () => {
    const r = parse(
      '```json\n{"defects": [{"type": "Scratch", "bbox": [100, 200, 300, 400], "size_mm": "12.5 mm", "confidence": 0.8},], "compliance": "fail", "reasoning": "One scratch on the lid."}\n```',
    );
    expect(r.problems).toEqual([]);
    expect(r.records.fields?.values).toEqual({
      defects: [
        {
          type: 'scratch',
          bbox: { x: 200, y: 200, w: 400, h: 200 },
          size_mm: 12.5,
          confidence: 0.8,
        },
      ],
      compliance: 'fail',
      reasoning: 'One scratch on the lid.',
    });
    expect(r.records.regions).toHaveLength(1);
    expect(r.records.regions[0]).toMatchObject({
      label: 'scratch',
      classId: scratch.id,
      note: 'defects[0].bbox',
      shape: { kind: 'box', box: { x: 200, y: 200, w: 400, h: 200 } },
    });
    expect(Object.keys(r.fieldConfidence ?? {})).toEqual(['defects', 'compliance', 'reasoning']);
  });

  it('reports every violation with its path and keeps the value the model gave', () => {
    const r = parse(
      '{"defects": [{"type": "hole", "bbox": [1, 2], "size_mm": "large"}], "compliance": "maybe", "extra": 1}',
    );
    expect(r.problems).toEqual([
      {
        kind: 'schema-violation',
        path: 'defects[0].type',
        message: 'expected one of: scratch, dent, stain, crack',
      },
      { kind: 'schema-violation', path: 'defects[0].bbox', message: 'expected [x1, y1, x2, y2]' },
      { kind: 'schema-violation', path: 'defects[0].size_mm', message: 'expected a number' },
      { kind: 'schema-violation', path: 'compliance', message: 'expected one of: pass, fail' },
    ]);
    expect(r.records.fields?.values).toMatchObject({ compliance: 'maybe', extra: 1 });
  });

  it('flags missing required fields of a truncated report', () => {
    const r = parse('{"defects": [{"type": "dent", "bbox": [0, 0, 500, 500]}, {"type": "scr');
    expect(r.problems.map((p) => (p.kind === 'schema-violation' ? p.path : p.kind))).toEqual([
      'compliance',
      'truncated',
    ]);
    expect(r.records.regions).toHaveLength(1);
  });

  it('flags hedged reasoning and refusals in both languages', () => {
    expect(
      parse('{"defects": [], "compliance": "pass", "reasoning": "图像太暗，无法确定是否有划痕。"}')
        .problems,
    ).toContainEqual({ kind: 'refusal', phrase: '无法确定' });
    expect(parse('I am unable to determine any defects.').problems).toEqual([
      { kind: 'refusal', phrase: 'unable to determine' },
    ]);
  });
});

describe('validateReport', () => {
  const frame = fullFrame({ width: 100, height: 100 });
  const defs: FieldDef[] = [
    { name: 'ok', type: 'boolean', required: true },
    { name: 'count', type: 'integer' },
    { name: 'tags', type: 'array', items: { name: 'tag', type: 'string' } },
    {
      name: 'meta',
      type: 'object',
      fields: [{ name: 'lang', type: 'enum', options: ['zh', 'en'], required: true }],
    },
  ];

  it('reads yes/no in both languages and checks integers, lists and objects', () => {
    expect(
      validateReport({ ok: '是', count: 3, tags: ['a', 2], meta: { lang: 'ZH' } }, defs, frame),
    ).toEqual({
      values: { ok: true, count: 3, tags: ['a', '2'], meta: { lang: 'zh' } },
      violations: [],
      boxes: [],
    });
    const bad = validateReport({ ok: 'perhaps', count: 2.5, tags: 'a', meta: {} }, defs, frame);
    expect(bad.violations.map((v) => v.path)).toEqual(['ok', 'count', 'tags', 'meta.lang']);
    expect(validateReport([1], defs, frame).violations).toEqual([
      { path: '$', message: 'expected an object' },
    ]);
  });
});
