import type { ModelAnswer, RunSummary } from '../domain';
import type { TaskResult } from './tasks/types';

/** What a run produced, in the words a labeler compares runs by: labels counted, texts, problems. */
export function summarizeRun(result: TaskResult): RunSummary {
  const regions: Record<string, number> = {};
  for (const r of result.records.regions) regions[r.label] = (regions[r.label] ?? 0) + 1;
  return {
    regions,
    caption: result.records.caption?.text ?? null,
    tags: result.records.tags.map((t) => t.value),
    ocrLines: result.records.ocr.length,
    fields: Object.keys(result.records.fields?.values ?? {}),
    answer: result.records.answer,
    problems: [...new Set(result.problems.map((p) => p.kind))],
  };
}

/** A kept run: its answer and where it sits among the runs of its task (1 = the first kept). */
export interface RunVersion {
  answer: ModelAnswer;
  /** Index in the image's answers list: a stable key for the UI. */
  index: number;
  /** 1-based number among the kept runs of the same task, oldest first. */
  number: number;
}

/** The kept runs, newest first, each numbered within its task. */
export function runVersions(answers: readonly ModelAnswer[]): RunVersion[] {
  const seen = new Map<string, number>();
  const numbered = answers.map((answer, index) => {
    const number = (seen.get(answer.task) ?? 0) + 1;
    seen.set(answer.task, number);
    return { answer, index, number };
  });
  return numbered.reverse();
}

/** The pair shown when the comparison opens: the two newest runs of the newest run's task. */
export function defaultPair(versions: readonly RunVersion[]): [RunVersion, RunVersion] | null {
  const newest = versions[0];
  if (!newest) return null;
  const previous = versions.find((v) => v !== newest && v.answer.task === newest.answer.task);
  return previous ? [previous, newest] : null;
}

export type ComparisonRow =
  | { kind: 'label'; label: string; before: number; after: number }
  | { kind: 'caption'; before: string | null; after: string | null }
  | { kind: 'tags'; added: string[]; removed: string[]; kept: string[] }
  | { kind: 'ocr'; before: number; after: number }
  | { kind: 'fields'; added: string[]; removed: string[]; kept: string[] }
  | { kind: 'answer'; before: string | null; after: string | null }
  | { kind: 'problems'; before: string[]; after: string[] };

function setDiff(before: readonly string[], after: readonly string[]) {
  const b = new Set(before);
  const a = new Set(after);
  return {
    added: after.filter((x) => !b.has(x)),
    removed: before.filter((x) => !a.has(x)),
    kept: after.filter((x) => b.has(x)),
  };
}

/**
 * What changed from one run to another, row by row; only rows where either run produced
 * something are listed, so comparing two detections does not show empty caption rows.
 */
export function compareRuns(before: RunSummary, after: RunSummary): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const labels = [...new Set([...Object.keys(before.regions), ...Object.keys(after.regions)])];
  labels.sort((x, y) => x.localeCompare(y));
  for (const label of labels)
    rows.push({
      kind: 'label',
      label,
      before: before.regions[label] ?? 0,
      after: after.regions[label] ?? 0,
    });
  if (before.caption !== null || after.caption !== null)
    rows.push({ kind: 'caption', before: before.caption, after: after.caption });
  if (before.tags.length > 0 || after.tags.length > 0)
    rows.push({ kind: 'tags', ...setDiff(before.tags, after.tags) });
  if (before.ocrLines > 0 || after.ocrLines > 0)
    rows.push({ kind: 'ocr', before: before.ocrLines, after: after.ocrLines });
  if (before.fields.length > 0 || after.fields.length > 0)
    rows.push({ kind: 'fields', ...setDiff(before.fields, after.fields) });
  if (before.answer !== null || after.answer !== null)
    rows.push({ kind: 'answer', before: before.answer, after: after.answer });
  if (before.problems.length > 0 || after.problems.length > 0)
    rows.push({ kind: 'problems', before: before.problems, after: after.problems });
  return rows;
}

/** Whether a row differs between the two runs. */
export function rowChanged(row: ComparisonRow): boolean {
  switch (row.kind) {
    case 'tags':
    case 'fields':
      return row.added.length > 0 || row.removed.length > 0;
    case 'problems':
      return row.before.join() !== row.after.join();
    default:
      return row.before !== row.after;
  }
}
