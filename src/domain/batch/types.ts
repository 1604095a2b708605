import type { ImageId, JobId, ProjectId } from '../ids';
import type { ReviewStatus } from '../review';
import type { GenerationParams, PromptLanguage, TaskId, TaskOptionsById } from '../task-options';

/** Tasks that make sense on every image alike (a region question needs a region of its own). */
export const BATCH_TASKS = [
  'caption-tags',
  'detect',
  'points',
  'ocr',
  'report',
  'custom-prompt',
] as const satisfies readonly TaskId[];
export type BatchTaskId = (typeof BATCH_TASKS)[number];

export function isBatchTask(value: unknown): value is BatchTaskId {
  return typeof value === 'string' && (BATCH_TASKS as readonly string[]).includes(value);
}

/** Which images a job covers, as the user chose them. */
export type ImageSelection =
  | { kind: 'all' }
  /** The gallery's filter: status, a folder prefix of the relative path, a search in the path. */
  | { kind: 'filter'; status: ReviewStatus | 'all'; folder: string; search: string }
  | { kind: 'images'; imageIds: ImageId[] };

export interface BatchSpec<K extends BatchTaskId = BatchTaskId> {
  task: K;
  options: TaskOptionsById[K];
  params: GenerationParams;
  lang: PromptLanguage;
  /** Run on images that already have accepted labels for the task too (those records stay). */
  overwrite: boolean;
  selection: ImageSelection;
}

/**
 * A job's life: running → paused ⇄ running → done, or cancelled from running or paused.
 * A job stored as 'running' with no runner in this tab was interrupted (reload, closed browser).
 */
export type JobStatus = 'running' | 'paused' | 'cancelled' | 'done';

/** Per image: still to do, answered, failed (error recorded), or skipped at creation. */
export type ItemState = 'pending' | 'done' | 'failed' | 'skipped';

/** 'stale': the image was changed meanwhile (open in another tab), so the job left it as it was. */
export type ItemErrorKind = 'decode' | 'device-lost' | 'model' | 'missing' | 'stale';

export interface ItemError {
  kind: ItemErrorKind;
  message: string;
}

export interface JobCounts {
  done: number;
  failed: number;
  skipped: number;
  /** Of the done ones: how many the review rules sent to review. */
  needsReview: number;
}

/**
 * What every kind of job over a project's images has: which images (in chunks), where each stands,
 * its life and counters. The Qwen3-VL batch and "Outline boxes" add their own settings and totals.
 */
export interface JobBase {
  id: JobId;
  projectId: ProjectId;
  status: JobStatus;
  total: number;
  counts: JobCounts;
  /** Time spent running, over every session of the job. */
  activeMs: number;
  /** Images per chunk record: a finished image rewrites only its chunk, not the whole list. */
  chunkSize: number;
  chunkCount: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface BatchJob extends BatchSpec, JobBase {
  /** Generated tokens over every session of the job. */
  tokens: number;
}

/** "Outline boxes" over a project: every box of the chosen images becomes its object's outline. */
export interface OutlineJob extends JobBase {
  selection: ImageSelection;
  /** Polygon simplification, in image pixels, as the segment tool's slider. */
  tolerance: number;
  /** Boxes turned into polygons so far. */
  outlined: number;
}

/** A slice of the job's images, in job order, with each one's state. */
export interface JobChunk {
  jobId: JobId;
  projectId: ProjectId;
  index: number;
  imageIds: ImageId[];
  states: ItemState[];
  /** By position in this chunk. */
  errors: Record<number, ItemError>;
}

/** Where an image sits in a job. */
export interface ItemRef {
  chunk: number;
  offset: number;
}
