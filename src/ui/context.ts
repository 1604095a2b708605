import { getContext, setContext } from 'svelte';
import type { Store } from '../store';
import type { Router } from './router.svelte';
import type { UserName } from '../app/user-name.svelte';
import type { ModelState } from '../app/model/model-state.svelte';
import type { SegmentModelState } from '../app/segment/segment-model-state.svelte';

export interface AppContext {
  store: Store;
  router: Router;
  user: UserName;
  model: ModelState;
  /** The click-to-segment model (SAM class): the segment tool and box → polygon use it. */
  segment: SegmentModelState;
}

const KEY = Symbol('annota');

export function provideApp(context: AppContext): void {
  setContext(KEY, context);
}

export function useApp(): AppContext {
  const context = getContext<AppContext | undefined>(KEY);
  if (!context) throw new Error('useApp() outside <App>');
  return context;
}
