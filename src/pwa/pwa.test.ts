import { describe, expect, it, vi } from 'vitest';
import { watchConnectivity } from './connectivity';
import { watchInstallPrompt, type BeforeInstallPromptEvent } from './install';
import { watchAppUpdates, type RegisterOptions } from './update';
import type { Watchable } from './value';

function seen<T>(value: Watchable<T>): T[] {
  const values: T[] = [];
  value.subscribe((v) => values.push(v));
  return values;
}

function installEvent(outcome: 'accepted' | 'dismissed'): BeforeInstallPromptEvent {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  return Object.assign(event, {
    prompt: vi.fn(() => Promise.resolve()),
    userChoice: Promise.resolve({ outcome }),
  });
}

describe('connectivity', () => {
  it('follows online and offline events and stops after dispose', () => {
    const window = Object.assign(new EventTarget(), { navigator: { onLine: true } });
    const online = watchConnectivity(window);
    const values = seen(online);
    window.navigator.onLine = false;
    window.dispatchEvent(new Event('offline'));
    window.navigator.onLine = true;
    window.dispatchEvent(new Event('online'));
    online.dispose();
    window.navigator.onLine = false;
    window.dispatchEvent(new Event('offline'));
    expect(values).toEqual([true, false, true]);
  });
});

describe('install prompt', () => {
  it('is unavailable until the browser offers it', async () => {
    const prompt = watchInstallPrompt(new EventTarget());
    expect(prompt.available.current).toBe(false);
    expect(await prompt.install()).toBe('unavailable');
  });

  it('keeps the browser prompt, shows it once on install, and reports the choice', async () => {
    const target = new EventTarget();
    const prompt = watchInstallPrompt(target);
    const event = installEvent('accepted');
    target.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(prompt.available.current).toBe(true);
    expect(await prompt.install()).toBe('accepted');
    expect(event.prompt).toHaveBeenCalledOnce();
    expect(prompt.available.current).toBe(false);
    expect(await prompt.install()).toBe('unavailable');
  });

  it('hides the button once the app is installed another way', () => {
    const target = new EventTarget();
    const prompt = watchInstallPrompt(target);
    target.dispatchEvent(installEvent('dismissed'));
    target.dispatchEvent(new Event('appinstalled'));
    expect(prompt.available.current).toBe(false);
  });

  it('ignores an event without a prompt method', () => {
    const target = new EventTarget();
    const prompt = watchInstallPrompt(target);
    target.dispatchEvent(new Event('beforeinstallprompt'));
    expect(prompt.available.current).toBe(false);
  });
});

describe('app updates', () => {
  function fakeRegister() {
    let options: RegisterOptions = {};
    const update = vi.fn((_reload?: boolean) => Promise.resolve());
    return {
      register: (o: RegisterOptions) => {
        options = o;
        return update;
      },
      update,
      options: () => options,
    };
  }

  it('asks before switching to a waiting version, then activates it with a reload', async () => {
    const fake = fakeRegister();
    const updates = watchAppUpdates(fake.register);
    const waiting = seen(updates.waiting);
    fake.options().onNeedRefresh?.();
    expect(updates.waiting.current).toBe(true);
    expect(fake.update).not.toHaveBeenCalled();
    await updates.applyUpdate();
    expect(fake.update).toHaveBeenCalledWith(true);
    expect(waiting).toEqual([false, true, false]);
  });

  it('can be dismissed, and reports when the app works offline', () => {
    const fake = fakeRegister();
    const updates = watchAppUpdates(fake.register);
    fake.options().onNeedRefresh?.();
    updates.dismiss();
    expect(updates.waiting.current).toBe(false);
    fake.options().onOfflineReady?.();
    expect(updates.offlineReady.current).toBe(true);
    expect(fake.update).not.toHaveBeenCalled();
  });
});
