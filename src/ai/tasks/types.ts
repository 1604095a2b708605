import type {
  AttributeDef,
  AttributeValue,
  Box,
  Caption,
  FieldDef,
  LabelSchema,
  OcrLine,
  Region,
  RegionId,
  Size,
  StructuredFields,
  Tag,
} from '../../domain';
import type { GenerationEnd, StopPolicy } from '../answer';
import type { TokenProbability } from '../confidence';
import type { Frame } from '../coordinates';

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

/** Why generation ended, as the runtime reports it. */
export type FinishReason = GenerationEnd;

export type ChatContent = { type: 'image' } | { type: 'text'; text: string };

/** One turn for the chat template (`apply_chat_template`), Qwen-VL message layout. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ChatContent[];
}

export interface TaskPrompt {
  messages: ChatMessage[];
  /** When set, the model must be shown only this part of the image (pixels of the original). */
  crop: Frame | null;
}

export interface ModelRef {
  id: string;
  revision: string;
}

/** What a prompt is built from. */
export interface PromptContext<O> {
  /** Natural size of the image after EXIF orientation — the pixels the user sees. */
  image: Size;
  schema: LabelSchema;
  options: O;
}

/** What an answer is parsed with: the prompt's context plus what provenance needs. */
export interface TaskContext<O> extends PromptContext<O> {
  model: ModelRef;
  params: GenerationParams;
  /** Timestamp for the new records. */
  now: number;
  /** Why generation ended, when the runtime knows; 'length' marks the answer as truncated. */
  finish?: FinishReason;
}

/** Model records ready to merge into an image's annotations, all in state 'suggested'. */
export interface SuggestedRecords {
  regions: Region[];
  caption: Caption | null;
  tags: Tag[];
  ocr: OcrLine[];
  fields: StructuredFields | null;
  /** Free-text answer (custom prompt, question about a region). */
  answer: string | null;
}

/** Which kinds of record a task is expected to produce (what "empty" means for it). */
export type OutputKind = 'regions' | 'caption' | 'tags' | 'ocr' | 'fields' | 'answer';

export type TaskProblem =
  | { kind: 'unparseable'; message: string }
  | { kind: 'unknown-label'; label: string }
  | { kind: 'schema-violation'; path: string; message: string }
  | { kind: 'empty' }
  | { kind: 'refusal'; phrase: string }
  | { kind: 'truncated' }
  | { kind: 'loop' }
  /** A record the parser had to drop (a box with no area, a point with text for coordinates). */
  | { kind: 'dropped'; path: string; message: string };

export type TaskProblemKind = TaskProblem['kind'];

/** The model's answer about a region, ready to be saved as an attribute when the user agrees. */
export interface RegionAnswer {
  regionId: RegionId | null;
  attribute: string | null;
  text: string;
  /** The answer read as the attribute's type; null when it could not be. */
  value: AttributeValue | null;
  confidence: number;
}

export interface TaskResult {
  task: TaskId;
  records: SuggestedRecords;
  expected: OutputKind[];
  problems: TaskProblem[];
  /** The model's answer exactly as generated. */
  raw: string;
  /** Confidence of each top-level structured field, by field name (structured report). */
  fieldConfidence?: Record<string, number>;
  /** Confidence of the free-text answer, when the task has one. */
  answerConfidence?: number;
  regionAnswer?: RegionAnswer;
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

export interface DetectOptions {
  /** Names to look for: schema class names and/or free text. */
  labels: string[];
}

export type PointsOptions = DetectOptions;

export interface OcrOptions {
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

export interface AnnotationTask<K extends TaskId> {
  id: K;
  /** i18n keys (src/i18n/ai.*.json) for the task picker. */
  nameKey: string;
  descriptionKey: string;
  defaultParams: GenerationParams;
  stop: StopPolicy;
  defaultOptions(schema: LabelSchema): TaskOptionsById[K];
  buildPrompt(ctx: PromptContext<TaskOptionsById[K]>, lang: PromptLanguage): TaskPrompt;
  /** Never throws: anything unexpected becomes an 'unparseable' problem with the raw answer kept. */
  parse(
    answer: string,
    tokens: readonly TokenProbability[],
    ctx: TaskContext<TaskOptionsById[K]>,
  ): TaskResult;
}
