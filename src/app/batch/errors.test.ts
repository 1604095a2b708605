import { describe, expect, it } from 'vitest';
import { inferenceError } from '../../../workers/inference.protocol';
import { ServerError } from '../../ai/server/server-error';
import { classifyBatchError } from './errors';

describe('classifyBatchError', () => {
  // Regression: a worker without a loaded model made the batch record every image as a model
  // failure; the job must pause instead, to resume once the model is loaded.
  it('pauses the job when the worker says the model is not loaded', () => {
    const error = inferenceError('not-loaded', 'load the model first');
    expect(classifyBatchError(error)).toEqual({ action: 'stop', message: 'load the model first' });
  });

  it('records an image the worker could not run for an unknown reason', () => {
    expect(classifyBatchError(inferenceError('unknown', 'odd'))).toEqual({
      action: 'record',
      kind: 'model',
      message: 'odd',
    });
  });

  it('reloads after a device loss and pauses on a full disk', () => {
    expect(classifyBatchError(inferenceError('device-lost', 'lost')).action).toBe('reload');
    expect(classifyBatchError(new Error('QuotaExceededError')).action).toBe('stop');
  });

  it('does not read "zoom" as out of memory', () => {
    expect(classifyBatchError(new Error('zoom factor unsupported')).action).toBe('record');
  });
});

describe('model server errors in a batch', () => {
  it('pause the job on a refused key, an unknown model or no way to reach the server', () => {
    for (const kind of [
      'unauthorized',
      'model-not-found',
      'unreachable',
      'cors',
      'offline',
    ] as const)
      expect(classifyBatchError(new ServerError(kind, 'x')).action).toBe('stop');
  });

  it('record a per-image failure once retries of a busy or failing server are used up', () => {
    for (const kind of [
      'rate-limited',
      'server-error',
      'timeout',
      'bad-request',
      'bad-answer',
    ] as const)
      expect(classifyBatchError(new ServerError(kind, 'x', 500))).toEqual({
        action: 'record',
        kind: 'model',
        message: `${kind}: x`,
      });
  });
});
