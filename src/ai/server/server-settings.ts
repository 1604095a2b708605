/**
 * The on-prem model server as the user configured it, kept in this device's settings. The API key
 * is stored apart (settings key SERVER_KEY_SETTING) and never written into exports or backups.
 */
export interface ServerSettings {
  /** The server is the model source (instead of the model in this browser). */
  active: boolean;
  baseUrl: string;
  model: string;
  /** Requests in flight during a batch. */
  concurrency: number;
  timeoutSeconds: number;
  /** Projects whose user was told, once, that their images go to this server (`project|origin`). */
  acknowledged: string[];
}

export const SERVER_SETTINGS_KEY = 'model-server';
export const SERVER_KEY_SETTING = 'model-server-api-key';

export function defaultServerSettings(): ServerSettings {
  return {
    active: false,
    baseUrl: '',
    model: '',
    concurrency: 4,
    timeoutSeconds: 120,
    acknowledged: [],
  };
}

export type ServerSettingsProblem = 'base-url' | 'model' | 'concurrency' | 'timeout';

/** The origin of a valid http(s) base URL, else null. */
export function serverOrigin(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export function validateServerSettings(s: ServerSettings): ServerSettingsProblem[] {
  const problems: ServerSettingsProblem[] = [];
  if (!serverOrigin(s.baseUrl)) problems.push('base-url');
  if (!s.model.trim()) problems.push('model');
  if (!(Number.isInteger(s.concurrency) && s.concurrency >= 1 && s.concurrency <= 64))
    problems.push('concurrency');
  if (!(Number.isFinite(s.timeoutSeconds) && s.timeoutSeconds >= 1 && s.timeoutSeconds <= 3600))
    problems.push('timeout');
  return problems;
}

/** Read back field by field; anything odd falls back to the default of that field. */
export function restoreServerSettings(raw: unknown): ServerSettings {
  const d = defaultServerSettings();
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as Partial<Record<keyof ServerSettings, unknown>>;
  const s: ServerSettings = {
    active: r.active === true,
    baseUrl: typeof r.baseUrl === 'string' ? r.baseUrl : d.baseUrl,
    model: typeof r.model === 'string' ? r.model : d.model,
    concurrency:
      typeof r.concurrency === 'number' && Number.isInteger(r.concurrency) && r.concurrency >= 1
        ? Math.min(64, r.concurrency)
        : d.concurrency,
    timeoutSeconds:
      typeof r.timeoutSeconds === 'number' && r.timeoutSeconds >= 1
        ? Math.min(3600, r.timeoutSeconds)
        : d.timeoutSeconds,
    acknowledged: Array.isArray(r.acknowledged)
      ? r.acknowledged.filter((a): a is string => typeof a === 'string')
      : [],
  };
  // A server that cannot be reached as configured is never the active source.
  if (validateServerSettings(s).length > 0) s.active = false;
  return s;
}

export function acknowledgement(projectId: string, baseUrl: string): string {
  return `${projectId}|${serverOrigin(baseUrl) ?? ''}`;
}
