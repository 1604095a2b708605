import { WatchedValue, type Watchable } from './value';

/** Chromium's install prompt event; not in the DOM typings because it is not a standard. */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

function isInstallPrompt(event: Event): event is BeforeInstallPromptEvent {
  return typeof (event as Partial<BeforeInstallPromptEvent>).prompt === 'function';
}

export type InstallOutcome = 'accepted' | 'dismissed' | 'unavailable';

export interface InstallPrompt {
  /** True while the browser offers installation and the app is not installed. */
  readonly available: Watchable<boolean>;
  install(): Promise<InstallOutcome>;
  dispose(): void;
}

/**
 * Keeps the browser's deferred install prompt so an Install button can show it later. Browsers
 * without `beforeinstallprompt` (Firefox, Safari) never offer it, and the button stays hidden.
 */
export function watchInstallPrompt(target: EventTarget): InstallPrompt {
  let deferred: BeforeInstallPromptEvent | null = null;
  const available = new WatchedValue(false);
  const onPrompt = (event: Event) => {
    if (!isInstallPrompt(event)) return;
    // Keep the mini-infobar away: the header's button asks instead.
    event.preventDefault();
    deferred = event;
    available.set(true);
  };
  const onInstalled = () => {
    deferred = null;
    available.set(false);
  };
  target.addEventListener('beforeinstallprompt', onPrompt);
  target.addEventListener('appinstalled', onInstalled);
  return {
    available,
    async install() {
      const event = deferred;
      if (!event) return 'unavailable';
      // A prompt can be shown only once; the browser fires a new event if it may ask again.
      deferred = null;
      available.set(false);
      await event.prompt();
      return (await event.userChoice).outcome;
    },
    dispose() {
      target.removeEventListener('beforeinstallprompt', onPrompt);
      target.removeEventListener('appinstalled', onInstalled);
    },
  };
}
