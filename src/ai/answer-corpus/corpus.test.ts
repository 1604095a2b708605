import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectAnswer, type InspectRequest, type InspectTask } from '../inspect-answer';
import expectations from './expectations.json';

/** CI copies the shared folder next to the clone, as it sits next to every worktree. */
const CORPUS = fileURLToPath(
  new URL('../../../../shared/qwen3vl-answers/answers.jsonl', import.meta.url),
);

interface CorpusEntry {
  id: string;
  answer: string;
}

interface Expectation {
  id: string;
  request: {
    task: InspectTask;
    width: number;
    height: number;
    labels: string[];
    lang: 'zh' | 'en';
    fields: string[];
    grid?: [number, number];
  };
  expect: Record<string, unknown>;
}

function requestOf(e: Expectation): InspectRequest {
  const r = e.request;
  return {
    task: r.task,
    image: { width: r.width, height: r.height },
    labels: r.labels,
    lang: r.lang,
    fields: r.fields,
    ...(r.grid ? { grid: { width: r.grid[0], height: r.grid[1] } } : {}),
  };
}

function summary(inspection: ReturnType<typeof inspectAnswer>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status: inspection.review.status,
    reasons: inspection.review.reasons,
  };
  const { regions, ocr } = inspection;
  if (regions.length) {
    out.regions = regions.length;
    out.labels = [...new Set(regions.map((r) => r.label))];
    out.firstRegion = regions[0];
  }
  if (ocr.length) {
    out.lines = ocr.length;
    out.firstLine = ocr[0];
    out.lastLine = ocr[ocr.length - 1];
  }
  if (inspection.fields) out.fields = inspection.fields;
  if (inspection.answer) out.answerStartsWith = inspection.answer.slice(0, 40);
  return out;
}

describe('real Qwen-VL answers (../shared/qwen3vl-answers)', () => {
  it('the corpus is there, and every entry has an expectation', () => {
    expect(existsSync(CORPUS), `${CORPUS} is missing`).toBe(true);
    const ids = readCorpus().map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.sort()).toEqual((expectations as Expectation[]).map((e) => e.id).sort());
  });

  const corpus = existsSync(CORPUS) ? readCorpus() : [];
  for (const expectation of expectations as Expectation[]) {
    it(`${expectation.id}: ${expectation.request.task}`, async () => {
      const entry = corpus.find((e) => e.id === expectation.id);
      expect(entry, 'entry in the corpus').toBeDefined();
      const inspection = inspectAnswer(entry!.answer, requestOf(expectation));
      expect(summary(inspection)).toEqual(expectation.expect);
      await expect(`${JSON.stringify(inspection, null, 2)}\n`).toMatchFileSnapshot(
        `./__snapshots__/${expectation.id}.json`,
      );
    });
  }
});

function readCorpus(): CorpusEntry[] {
  return readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusEntry);
}
