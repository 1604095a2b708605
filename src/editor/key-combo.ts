import type { ToolKey } from './tools/tool';

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

/** A combo as the help and the toolbar show it. */
export function comboText(combo: string): string {
  return combo.replace('Mod+', 'Ctrl+');
}

/** A label hotkey '1'…'9' pressed without modifiers, or undefined. */
export function labelHotkey(e: ToolKey): string | undefined {
  const combo = comboOf(e);
  return /^[1-9]$/.test(combo) ? combo : undefined;
}
