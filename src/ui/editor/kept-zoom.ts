import type { HeldView } from '../../editor/viewport';

const KEY = 'annota.keepZoom';

/** Whether D/A (and the other moves between images) keep the zoom; fitted on open unless asked. */
export function keepsZoom(): boolean {
  try {
    return localStorage.getItem(KEY) === 'true';
  } catch {
    return false;
  }
}

export function rememberKeepsZoom(on: boolean): void {
  try {
    localStorage.setItem(KEY, String(on));
  } catch {
    // Storage unavailable: the option holds until the page is reloaded.
  }
}

/** The view the image being left had, for the next editor to open with (one use). */
let carried: HeldView | null = null;

export function carryView(view: HeldView | null): void {
  carried = view;
}

export function takeCarriedView(): HeldView | undefined {
  const view = carried ?? undefined;
  carried = null;
  return view;
}
