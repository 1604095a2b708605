import type { HarnessReply, HarnessRun } from './protocol.ts';

/** Entry point for Playwright: `await window.runHarness(job)` runs a job in a fresh worker. */
function runHarness(job: HarnessRun): Promise<HarnessReply> {
  const worker = new Worker(new URL('./harness.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = (event: MessageEvent<HarnessReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ ok: false, error: event.message || 'worker failed to start' });
    };
    worker.postMessage(job);
  });
}

declare global {
  interface Window {
    runHarness: typeof runHarness;
  }
}

window.runHarness = runHarness;
