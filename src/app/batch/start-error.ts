import type { InferenceErrorKind } from '../../../workers/inference.protocol';

/** Why a batch job could not start or resume; the batch page words each kind in the user's language. */
export type BatchStartError =
  | { kind: 'busy' }
  | { kind: 'other-tab' }
  | { kind: 'project-missing' }
  | { kind: 'model'; model: { kind: InferenceErrorKind; message: string } | null }
  | { kind: 'failed'; message: string };

/** A message id of src/i18n/*.json with its values. */
export interface Message {
  id: string;
  values?: Record<string, string>;
}

/** The sentence for an error; a model error is told with the model page's own words for it. */
export function batchStartErrorMessage(error: BatchStartError): Message[] {
  switch (error.kind) {
    case 'busy':
      return [{ id: 'batch.error.busy' }];
    case 'other-tab':
      return [{ id: 'batch.error.otherTab' }];
    case 'project-missing':
      return [{ id: 'batch.error.projectMissing' }];
    case 'model':
      return [
        { id: 'batch.error.model' },
        ...(error.model
          ? [{ id: `model.error.${error.model.kind}`, values: { message: error.model.message } }]
          : []),
      ];
    case 'failed':
      return [{ id: 'batch.error.generic', values: { message: error.message } }];
  }
}
