import type { AnnotaDb } from '../database';
import { guardQuota } from '../errors';

/** Small typed app-wide settings (local user name, model choice, …). */
export class SettingsRepository {
  constructor(private readonly db: AnnotaDb) {}

  async get<T>(key: string, fallback: T, guard: (v: unknown) => v is T): Promise<T> {
    const record = await this.db.get('settings', key);
    return record && guard(record.value) ? record.value : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    await guardQuota(() => this.db.put('settings', { key, value }));
  }
}
