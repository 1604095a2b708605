import {
  clamp,
  newId,
  polygonBounds,
  polygonFromPoints,
  type OcrLine,
  type Point,
  type Size,
} from '../../domain';
import { emptyRecords } from './records';
import type { ModelRef, ReportOptions, TaskResult } from './types';

/** A line as the PP-OCR engine gives it: corners in image pixels, text and line confidence. */
export interface EngineLine {
  quad: readonly Point[];
  text: string;
  confidence: number;
}

export interface FastOcrContext {
  image: Size;
  model: ModelRef;
  /** Where it ran ('webgpu' or 'wasm'), kept in the provenance params. */
  backend: string;
  now: number;
}

/** PP-OCR lines → suggested OCR lines in reading order, each with its 4-point quad and bounds. */
export function fastOcrResult(lines: readonly EngineLine[], ctx: FastOcrContext): TaskResult {
  const ocr: OcrLine[] = lines.map((line, order) => {
    const quad = polygonFromPoints(
      line.quad.map((p) => ({
        x: clamp(p.x, 0, ctx.image.width),
        y: clamp(p.y, 0, ctx.image.height),
      })),
    );
    return {
      id: newId<'ocr'>(),
      text: line.text,
      box: polygonBounds(quad),
      quad,
      order,
      provenance: {
        source: 'model',
        modelId: ctx.model.id,
        revision: ctx.model.revision,
        task: 'ocr',
        params: { engine: 'ppocr', backend: ctx.backend },
        confidence: clamp(line.confidence, 0, 1),
        createdAt: ctx.now,
      },
      state: 'suggested',
      updatedAt: ctx.now,
      updatedBy: ctx.model.id,
    };
  });
  return {
    task: 'ocr',
    records: { ...emptyRecords(), ocr },
    expected: ['ocr'],
    problems: ocr.length === 0 ? [{ kind: 'empty' }] : [],
    raw: JSON.stringify(
      lines.map((l) => ({ text: l.text, quad: l.quad, confidence: l.confidence })),
    ),
  };
}

/** The hybrid's report request: the project's fields, with the recognised lines as context. */
export function hybridReportOptions(
  fields: ReportOptions['fields'],
  lines: readonly EngineLine[],
  lang: 'zh' | 'en',
): ReportOptions {
  const heading =
    lang === 'zh'
      ? '图中文字（由 OCR 逐行识别，可能有个别错字）：'
      : 'Text on the image, read line by line by OCR (may contain a few misread characters):';
  return { fields: [...fields], instructions: [heading, ...lines.map((l) => l.text)].join('\n') };
}

/** The hybrid's outcome: PP-OCR's lines (boxes you can trust) plus the report's fields and regions. */
export function hybridResult(ocr: TaskResult, report: TaskResult): TaskResult {
  return {
    ...report,
    task: 'ocr',
    records: { ...report.records, ocr: ocr.records.ocr },
    expected: ['ocr', 'fields'],
    problems: [...ocr.problems, ...report.problems],
    raw: report.raw,
  };
}
