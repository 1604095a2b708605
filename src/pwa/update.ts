import { WatchedValue, type Watchable } from './value';

/** The subset of vite-plugin-pwa's registerSW this module needs, so tests can pass a fake. */
export interface RegisterOptions {
  onNeedRefresh?: () => void;
  onOfflineReady?: () => void;
  onRegisterError?: (error: unknown) => void;
}
export type Register = (options: RegisterOptions) => (reloadPage?: boolean) => Promise<void>;

export interface AppUpdates {
  /** A new version is installed and waiting; reloading switches to it. */
  readonly waiting: Watchable<boolean>;
  /** The app shell is cached: the app now opens without a network. */
  readonly offlineReady: Watchable<boolean>;
  /** Activates the waiting version and reloads the page. */
  applyUpdate(): Promise<void>;
  dismiss(): void;
}

/**
 * Registers the service worker in "prompt" mode: a new deployment is downloaded in the background
 * but only takes over when the user agrees, so an open labeling session is never reloaded under them.
 */
export function watchAppUpdates(register: Register): AppUpdates {
  const waiting = new WatchedValue(false);
  const offlineReady = new WatchedValue(false);
  const update = register({
    onNeedRefresh: () => waiting.set(true),
    onOfflineReady: () => offlineReady.set(true),
    onRegisterError: (error) => console.warn('Service worker registration failed', error),
  });
  return {
    waiting,
    offlineReady,
    async applyUpdate() {
      waiting.set(false);
      await update(true);
    },
    dismiss() {
      waiting.set(false);
    },
  };
}
