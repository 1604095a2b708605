/**
 * Whether a key press goes into a text field, where single-letter shortcuts must not fire.
 * Check boxes, radio buttons, buttons, sliders and colour pickers take no text, so shortcuts work there.
 */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(target.type);
  return false;
}
