import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { actionForKey, EDITOR_ACTIONS, editorAction, shortcutText } from './actions';
import { humanRegion, key, session } from './test/fixtures';

function catalog(file: string): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`../i18n/${file}`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;
}

describe('editor actions', () => {
  it('give every key combo to one action only', () => {
    const combos = EDITOR_ACTIONS.flatMap((a) => a.shortcut);
    expect(new Set(combos).size).toBe(combos.length);
    // Plain 1–9 belong to the label classes.
    expect(combos.filter((c) => /^[1-9]$/.test(c))).toEqual([]);
  });

  it('have distinct ids, a shortcut and a label in English and Chinese', () => {
    const ids = EDITOR_ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const en = catalog('editor.en.json');
    const zh = catalog('editor.zh-CN.json');
    for (const action of EDITOR_ACTIONS) {
      expect(action.shortcut.length, action.id).toBeGreaterThan(0);
      expect(en[action.label]?.trim(), action.label).toBeTruthy();
      expect(zh[action.label]?.trim(), action.label).toBeTruthy();
      expect(zh[action.label]).not.toBe(en[action.label]);
    }
  });

  it('find the action of a key press, with Ctrl written for Mod', () => {
    expect(actionForKey(key('z', { mod: true }))?.id).toBe('undo');
    expect(actionForKey(key('Z', { mod: true, shift: true }))?.id).toBe('redo');
    expect(actionForKey(key('w'))?.id).toBe('tool-box');
    expect(actionForKey(key('?', { shift: true }))?.id).toBe('help');
    expect(actionForKey(key('!', { shift: true, code: 'Digit1' }))?.id).toBe('actual-size');
    expect(actionForKey(key('x'))).toBeUndefined();
    expect(shortcutText(actionForKey(key('y', { mod: true }))!)).toBe('Ctrl+Shift+Z / Ctrl+Y');
  });
});

describe('a session running actions', () => {
  const regions = () => [
    humanRegion('r1', { kind: 'box', box: { x: 100, y: 100, w: 200, h: 200 } }),
    humanRegion('r2', { kind: 'point', point: { x: 900, y: 900 } }),
  ];

  it('respects enabled: a disabled action is not performed, by key or by run()', () => {
    const s = session(regions());
    const perform = vi.spyOn(editorAction('delete'), 'perform');
    const undo = vi.spyOn(editorAction('undo'), 'perform');
    expect(editorAction('delete').enabled(s)).toBe(false);
    expect(editorAction('undo').enabled(s)).toBe(false);
    s.run('delete');
    s.run('undo');
    // The key is still the editor's, so the browser does not act on it either.
    expect(s.keyDown(key('Delete'))).toBe(true);
    expect(perform).not.toHaveBeenCalled();
    expect(undo).not.toHaveBeenCalled();
    s.select([s.regions[0]!.id]);
    s.keyDown(key('Delete'));
    expect(perform).toHaveBeenCalledTimes(1);
    expect(s.regions).toHaveLength(1);
    perform.mockRestore();
    undo.mockRestore();
  });

  it('runs an enabled action from its key: select all, delete, undo', () => {
    const s = session(regions());
    s.keyDown(key('a', { mod: true }));
    expect(s.selection.size).toBe(2);
    expect(editorAction('delete').enabled(s)).toBe(true);
    s.keyDown(key('Delete'));
    expect(s.regions).toHaveLength(0);
    s.keyDown(key('z', { mod: true }));
    expect(s.regions).toHaveLength(2);
  });

  it('hands navigation, done & next and the help to the page around it', () => {
    const asked: string[] = [];
    const s = session(regions(), {
      navigate: (to) => asked.push(to),
      acceptImage: () => asked.push('accept'),
      toggleHelp: () => asked.push('help'),
    });
    for (const k of ['d', 'a', 'n', 'r', 'Enter']) s.keyDown(key(k));
    s.keyDown(key('?', { shift: true }));
    expect(asked).toEqual(['next', 'previous', 'next-unlabeled', 'next-review', 'accept', 'help']);
  });
});
