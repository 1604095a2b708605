/** What one tab tells the others about the shared database. */
export type SyncMessage = { kind: 'images-changed'; projectId: string };

const CHANNEL = 'annota';

function isSyncMessage(data: unknown): data is SyncMessage {
  const m = data as Partial<SyncMessage> | null;
  return m?.kind === 'images-changed' && typeof m.projectId === 'string';
}

/** Tells other tabs of this app (same origin) that a project's images changed. */
export function announceImagesChanged(projectId: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ kind: 'images-changed', projectId } satisfies SyncMessage);
  channel.close();
}

/**
 * Calls `onChange` when another tab changed this project's images, at most once per `quietMs`
 * (an import announces every stored batch). Returns the function that stops listening.
 */
export function watchProjectImages(
  projectId: string,
  onChange: () => void,
  quietMs = 300,
): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  let timer: ReturnType<typeof setTimeout> | undefined;
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (!isSyncMessage(event.data) || event.data.projectId !== projectId) return;
    timer ??= setTimeout(() => {
      timer = undefined;
      onChange();
    }, quietMs);
  };
  return () => {
    clearTimeout(timer);
    channel.close();
  };
}
