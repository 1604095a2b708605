import { ServerEngine } from '../../ai/server/browser-engine';
import { testConnection, type ConnectionReport } from '../../ai/server/connection-test';
import { coordinateConvention } from '../../ai/server/conventions';
import { ServerClient, type ServerConnection } from '../../ai/server/server-client';
import { ServerError } from '../../ai/server/server-error';
import {
  acknowledgement,
  restoreServerSettings,
  SERVER_KEY_SETTING,
  SERVER_SETTINGS_KEY,
  serverOrigin,
  validateServerSettings,
  type ServerSettings,
} from '../../ai/server/server-settings';
import { allowedServerHosts, hostAllowed } from '../../ai/server/allowed-hosts';
import type { Store } from '../../store';

const anything = (_value: unknown): _value is unknown => true;

/**
 * The on-prem model server of this tab: its settings, the device-only API key, the last connection
 * test, and the engine the AI panel and the batch use while it is the active source. Nothing is
 * sent to the server unless it is active and the project's user was told so.
 */
export class ServerState {
  settings = $state(restoreServerSettings(null));
  apiKey = $state('');
  testing = $state(false);
  report = $state.raw<ConnectionReport | null>(null);
  private engineFor: { key: string; engine: ServerEngine } | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly store: Store) {
    this.ready = Promise.all([
      store.settings.get(SERVER_SETTINGS_KEY, null, anything),
      store.settings.get(SERVER_KEY_SETTING, '', anything),
    ]).then(([raw, key]) => {
      this.settings = restoreServerSettings(raw);
      this.apiKey = typeof key === 'string' ? key : '';
    });
  }

  get active(): boolean {
    return this.settings.active;
  }

  get origin(): string | null {
    return serverOrigin(this.settings.baseUrl);
  }

  /** Whether this build's Content-Security-Policy lets the page reach the server at all. */
  get allowed(): boolean {
    const hosts = allowedServerHosts();
    return hosts === null || hostAllowed(this.settings.baseUrl, hosts);
  }

  async save(next: ServerSettings): Promise<void> {
    this.settings = next;
    this.report = null;
    await this.store.settings.set(SERVER_SETTINGS_KEY, $state.snapshot(next));
  }

  async saveKey(key: string): Promise<void> {
    this.apiKey = key;
    this.report = null;
    await this.store.settings.set(SERVER_KEY_SETTING, key);
  }

  /** Makes the server the model source, or goes back to the model in this browser. */
  async activate(on: boolean): Promise<void> {
    if (on && validateServerSettings(this.settings).length > 0) return;
    await this.save({ ...this.settings, active: on });
  }

  connection(): ServerConnection {
    return {
      baseUrl: this.settings.baseUrl,
      model: this.settings.model.trim(),
      apiKey: this.apiKey,
      timeoutMs: this.settings.timeoutSeconds * 1000,
    };
  }

  async test(): Promise<ConnectionReport> {
    this.testing = true;
    try {
      this.report = await testConnection(this.connection(), {
        allowed: (url) => {
          const hosts = allowedServerHosts();
          return hosts === null || hostAllowed(url, hosts);
        },
        online: () => navigator.onLine,
      });
      return this.report;
    } finally {
      this.testing = false;
    }
  }

  acknowledged(projectId: string): boolean {
    return this.settings.acknowledged.includes(acknowledgement(projectId, this.settings.baseUrl));
  }

  async acknowledge(projectId: string): Promise<void> {
    if (this.acknowledged(projectId)) return;
    const key = acknowledgement(projectId, this.settings.baseUrl);
    await this.save({ ...this.settings, acknowledged: [...this.settings.acknowledged, key] });
  }

  /**
   * The engine for a run on this project, or a ServerError saying why not: not allowed by the
   * build, not acknowledged for the project, or a model whose coordinates we cannot read.
   */
  engine(projectId: string): ServerEngine {
    if (!this.allowed) throw new ServerError('host-not-allowed', this.settings.baseUrl);
    if (!this.acknowledged(projectId))
      throw new Error('confirm first that images of this project may go to this server');
    const convention = coordinateConvention(this.settings.model);
    if (convention === 'unknown') throw new ServerError('unsupported-model', this.settings.model);
    const connection = this.connection();
    const key = JSON.stringify(connection);
    if (this.engineFor?.key !== key)
      this.engineFor = {
        key,
        engine: new ServerEngine(
          new ServerClient(connection, undefined, undefined, () => navigator.onLine),
          convention,
        ),
      };
    return this.engineFor.engine;
  }

  async cancel(): Promise<void> {
    await this.engineFor?.engine.cancel();
  }

  /** What provenance records as the model: the served model, and which server answered. */
  modelRef(): { modelId: string; revision: string } {
    return { modelId: this.settings.model.trim(), revision: `server:${this.origin ?? ''}` };
  }
}
