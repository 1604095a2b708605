import type { AttributeDef, FieldDef } from './label-schema';
import type { Box } from './geometry';
import type { RegionId } from './ids';

/**
 * What a person asks of the model: the task, its options and the generation parameters. Batch jobs
 * store them, the single-image panel edits them, the ai layer turns them into prompts.
 */
export type TaskId =
  'caption-tags' | 'detect' | 'points' | 'ocr' | 'report' | 'region-question' | 'custom-prompt';

/** Language of the prompt sent to the model (and of the answer it tends to give). */
export type PromptLanguage = 'zh' | 'en';

/**
 * What transformers.js 4.3.1 actually honours: greedy by default (`doSample: false`), otherwise
 * temperature and top-k. top_p is ignored by its sampler, so it is not offered; repetition_penalty
 * would count every image-pad token of the prompt, so it is not offered either.
 */
export interface GenerationParams {
  doSample: boolean;
  temperature: number;
  topK: number;
  maxNewTokens: number;
}

/** Options per task, so the registry stays typed end to end. */
export interface CaptionTagsOptions {
  /** Tag dimensions to fill (e.g. category, color, style); empty for free tags. */
  dimensions: string[];
  /** Only tags from this vocabulary are kept (matched case-insensitively); empty = free tags. */
  vocabulary: string[];
  restrictToVocabulary: boolean;
  captionLanguage: PromptLanguage;
  maxTags: number;
}

export interface PointsOptions {
  /** Names to look for: schema class names and/or free text. */
  labels: string[];
}

/**
 * How detection treats very wide or tall images: overlapping tiles above an aspect ratio
 * ('auto'), always, or never (src/ai/tasks/tiles.ts).
 */
export type Tiling = 'auto' | 'always' | 'never';

export interface DetectOptions extends PointsOptions {
  /** 'auto' when absent. */
  tiling?: Tiling;
}

/**
 * Which engine reads the text: PP-OCR on the device (fast, line quads), Qwen3-VL (as a VLM), or both
 * (PP-OCR lines, then Qwen3-VL fills the project's fields with the recognised text as context).
 */
export type OcrEngine = 'ppocr' | 'qwen' | 'hybrid';
export const OCR_ENGINES: readonly OcrEngine[] = ['ppocr', 'qwen', 'hybrid'];

export interface OcrOptions {
  engine: OcrEngine;
  /** 'model' keeps the model's order; 'rows' sorts lines top-to-bottom then left-to-right. */
  readingOrder: 'model' | 'rows';
}

export interface ReportOptions {
  fields: FieldDef[];
  /** Extra instructions for the model (what to inspect, units, standards). */
  instructions: string;
}

export interface RegionQuestionOptions {
  region: Box;
  regionId: RegionId | null;
  question: string;
  /** Margin around the region in the crop, as a fraction of its size. */
  margin: number;
  /** When the answer is meant for an attribute of the region: its definition. */
  attribute: AttributeDef | null;
}

export interface ConversationTurn {
  question: string;
  answer: string;
}

export interface CustomPromptOptions {
  prompt: string;
  /** Earlier questions and answers on the same image, oldest first. */
  history: ConversationTurn[];
}

export interface TaskOptionsById {
  'caption-tags': CaptionTagsOptions;
  detect: DetectOptions;
  points: PointsOptions;
  ocr: OcrOptions;
  report: ReportOptions;
  'region-question': RegionQuestionOptions;
  'custom-prompt': CustomPromptOptions;
}
