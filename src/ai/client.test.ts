import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { InferenceApi } from '../../workers/inference.protocol';
import { classifyInferenceError } from '../model/errors';
import { InferenceClient, WorkerDiedError, type WorkerLike } from './client';

/** A worker stand-in on a MessageChannel: the same comlink protocol, a controllable fate. */
class ChannelWorker extends EventTarget {
  readonly #port: MessagePort;
  terminated = false;
  constructor(api: Partial<InferenceApi>) {
    super();
    const { port1, port2 } = new MessageChannel();
    expose(api, port2);
    this.#port = port1;
    port1.start();
  }
  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.#port.postMessage(message, transfer ?? []);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.#port.addEventListener(type, listener as EventListener);
    else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.#port.removeEventListener(type, listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate(): void {
    this.terminated = true;
    this.#port.close();
  }
}

const never = () => new Promise<never>(() => undefined);
const caps = { webgpu: false, shaderF16: false };

function clientWith(apis: Partial<InferenceApi>[], health = { intervalMs: 10, silentMs: 60_000 }) {
  const workers: ChannelWorker[] = [];
  const client = new InferenceClient(() => {
    const worker = new ChannelWorker(apis[workers.length] ?? apis[apis.length - 1]!);
    workers.push(worker);
    return worker as unknown as WorkerLike;
  }, health);
  return { client, workers };
}

describe('InferenceClient worker health', () => {
  it('ends a call with a typed error when the worker dies, and starts a fresh worker next', async () => {
    const { client, workers } = clientWith([
      { load: never, ping: () => true },
      { capabilities: async () => caps, ping: () => true },
    ]);
    const deaths: WorkerDiedError[] = [];
    client.onDeath((e) => deaths.push(e));
    const loading = client.load({} as never, () => undefined);
    await new Promise((r) => setTimeout(r, 20));
    workers[0]!.dispatchEvent(new Event('error'));
    await expect(loading).rejects.toBeInstanceOf(WorkerDiedError);
    expect(workers[0]!.terminated).toBe(true);
    expect(deaths).toHaveLength(1);
    expect(classifyInferenceError(deaths[0]).kind).toBe('worker-crashed');
    await expect(client.capabilities()).resolves.toEqual(caps);
    expect(workers).toHaveLength(2);
  });

  it('treats an unreadable message as a dead worker', async () => {
    const { client, workers } = clientWith([{ load: never, ping: () => true }]);
    const loading = client.load({} as never, () => undefined);
    workers[0]!.dispatchEvent(new Event('messageerror'));
    await expect(loading).rejects.toBeInstanceOf(WorkerDiedError);
  });

  it('declares a worker dead when it stays silent past the limit while busy', async () => {
    const { client } = clientWith([{ load: never, ping: never as unknown as () => boolean }], {
      intervalMs: 10,
      silentMs: 80,
    });
    await expect(client.load({} as never, () => undefined)).rejects.toThrow(/no answer/);
  });

  it('keeps a slow but living worker', async () => {
    const { client, workers } = clientWith(
      [
        {
          capabilities: () => new Promise((r) => setTimeout(() => r(caps), 300)),
          ping: () => true,
        },
      ],
      { intervalMs: 10, silentMs: 80 },
    );
    await expect(client.capabilities()).resolves.toEqual(caps);
    expect(workers[0]!.terminated).toBe(false);
  });
});
