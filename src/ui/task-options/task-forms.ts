import type { Component } from 'svelte';
import type {
  ConversationTurn,
  Project,
  PromptLanguage,
  Region,
  TaskId,
  TaskOptionsById,
} from '../../domain';
import CaptionTagsOptionsForm from './CaptionTagsOptionsForm.svelte';
import CustomPromptOptionsForm from './CustomPromptOptionsForm.svelte';
import DetectOptionsForm from './DetectOptionsForm.svelte';
import OcrOptionsForm from './OcrOptionsForm.svelte';
import PointsOptionsForm from './PointsOptionsForm.svelte';
import RegionQuestionOptionsForm from './RegionQuestionOptionsForm.svelte';
import ReportOptionsForm from './ReportOptionsForm.svelte';

/** What a task's options form may read besides its options; the same for the image panel and the batch form. */
export interface TaskFormContext {
  project: Project;
  /** The prompt language: presets follow it. */
  lang: PromptLanguage;
  /** Test ids of the fields start with it: 'task' in the image panel, 'batch' in the batch form. */
  testIdPrefix: 'task' | 'batch';
  /** The region a region question is about (image panel only). */
  selectedRegion?: Region | null;
  /** Earlier turns of a custom-prompt conversation on this image (image panel only). */
  history?: ConversationTurn[];
  onNewConversation?: () => void;
}

export interface TaskFormProps<T extends TaskId> {
  options: TaskOptionsById[T];
  ctx: TaskFormContext;
  /** Set by the form: false while a field holds something the task cannot run with. */
  valid?: boolean;
}

/** One options form per task, shared by the image panel and the batch form. */
const TASK_FORMS: { [T in TaskId]: Component<TaskFormProps<T>, object, 'options' | 'valid'> } = {
  'caption-tags': CaptionTagsOptionsForm,
  detect: DetectOptionsForm,
  points: PointsOptionsForm,
  ocr: OcrOptionsForm,
  report: ReportOptionsForm,
  'region-question': RegionQuestionOptionsForm,
  'custom-prompt': CustomPromptOptionsForm,
};

/**
 * The form of a task, typed for whichever task is chosen. The map above checks each form against its
 * own options; indexing it with a task only known at run time loses that link, hence the one cast.
 */
export function taskForm(
  task: TaskId,
): Component<TaskFormProps<TaskId>, object, 'options' | 'valid'> {
  return TASK_FORMS[task] as unknown as Component<
    TaskFormProps<TaskId>,
    object,
    'options' | 'valid'
  >;
}
