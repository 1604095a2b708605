import { describe, expect, it } from 'vitest';
import { History } from './history';
import { annotations } from './test/fixtures';

const a0 = annotations();
const a1 = { ...a0, updatedAt: 1 };
const a2 = { ...a0, updatedAt: 2 };
const a3 = { ...a0, updatedAt: 3 };

describe('History', () => {
  it('undoes and redoes single edits', () => {
    const h = new History(a0);
    h.push('one', a1);
    h.push('two', a2);
    expect(h.undo()).toBe(true);
    expect(h.current).toBe(a1);
    expect(h.undo()).toBe(true);
    expect(h.current).toBe(a0);
    expect(h.undo()).toBe(false);
    expect(h.redo()).toBe(true);
    expect(h.current).toBe(a1);
    h.push('three', a3);
    expect(h.canRedo).toBe(false);
  });

  it('folds a gesture into one step', () => {
    const h = new History(a0);
    h.mark('drag');
    h.push('move', a1);
    h.push('move', a2);
    h.commit();
    expect(h.undoDepth).toBe(1);
    h.undo();
    expect(h.current).toBe(a0);
    h.redo();
    expect(h.current).toBe(a2);
  });

  it('bails a gesture back to its mark without a trace', () => {
    const h = new History(a0);
    h.push('one', a1);
    h.mark('drag');
    h.push('move', a2);
    expect(h.bail()).toBe(true);
    expect(h.current).toBe(a1);
    expect(h.undoDepth).toBe(1);
    expect(h.canRedo).toBe(false);
  });

  it('records nothing for a gesture that changed nothing', () => {
    const h = new History(a0);
    h.mark('click');
    h.commit();
    expect(h.canUndo).toBe(false);
  });

  it('undo during a gesture cancels the gesture first', () => {
    const h = new History(a0);
    h.push('one', a1);
    h.mark('drag');
    h.push('move', a2);
    h.undo();
    expect(h.current).toBe(a1);
    expect(h.inGesture).toBe(false);
  });

  it('drops the oldest steps past its limit', () => {
    const h = new History(a0, 2);
    h.push('1', a1);
    h.push('2', a2);
    h.push('3', a3);
    expect(h.undoDepth).toBe(2);
  });
});
