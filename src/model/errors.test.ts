import { describe, expect, it } from 'vitest';
import { classifyInferenceError } from './errors';

describe('classifyInferenceError', () => {
  it.each([
    ['TypeError: Failed to fetch', 'offline'],
    ['QuotaExceededError: The quota has been exceeded.', 'quota'],
    ['GPUDevice was lost: reason unknown', 'device-lost'],
    ['Failed to allocate buffer of size 1234: out of memory', 'gpu-memory'],
    ["Can't create a session. failed to load model: protobuf parsing failed.", 'corrupt-file'],
    ['Something odd', 'unknown'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyInferenceError(new Error(text)).kind).toBe(kind);
  });

  it('keeps the original message and accepts non-Error values', () => {
    expect(classifyInferenceError('weird')).toEqual({ kind: 'unknown', message: 'weird' });
  });
});
