import type { Store } from '../store';

const KEY = 'userName';
const isString = (v: unknown): v is string => typeof v === 'string';

/** The local user's name, set once, recorded on every human edit and review decision. */
export class UserName {
  value = $state('');

  constructor(private readonly store: Store) {
    void store.settings.get(KEY, '', isString).then((v) => (this.value = v));
  }

  async set(name: string): Promise<void> {
    this.value = name.trim().slice(0, 80);
    await this.store.settings.set(KEY, this.value);
  }
}
