import type {
  AttributeValue,
  Caption,
  LabelSchema,
  OcrLine,
  Region,
  RegionId,
  Size,
  StructuredFields,
  Tag,
  PromptLanguage,
  TaskId,
  TaskOptionsById,
} from '../../domain';
import type { StopPolicy } from '../answer';
import type {
  ChatMessage,
  GenerationEnd,
  GenerationParams,
  TokenProbability,
} from '../../../workers/inference.protocol';
import type { Frame } from '../coordinates';

export type {
  ChatContent,
  ChatMessage,
  GenerationEnd,
  GenerationParams,
} from '../../../workers/inference.protocol';
export type {
  CaptionTagsOptions,
  ConversationTurn,
  CustomPromptOptions,
  DetectOptions,
  OcrOptions,
  PointsOptions,
  PromptLanguage,
  RegionQuestionOptions,
  ReportOptions,
  TaskId,
  TaskOptionsById,
} from '../../domain';

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
  finish?: GenerationEnd;
  /** The answer's coordinate grid when it is not 0–1000 (see `Frame.grid`). */
  grid?: Size;
  /** The part of the image the model was shown, when not all of it (a detection tile). */
  frame?: Frame;
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
  /**
   * The engine gave no token probabilities (a server without logprobs): every confidence is then
   * unknown rather than low, and review says so.
   */
  confidenceUnknown?: boolean;
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
