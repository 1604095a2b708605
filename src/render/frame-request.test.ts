import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameRequest } from './frame-request';

describe('FrameRequest', () => {
  let callbacks: Map<number, FrameRequestCallback>;
  let next = 1;
  beforeEach(() => {
    callbacks = new Map();
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
      callbacks.set(next, cb);
      return next++;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => callbacks.delete(id));
  });
  afterEach(() => vi.unstubAllGlobals());
  const runFrame = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const cb of due) cb(0);
  };

  it('draws once per frame however often it is asked', () => {
    const draw = vi.fn();
    const frames = new FrameRequest(draw);
    frames.request();
    frames.request();
    runFrame();
    expect(draw).toHaveBeenCalledTimes(1);
    runFrame();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('drawNow draws a waiting frame at once and cancels the scheduled one', () => {
    const draw = vi.fn();
    const frames = new FrameRequest(draw);
    frames.drawNow();
    expect(draw).not.toHaveBeenCalled();
    frames.request();
    frames.drawNow();
    expect(draw).toHaveBeenCalledTimes(1);
    runFrame();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('stop cancels and refuses later requests', () => {
    const draw = vi.fn();
    const frames = new FrameRequest(draw);
    frames.request();
    frames.stop();
    frames.request();
    runFrame();
    expect(draw).not.toHaveBeenCalled();
  });
});
