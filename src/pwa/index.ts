import { registerSW } from 'virtual:pwa-register';
import { watchConnectivity } from './connectivity';
import { watchInstallPrompt, type InstallPrompt } from './install';
import { watchAppUpdates, type AppUpdates } from './update';
import type { Watchable } from './value';

export type { AppUpdates, InstallPrompt, Watchable };
export type { InstallOutcome } from './install';

export interface Pwa {
  updates: AppUpdates;
  install: InstallPrompt;
  online: Watchable<boolean>;
}

let shared: Pwa | undefined;

/** The page's one service worker registration, install prompt and connectivity watch. */
export function pwa(): Pwa {
  shared ??= {
    updates: watchAppUpdates((options) => registerSW({ immediate: true, ...options })),
    install: watchInstallPrompt(window),
    online: watchConnectivity(window),
  };
  return shared;
}
