/** Anything that can hold text drafts and write them out before the page moves on. */
export interface DraftHolder {
  holdDraft(flush: () => void): () => void;
  /** Told when the field starts and stops holding typed text that is not an edit yet. */
  draftDirty?(flush: () => void, dirty: boolean): void;
}

export interface SavesWhileTyping {
  drafts: DraftHolder;
  /** The current value becomes an edit; called with the same value twice, it must do nothing. */
  commit: (value: string) => void;
  delayMs?: number;
}

/**
 * A text field that saves as the user types: a quiet pause, leaving the field, navigation or
 * pagehide turns the draft into an edit, so text typed and left focused is never lost on reload.
 * The commit reads the field's value at that moment, so re-rendering the same text moves no cursor.
 */
export function savesWhileTyping(
  node: HTMLInputElement | HTMLTextAreaElement,
  options: SavesWhileTyping,
): { update(next: SavesWhileTyping): void; destroy(): void } {
  let current = options;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!dirty) return;
    dirty = false;
    current.commit(node.value);
    current.drafts.draftDirty?.(flush, false);
  };
  const onInput = () => {
    dirty = true;
    current.drafts.draftDirty?.(flush, true);
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, current.delayMs ?? 400);
  };
  node.addEventListener('input', onInput);
  node.addEventListener('change', flush);
  node.addEventListener('blur', flush);
  let release = current.drafts.holdDraft(flush);
  return {
    update(next) {
      if (next.drafts !== current.drafts) {
        release();
        release = next.drafts.holdDraft(flush);
      }
      current = next;
    },
    destroy() {
      flush();
      release();
      node.removeEventListener('input', onInput);
      node.removeEventListener('change', flush);
      node.removeEventListener('blur', flush);
    },
  };
}
