import { describe, expect, it } from 'vitest';
import { inferenceError, inferenceErrorKind } from './inference.protocol';
import { segmentError, segmentErrorKind } from './segment.protocol';
import { workerErrors } from './worker-error';

describe('workerErrors', () => {
  const errors = workerErrors('TestError:', ['a', 'b'] as const);

  it('carries the kind in the name, as comlink copies it', () => {
    const thrown = errors.make('b', 'went wrong');
    const copied = Object.assign(new Error(thrown.message), { name: thrown.name });
    expect(errors.kindOf(copied)).toBe('b');
    expect(copied.message).toBe('went wrong');
  });

  it('says null for errors that are not its own or name an unknown kind', () => {
    expect(errors.kindOf(new Error('plain'))).toBeNull();
    expect(errors.kindOf(Object.assign(new Error('x'), { name: 'TestError:zzz' }))).toBeNull();
    expect(errors.kindOf('not an error')).toBeNull();
  });

  it('keeps the inference and segment workers apart', () => {
    expect(inferenceErrorKind(inferenceError('not-loaded', 'x'))).toBe('not-loaded');
    expect(segmentErrorKind(segmentError('not-encoded', 'x'))).toBe('not-encoded');
    expect(inferenceErrorKind(segmentError('unknown', 'x'))).toBeNull();
    expect(segmentErrorKind(inferenceError('unknown', 'x'))).toBeNull();
  });
});
