import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectAnswer, type InspectRequest } from './inspect-answer';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function parseAnswer(args: string[], answer: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/parse-answer.ts', ...args], {
    cwd: ROOT,
    input: answer,
    encoding: 'utf8',
  });
}

describe('npm run parse-answer', () => {
  it('prints the records in pixels and the review reasons', () => {
    const answer =
      '```json\n[\n\t{"bbox_2d": [100, 200, 300, 400], "name_zh": "猫", "name_en": "cat"},\n\t{"bbox_2d": [500, 500, 600, 600], "label": "dog"}\n]\n```';
    const run = parseAnswer(
      ['--task', 'detect', '--width', '640', '--height', '480', '--labels', 'cat', '--lang', 'zh'],
      answer,
    );
    expect(run.stderr).not.toContain('parse-answer:');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as ReturnType<typeof inspectAnswer>;
    expect(out.regions).toEqual([
      { label: 'cat', box: { x: 64, y: 96, w: 128, h: 96 }, attributes: { name_zh: '猫' } },
      { label: 'dog', box: { x: 320, y: 240, w: 64, h: 48 }, attributes: {} },
    ]);
    expect(out.review).toEqual({
      status: 'needs-review',
      reasons: ['unknown-label'],
      details: { 'unknown-label': 'dog' },
    });
  });

  it('refuses a wrong task or size with the usage, exit code 2', () => {
    const run = parseAnswer(['--task', 'segment', '--width', '10', '--height', '10'], '[]');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--task must be one of caption, detect, points, ocr, report');
    const noSize = parseAnswer(['--task', 'ocr', '--height', '10'], 'text');
    expect(noSize.status).toBe(2);
    expect(noSize.stderr).toContain('--width must be a positive number');
  });
});

describe('inspectAnswer', () => {
  it('reads a 0-999 grid and a pixel grid when told', () => {
    const line = '[{"bbox_2d": [0, 0, 999, 999], "text_content": "A"}]';
    const base = {
      task: 'ocr',
      image: { width: 200, height: 100 },
      labels: [],
      lang: 'en',
      fields: [],
    } satisfies InspectRequest;
    expect(inspectAnswer(line, { ...base, grid: { width: 999, height: 999 } }).ocr[0]!.box).toEqual(
      { x: 0, y: 0, w: 200, h: 100 },
    );
    expect(inspectAnswer(line, base).ocr[0]!.box).toEqual({ x: 0, y: 0, w: 199.8, h: 99.9 });
  });

  it('names a loop and a cut answer as review reasons', () => {
    const looped = `[${Array.from({ length: 6 }, () => '{"bbox_2d": [1, 1, 50, 50], "label": "cell"}').join(', ')}`;
    const out = inspectAnswer(looped, {
      task: 'detect',
      image: { width: 100, height: 100 },
      labels: ['cell'],
      lang: 'en',
      fields: [],
    });
    expect(out.regions).toHaveLength(1);
    expect(out.review.reasons).toEqual(expect.arrayContaining(['loop-detected', 'truncated']));
  });
});
