import { describe, expect, it } from 'vitest';
import { INFERENCE_ERROR_KINDS, inferenceError } from '../../workers/inference.protocol';
import { classifyInferenceError } from './errors';

describe('classifyInferenceError', () => {
  it.each([
    ['TypeError: Failed to fetch', 'offline'],
    ['QuotaExceededError: The quota has been exceeded.', 'quota'],
    ['GPUDevice was lost: reason unknown', 'device-lost'],
    ['Failed to allocate buffer of size 1234: out of memory', 'gpu-memory'],
    ["Can't create a session. failed to load model: protobuf parsing failed.", 'corrupt-file'],
    ['RangeError: Out of bounds', 'corrupt-file'],
    ['Could not locate file: "https://m/x/resolve/main/tokenizer.json".', 'missing-files'],
    ['Something odd', 'unknown'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyInferenceError(new Error(text)).kind).toBe(kind);
  });

  it('keeps the original message and accepts non-Error values', () => {
    expect(classifyInferenceError('weird')).toEqual({ kind: 'unknown', message: 'weird' });
  });

  // Regression: /OOM/i took any "room" or "zoom" in a message for running out of GPU memory.
  it.each(['no room left in the upload queue', 'zoom level out of range', 'Broom'])(
    '"%s" is not out of memory',
    (text) => {
      expect(classifyInferenceError(new Error(text)).kind).toBe('unknown');
    },
  );

  it('still reads OOM as a word', () => {
    expect(classifyInferenceError(new Error('WebGPU OOM while creating buffer')).kind).toBe(
      'gpu-memory',
    );
  });

  // Regression: the worker threw Error('not-loaded: …'), which read as 'unknown'.
  // Regression: 'unreachable' (a mirror without CORS) and 'folder-needed' were missing from the
  // kinds the page recognised, and read as 'unknown' — "Something went wrong: <mirror URL>".
  it.each(INFERENCE_ERROR_KINDS)(
    'takes the kind the worker gave (%s), as comlink delivers the error to the page',
    (kind) => {
      const thrown = inferenceError(kind, 'what happened');
      // comlink's throw handler: a new Error with name, message and stack copied over.
      const received = Object.assign(new Error(thrown.message), {
        name: thrown.name,
        message: thrown.message,
        stack: thrown.stack,
      });
      expect(classifyInferenceError(received)).toEqual({ kind, message: 'what happened' });
    },
  );
});
