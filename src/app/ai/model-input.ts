import type { PrepareImage } from '../../ai/run-task';
import { ProbePool } from '../../media/probe-pool';

let workers: ProbePool | undefined;

/**
 * The model's input, decoded and downscaled in an image worker: the page's thread stays free for
 * the person while a batch prepares image after image. One worker is enough — the model itself is
 * slower — and it is started on first use and kept for the tab's life.
 */
export const prepareModelInput: PrepareImage = (original, imageSize, crop, maxImageTokens) => {
  workers ??= new ProbePool(1);
  return workers.modelInput(original, imageSize, crop, maxImageTokens);
};
