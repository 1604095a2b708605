import { newId, type Box, type OcrLine } from '../../domain';
import { extractJson, findRefusal, spanAt, type JsonAnswer } from '../answer';
import { ConfidenceIndex, type TokenProbability } from '../confidence';
import { fullFrame, qwenBoxToPixels, type Frame } from '../coordinates';
import { boxedHtmlLines, hasBoxedHtml, plainTextLines } from './ocr-text';
import { failedResult, firstKey, groundingItems, noJsonProblems, pathText } from './grounding';
import { imagePrompt } from './prompt';
import { asText, defineTask, emptyRecords, generationProblems, suggested } from './records';
import type {
  OcrOptions,
  OutputKind,
  PromptLanguage,
  TaskContext,
  TaskProblem,
  TaskResult,
} from './types';

const BOX_KEYS = ['bbox_2d', 'bbox', 'box'];
const TEXT_KEYS = ['text_content', 'text', 'content', 'transcription'];
const LOOP_DUPLICATES = 3;

export function ocrPromptText(lang: PromptLanguage): string {
  return lang === 'zh'
    ? '识别图中所有文字，以行为单位，以 JSON 格式输出，每行包含 bbox_2d 和 text_content。'
    : 'Spotting all the text in the image with line-level, and output in JSON format.';
}

interface Placed {
  box: Box | null;
  index: number;
}

/**
 * Reading order by rows: lines whose vertical extents overlap by at least half the shorter one share
 * a row; rows top to bottom, lines in a row left to right. Lines without a box keep their place
 * after the boxed ones.
 */
export function rowOrder(lines: readonly Placed[]): number[] {
  const boxed = lines.filter((l): l is Placed & { box: Box } => l.box !== null);
  const rest = lines.filter((l) => l.box === null).map((l) => l.index);
  const rows: (Placed & { box: Box })[][] = [];
  for (const line of [...boxed].sort((a, b) => a.box.y - b.box.y)) {
    const row = rows.find((r) =>
      r.some((other) => {
        const overlap =
          Math.min(other.box.y + other.box.h, line.box.y + line.box.h) -
          Math.max(other.box.y, line.box.y);
        return overlap >= Math.min(other.box.h, line.box.h) / 2;
      }),
    );
    if (row) row.push(line);
    else rows.push([line]);
  }
  return [...rows.flatMap((r) => r.sort((a, b) => a.box.x - b.box.x).map((l) => l.index)), ...rest];
}

type Found = { text: string; box: Box | null; confidence: number };

/** Lines of a JSON answer (`[{"bbox_2d": …, "text_content": …}]`). */
function jsonLines(
  json: JsonAnswer,
  confidence: ConfidenceIndex,
  frame: Frame,
): { found: Found[]; problems: TaskProblem[]; loop: boolean } {
  const { items, skipped } = groundingItems(json.value, [...BOX_KEYS, ...TEXT_KEYS]);
  const problems: TaskProblem[] = skipped.map((path) => ({
    kind: 'dropped',
    path: pathText(path),
    message: 'not an object',
  }));
  const seen = new Map<string, number>();
  const found: Found[] = [];
  for (const { item, path } of items) {
    const text = asText(firstKey(item, TEXT_KEYS));
    if (!text) {
      problems.push({ kind: 'dropped', path: pathText(path), message: 'no text' });
      continue;
    }
    const rawBox = firstKey(item, BOX_KEYS);
    const converted = rawBox === undefined ? null : qwenBoxToPixels(rawBox, frame);
    if (converted && !converted.ok)
      problems.push({
        kind: 'dropped',
        path: `${pathText(path)}.bbox_2d`,
        message: converted.reason,
      });
    const box = converted?.ok ? converted.box : null;
    const key = `${text}|${JSON.stringify(box)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) continue;
    found.push({ text, box, confidence: confidence.of(spanAt(json.root, path) ?? json.span) });
  }
  return { found, problems, loop: [...seen.values()].some((n) => n >= LOOP_DUPLICATES) };
}

/**
 * Three shapes of OCR answer, as real models give them: QwenVL HTML with `data-bbox` (document
 * parsing), JSON lines with boxes (text spotting), and plain text (read all the text).
 */
function parseOcr(
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<OcrOptions>,
): TaskResult {
  const expected: OutputKind[] = ['ocr'];
  const frame = fullFrame(ctx.image, ctx.grid);
  // A line is as sure as its least sure token: one doubtful character makes the text wrong, and a
  // mean over a long line would hide it (issue 15 item 9).
  const confidence = new ConfidenceIndex(tokens, answer, 'min');
  const problems: TaskProblem[] = [];
  let found: Found[];
  let truncated = false;
  const extraction = hasBoxedHtml(answer) ? null : extractJson(answer);
  if (extraction === null) {
    const html = boxedHtmlLines(answer, frame);
    found = html.lines.map((l) => ({ ...l, confidence: confidence.of(l.span) }));
    if (html.dropped > 0)
      problems.push({ kind: 'dropped', path: 'data-bbox', message: `${html.dropped} not a box` });
  } else if (extraction.ok) {
    const lines = jsonLines(extraction.json, confidence, frame);
    found = lines.found;
    problems.push(...lines.problems);
    if (lines.loop) problems.push({ kind: 'loop' });
    truncated = extraction.json.truncated;
  } else {
    if (!answer.trim() || findRefusal(answer))
      return failedResult('ocr', answer, expected, [
        ...noJsonProblems(answer, extraction.message),
        ...generationProblems(answer, ctx, false),
      ]);
    found = plainTextLines(answer).map((l) => ({ ...l, confidence: confidence.of(l.span) }));
  }
  const order =
    ctx.options.readingOrder === 'rows'
      ? rowOrder(found.map((f, index) => ({ box: f.box, index })))
      : found.map((_, i) => i);
  const ocr: OcrLine[] = order.map((index, position) => {
    const f = found[index]!;
    return {
      id: newId<'ocr'>(),
      text: f.text,
      box: f.box,
      order: position,
      ...suggested(ctx, 'ocr', f.confidence),
    };
  });
  if (ocr.length === 0) problems.push({ kind: 'empty' });
  problems.push(...generationProblems(answer, ctx, truncated));
  return { task: 'ocr', records: { ...emptyRecords(), ocr }, expected, problems, raw: answer };
}

export const ocrTask = defineTask<'ocr'>({
  id: 'ocr',
  nameKey: 'ai.task.ocr.name',
  descriptionKey: 'ai.task.ocr.description',
  defaultParams: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 1536 },
  stop: { jsonClose: true, expectRoot: 'array', loop: true },
  defaultOptions: (): OcrOptions => ({ engine: 'qwen', readingOrder: 'model' }),
  buildPrompt: (_ctx, lang) => imagePrompt(ocrPromptText(lang)),
  parse: parseOcr,
});
