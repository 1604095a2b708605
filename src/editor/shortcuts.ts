import type { ToolKey } from './tools/tool';

export type EditorAction =
  | 'tool-select'
  | 'tool-box'
  | 'tool-polygon'
  | 'tool-point'
  | 'tool-pan'
  | 'undo'
  | 'redo'
  | 'delete'
  | 'duplicate'
  | 'copy'
  | 'paste'
  | 'select-all'
  | 'cancel'
  | 'nudge-left'
  | 'nudge-right'
  | 'nudge-up'
  | 'nudge-down'
  | 'nudge-left-far'
  | 'nudge-right-far'
  | 'nudge-up-far'
  | 'nudge-down-far'
  | 'toggle-hidden'
  | 'toggle-locked'
  | 'accept-selected'
  | 'accept-all'
  | 'zoom-in'
  | 'zoom-out'
  | 'fit'
  | 'actual-size'
  | 'next-image'
  | 'previous-image'
  | 'next-unlabeled'
  | 'next-review'
  | 'accept-image'
  | 'help';

export type ShortcutGroup = 'tools' | 'edit' | 'view' | 'navigate' | 'labels';

export interface Shortcut {
  action: EditorAction;
  /** Normalised combos, e.g. 'Mod+Shift+Z'; see comboOf. */
  combos: string[];
  group: ShortcutGroup;
}

/** Keys labelers know from LabelImg and CVAT: D/A between images, W for a box, Ctrl+Z undo. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'tool-select', combos: ['Q'], group: 'tools' },
  { action: 'tool-box', combos: ['W'], group: 'tools' },
  { action: 'tool-polygon', combos: ['E'], group: 'tools' },
  { action: 'tool-point', combos: ['T'], group: 'tools' },
  { action: 'tool-pan', combos: ['P'], group: 'tools' },
  { action: 'undo', combos: ['Mod+Z'], group: 'edit' },
  { action: 'redo', combos: ['Mod+Shift+Z', 'Mod+Y'], group: 'edit' },
  { action: 'delete', combos: ['Delete', 'Backspace'], group: 'edit' },
  { action: 'duplicate', combos: ['Mod+D'], group: 'edit' },
  { action: 'copy', combos: ['Mod+C'], group: 'edit' },
  { action: 'paste', combos: ['Mod+V'], group: 'edit' },
  { action: 'select-all', combos: ['Mod+A'], group: 'edit' },
  { action: 'cancel', combos: ['Escape'], group: 'edit' },
  { action: 'nudge-left', combos: ['ArrowLeft'], group: 'edit' },
  { action: 'nudge-right', combos: ['ArrowRight'], group: 'edit' },
  { action: 'nudge-up', combos: ['ArrowUp'], group: 'edit' },
  { action: 'nudge-down', combos: ['ArrowDown'], group: 'edit' },
  { action: 'nudge-left-far', combos: ['Shift+ArrowLeft'], group: 'edit' },
  { action: 'nudge-right-far', combos: ['Shift+ArrowRight'], group: 'edit' },
  { action: 'nudge-up-far', combos: ['Shift+ArrowUp'], group: 'edit' },
  { action: 'nudge-down-far', combos: ['Shift+ArrowDown'], group: 'edit' },
  { action: 'toggle-hidden', combos: ['H'], group: 'edit' },
  { action: 'toggle-locked', combos: ['L'], group: 'edit' },
  { action: 'accept-selected', combos: ['Y'], group: 'labels' },
  { action: 'accept-all', combos: ['Shift+Y'], group: 'labels' },
  { action: 'zoom-in', combos: ['+', '='], group: 'view' },
  { action: 'zoom-out', combos: ['-', '_'], group: 'view' },
  { action: 'fit', combos: ['F'], group: 'view' },
  // Plain 1–9 pick label classes, so 1:1 takes Shift+1.
  { action: 'actual-size', combos: ['Shift+1'], group: 'view' },
  { action: 'next-image', combos: ['D'], group: 'navigate' },
  { action: 'previous-image', combos: ['A'], group: 'navigate' },
  { action: 'next-unlabeled', combos: ['N'], group: 'navigate' },
  { action: 'next-review', combos: ['R'], group: 'navigate' },
  // Done & next: one key, as in LabelImg's save-and-next; Ctrl+Enter as in Label Studio.
  { action: 'accept-image', combos: ['Enter', 'Mod+Enter'], group: 'navigate' },
  { action: 'help', combos: ['?'], group: 'view' },
];

/** Keys that mean the same with or without Shift on common layouts. */
const SHIFTED_SYMBOLS = new Set(['?', '+', '_', '!', '@', '#', '*']);

/**
 * One string per key press: modifiers in a fixed order, letters upper-case, digits by their
 * physical key (Shift+1 stays 'Shift+1', not '!').
 */
export function comboOf(e: ToolKey): string {
  let key = e.key;
  if (e.code && /^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (key.length === 1 && /[a-z]/i.test(key)) key = key.toUpperCase();
  const shift = e.shift && !SHIFTED_SYMBOLS.has(key);
  return `${e.mod ? 'Mod+' : ''}${e.alt ? 'Alt+' : ''}${shift ? 'Shift+' : ''}${key}`;
}

export function actionFor(e: ToolKey): EditorAction | undefined {
  const combo = comboOf(e);
  return SHORTCUTS.find((s) => s.combos.includes(combo))?.action;
}

/** A label hotkey '1'…'9' pressed without modifiers, or undefined. */
export function labelHotkey(e: ToolKey): string | undefined {
  const combo = comboOf(e);
  return /^[1-9]$/.test(combo) ? combo : undefined;
}

/** The keys that move between images, and where each one leads. */
export const NAVIGATION_ACTIONS = {
  'next-image': 'next',
  'previous-image': 'previous',
  'next-unlabeled': 'next-unlabeled',
  'next-review': 'next-review',
} as const satisfies Partial<Record<EditorAction, string>>;

export type NavigationKey = (typeof NAVIGATION_ACTIONS)[keyof typeof NAVIGATION_ACTIONS];

/** Where a key press moves to, or undefined when it is not a navigation key. */
export function navigationFor(e: ToolKey): NavigationKey | undefined {
  const action = actionFor(e);
  return action && action in NAVIGATION_ACTIONS
    ? NAVIGATION_ACTIONS[action as keyof typeof NAVIGATION_ACTIONS]
    : undefined;
}

/** A combo as people read it: Ctrl for the platform modifier. */
export function comboText(combo: string): string {
  return combo.replace('Mod+', 'Ctrl+');
}

/** The first key of an action as tooltips show it, from the same table as the help overlay. */
export function keyText(action: EditorAction): string {
  const combo = SHORTCUTS.find((s) => s.action === action)?.combos[0];
  return combo ? comboText(combo) : '';
}
