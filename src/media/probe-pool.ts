import { wrap, releaseProxy, type Remote } from 'comlink';
import type { ImageProbeApi, ProbeResult } from '../../workers/image-probe.protocol';

/** A few probe workers fed from one queue, so decoding never runs on the main thread. */
export class ProbePool {
  private readonly workers: Worker[] = [];
  private readonly apis: Remote<ImageProbeApi>[] = [];
  private next = 0;

  constructor(size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('../../workers/image-probe.worker.ts', import.meta.url), {
        type: 'module',
        name: `image-probe-${i}`,
      });
      this.workers.push(worker);
      this.apis.push(wrap<ImageProbeApi>(worker));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  probe(file: Blob, thumbnailSize: number): Promise<ProbeResult> {
    const api = this.apis[this.next++ % this.apis.length]!;
    return api.probe(file, thumbnailSize);
  }

  modelInput(...args: Parameters<ImageProbeApi['modelInput']>): Promise<ImageBitmap> {
    const api = this.apis[this.next++ % this.apis.length]!;
    return api.modelInput(...args);
  }

  dispose(): void {
    for (const api of this.apis) api[releaseProxy]();
    for (const worker of this.workers) worker.terminate();
  }
}
