import { WatchedValue, type Watchable } from './value';

interface ConnectivitySource extends EventTarget {
  readonly navigator: { readonly onLine: boolean };
}

/**
 * Whether the browser believes it is online. `navigator.onLine` false is reliable (no network at
 * all); true only means some network exists, which is all the offline badge claims.
 */
export function watchConnectivity(source: ConnectivitySource): Watchable<boolean> & {
  dispose(): void;
} {
  const online = new WatchedValue(source.navigator.onLine);
  const update = () => online.set(source.navigator.onLine);
  source.addEventListener('online', update);
  source.addEventListener('offline', update);
  return Object.assign(online, {
    dispose() {
      source.removeEventListener('online', update);
      source.removeEventListener('offline', update);
    },
  });
}
