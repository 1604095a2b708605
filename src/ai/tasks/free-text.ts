import type { Region } from '../../domain';
import { extractJson, findRefusal } from '../answer';
import { ConfidenceIndex, type TokenProbability } from '../confidence';
import type { Frame } from '../coordinates';
import { regionsFromJson } from './grounding';
import { generationProblems } from './records';
import type { TaskContext, TaskId, TaskProblem } from './types';

export interface FreeTextAnswer {
  text: string;
  confidence: number;
  /** Boxes the model gave in its answer ("where is …"), in pixels of the original image. */
  regions: Region[];
  problems: TaskProblem[];
}

/** Reasoning blocks some checkpoints emit before the answer; never part of what is saved. */
const THINK = /<think>[\s\S]*?(<\/think>|$)/g;

/** The answer as text: trimmed, reasoning removed, a fence or quotes around it unwrapped. */
export function cleanAnswerText(answer: string): string {
  let text = answer.replace(THINK, '').trim();
  const fenced = /^```[\w-]*\n?([\s\S]*?)\n?```$/.exec(text);
  if (fenced) text = fenced[1]!.trim();
  const quoted = /^["“'「](.*)["”'」]$/s.exec(text);
  return quoted ? quoted[1]!.trim() : text;
}

export function parseFreeText(
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<unknown>,
  task: TaskId,
  frame: Frame,
): FreeTextAnswer {
  const text = cleanAnswerText(answer);
  const problems: TaskProblem[] = [];
  const confidence = new ConfidenceIndex(tokens, answer);
  const start = answer.indexOf(text);
  const span =
    text && start >= 0 ? { start, end: start + text.length } : { start: 0, end: answer.length };
  if (!text) problems.push({ kind: 'empty' });
  const phrase = findRefusal(text);
  if (phrase) problems.push({ kind: 'refusal', phrase });
  let regions: Region[] = [];
  if (/bbox_2d|point_2d/.test(answer)) {
    const extraction = extractJson(answer);
    if (extraction.ok) {
      const shape = /bbox_2d/.test(answer) ? 'box' : 'point';
      const found = regionsFromJson(extraction.json, tokens, answer, ctx, {
        task,
        shape,
        requested: [],
        frame,
      });
      regions = found.regions;
      // Free questions name no classes: labels outside the schema are expected, not a problem.
      problems.push(...found.problems.filter((p) => p.kind !== 'unknown-label'));
    }
  }
  problems.push(...generationProblems(answer, ctx, false));
  return { text, confidence: confidence.of(span), regions, problems };
}
