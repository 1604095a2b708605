import { comboOf, comboText } from './key-combo';
import type { EditorSession, SessionIntents } from './session';
import type { ToolKey, ToolName } from './tools/tool';

export type EditorActionId =
  | 'tool-select'
  | 'tool-box'
  | 'tool-polygon'
  | 'tool-point'
  | 'tool-segment'
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
  | 'outline-selected'
  | 'outline-all'
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

/** The sections of the `?` help. */
export type ActionGroup = 'tools' | 'edit' | 'view' | 'navigate' | 'labels';

/**
 * One thing a person can do in the editor, defined once: the toolbar, the key handler and the `?`
 * help all read it (as Excalidraw's actions do).
 */
export interface EditorAction {
  id: EditorActionId;
  /** Message key of what the action does, in both catalogs. */
  label: `editor.action.${EditorActionId}`;
  /** Normalised key combos, e.g. 'Mod+Shift+Z' (see comboOf); the first is the one shown. */
  shortcut: readonly string[];
  group: ActionGroup;
  perform(session: EditorSession): void;
  /** When false, the toolbar greys the action out and its keys do nothing. */
  enabled(session: EditorSession): boolean;
}

const ZOOM_STEP = 1.25;
const NUDGE = 1;
const NUDGE_FAR = 10;

const always = () => true;
const withSelection = (s: EditorSession) => s.selection.size > 0;
/** Delete and accept act on a selected OCR line too; the other edits are for regions. */
const withAnySelection = (s: EditorSession) => withSelection(s) || s.ocrSelection !== null;

function action(
  id: EditorActionId,
  group: ActionGroup,
  shortcut: readonly string[],
  perform: (s: EditorSession) => void,
  enabled: (s: EditorSession) => boolean = always,
): EditorAction {
  return { id, label: `editor.action.${id}`, shortcut, group, perform, enabled };
}

const tool = (name: ToolName, key: string) =>
  action(`tool-${name}`, 'tools', [key], (s) => s.setTool(name));

type NavigateTo = Parameters<SessionIntents['navigate']>[0];

/** Where each key that moves between images leads. */
const NAVIGATION = {
  'next-image': 'next',
  'previous-image': 'previous',
  'next-unlabeled': 'next-unlabeled',
  'next-review': 'next-review',
} as const satisfies Partial<Record<EditorActionId, NavigateTo>>;

const go = (id: keyof typeof NAVIGATION, key: string) =>
  action(id, 'navigate', [key], (s) => s.navigate(NAVIGATION[id]));

const nudge = (id: EditorActionId, combo: string, dx: number, dy: number) =>
  action(id, 'edit', [combo], (s) => s.nudge(dx, dy), withSelection);

/** Keys labelers know from LabelImg and CVAT: D/A between images, W for a box, Ctrl+Z undo. */
export const EDITOR_ACTIONS: readonly EditorAction[] = [
  tool('select', 'Q'),
  tool('box', 'W'),
  tool('polygon', 'E'),
  tool('point', 'T'),
  // S as in CVAT's and Label Studio's segment-anything tools.
  tool('segment', 'S'),
  tool('pan', 'P'),
  action(
    'undo',
    'edit',
    ['Mod+Z'],
    (s) => s.undo(),
    (s) => s.canUndo,
  ),
  action(
    'redo',
    'edit',
    ['Mod+Shift+Z', 'Mod+Y'],
    (s) => s.redo(),
    (s) => s.canRedo,
  ),
  action('delete', 'edit', ['Delete', 'Backspace'], (s) => s.deleteSelection(), withAnySelection),
  action('duplicate', 'edit', ['Mod+D'], (s) => s.duplicate(), withSelection),
  action('copy', 'edit', ['Mod+C'], (s) => s.copy(), withSelection),
  action('paste', 'edit', ['Mod+V'], (s) => s.paste()),
  action('select-all', 'edit', ['Mod+A'], (s) =>
    s.select(s.regions.filter((r) => !r.hidden && r.state !== 'rejected').map((r) => r.id)),
  ),
  action('cancel', 'edit', ['Escape'], (s) => s.cancel()),
  nudge('nudge-left', 'ArrowLeft', -NUDGE, 0),
  nudge('nudge-right', 'ArrowRight', NUDGE, 0),
  nudge('nudge-up', 'ArrowUp', 0, -NUDGE),
  nudge('nudge-down', 'ArrowDown', 0, NUDGE),
  nudge('nudge-left-far', 'Shift+ArrowLeft', -NUDGE_FAR, 0),
  nudge('nudge-right-far', 'Shift+ArrowRight', NUDGE_FAR, 0),
  nudge('nudge-up-far', 'Shift+ArrowUp', 0, -NUDGE_FAR),
  nudge('nudge-down-far', 'Shift+ArrowDown', 0, NUDGE_FAR),
  action(
    'outline-selected',
    'edit',
    ['O'],
    (s) => void s.outlineBoxes(s.selectedRegions),
    (s) => s.canOutline(s.selectedRegions),
  ),
  action(
    'outline-all',
    'edit',
    ['Shift+O'],
    (s) => void s.outlineBoxes(s.regions),
    (s) => s.canOutline(s.regions),
  ),
  action('toggle-hidden', 'edit', ['H'], (s) => s.toggleHidden(), withSelection),
  action('toggle-locked', 'edit', ['L'], (s) => s.toggleLocked(), withSelection),
  action('accept-selected', 'labels', ['Y'], (s) => s.acceptSelected(), withAnySelection),
  action('accept-all', 'labels', ['Shift+Y'], (s) => s.acceptAll()),
  action('zoom-in', 'view', ['+', '='], (s) => s.zoomBy(ZOOM_STEP)),
  action('zoom-out', 'view', ['-', '_'], (s) => s.zoomBy(1 / ZOOM_STEP)),
  action('fit', 'view', ['F'], (s) => s.fit()),
  // Plain 1–9 pick label classes, so 1:1 takes Shift+1.
  action('actual-size', 'view', ['Shift+1'], (s) => s.actualSize()),
  go('next-image', 'D'),
  go('previous-image', 'A'),
  go('next-unlabeled', 'N'),
  go('next-review', 'R'),
  // Done & next: one key, as in LabelImg's save-and-next; Ctrl+Enter as in Label Studio.
  action('accept-image', 'navigate', ['Enter', 'Mod+Enter'], (s) => s.acceptImage()),
  action('help', 'view', ['?'], (s) => s.toggleHelp()),
];

const BY_ID = new Map(EDITOR_ACTIONS.map((a) => [a.id, a]));

export function editorAction(id: EditorActionId): EditorAction {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`No editor action '${id}'`);
  return found;
}

/** The action a key press is the shortcut of, if any. */
export function actionForKey(e: ToolKey): EditorAction | undefined {
  const combo = comboOf(e);
  return EDITOR_ACTIONS.find((a) => a.shortcut.includes(combo));
}

/** How the help and the toolbar write an action's keys: 'Ctrl+Shift+Z / Ctrl+Y'. */
export function shortcutText(action: EditorAction): string {
  return action.shortcut.map(comboText).join(' / ');
}

/**
 * Where a key press moves between images, or undefined: the image page answers these keys itself
 * until its editor is ready, so a D pressed while the next image loads is not lost.
 */
export function navigationFor(e: ToolKey): NavigateTo | undefined {
  const found = actionForKey(e);
  return found && found.id in NAVIGATION
    ? NAVIGATION[found.id as keyof typeof NAVIGATION]
    : undefined;
}
