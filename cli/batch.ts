import { readFile, appendFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import type { TaskResult } from '../src/ai/tasks/types';
import { ServerError } from '../src/ai/server/server-error';
import { imageFiles } from './image-folder';
import { loadImage, type LoadedImage } from './image-input';
import { answeredPaths, cutTornLine, ResultsWriter } from './results-file';
import { resultLine } from './result-line';
import type { TaskSetup } from './task-options';

/** Runs one task on one image: a model server or the project's own runtime. */
export interface CliEngine {
  run(image: LoadedImage, setup: TaskSetup): Promise<TaskResult>;
  close(): Promise<void>;
}

export interface BatchRun {
  images: string;
  out: string;
  concurrency: number;
  setup: TaskSetup;
  engine: CliEngine;
  threshold: number;
  progress: boolean;
  log: (line: string) => void;
}

export interface BatchSummary {
  answered: number;
  needsReview: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Set when a problem that fails every image (key, model, network) stopped the run. */
  stoppedBy: string | null;
}

async function countImages(root: string): Promise<number> {
  let n = 0;
  for await (const _ of imageFiles(root)) n++;
  return n;
}

/**
 * Streams the folder through the engine with `concurrency` images in flight, appending one line
 * per answered image. Images already in --out are skipped, so a killed run resumes where it was;
 * failures go to `<out>.errors.jsonl` and are tried again by the next run.
 */
export async function runBatch(run: BatchRun): Promise<BatchSummary> {
  const started = performance.now();
  await cutTornLine(run.out);
  const done = await answeredPaths(run.out);
  const total = Math.max(0, (await countImages(run.images)) - done.size);
  const writer = await ResultsWriter.open(run.out);
  const errorsFile = `${run.out}.errors.jsonl`;
  const summary: BatchSummary = {
    answered: 0,
    needsReview: 0,
    failed: 0,
    skipped: 0,
    seconds: 0,
    stoppedBy: null,
  };
  const bar = run.progress
    ? new SingleBar({
        stream: process.stderr,
        format:
          '{bar} {percentage}% | {value}/{total} | {rate} img/s | ETA {eta_formatted} | failed {failed}',
        etaBuffer: 50,
        fps: 5,
        noTTYOutput: true,
        notTTYSchedule: 5000,
      })
    : null;
  bar?.start(total, 0, { rate: '0.0', failed: 0 });
  const tick = () => {
    const finished = summary.answered + summary.failed;
    const rate = finished / Math.max(0.001, (performance.now() - started) / 1000);
    bar?.update(finished, { rate: rate.toFixed(1), failed: summary.failed });
  };
  const files = imageFiles(run.images);
  const worker = async () => {
    for (;;) {
      if (summary.stoppedBy) return;
      const next = await files.next();
      if (next.done) return;
      const file = next.value;
      if (done.has(file.relativePath)) {
        summary.skipped++;
        continue;
      }
      try {
        const bytes = await readFile(file.path);
        const image = await loadImage(bytes);
        const result = await run.engine.run(image, run.setup);
        const line = resultLine(
          { relativePath: file.relativePath, bytes, ...image.size },
          result,
          run.threshold,
          Date.now(),
        );
        await writer.append(JSON.stringify(line));
        summary.answered++;
        if (line.status === 'needs-review') summary.needsReview++;
      } catch (error) {
        if (error instanceof ServerError && error.stopsBatch) {
          summary.stoppedBy ??= `${error.kind}: ${error.message}`;
          return;
        }
        summary.failed++;
        const message = error instanceof Error ? error.message : String(error);
        await appendFile(
          errorsFile,
          JSON.stringify({ file_name: file.relativePath, error: message, at: Date.now() }) + '\n',
        );
      }
      tick();
    }
  };
  try {
    await Promise.all(Array.from({ length: run.concurrency }, worker));
  } finally {
    bar?.stop();
    await writer.close();
    await run.engine.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

export function summaryText(s: BatchSummary, out: string): string {
  const rate = (s.answered + s.failed) / Math.max(0.001, s.seconds);
  const lines = [
    `answered ${s.answered} (needs review ${s.needsReview}), failed ${s.failed}, already done ${s.skipped}`,
    `${s.seconds.toFixed(1)} s, ${rate.toFixed(1)} images/s → ${out}`,
  ];
  if (s.failed > 0) lines.push(`errors: ${out}.errors.jsonl (run again to retry them)`);
  if (s.stoppedBy) lines.push(`stopped: ${s.stoppedBy}`);
  return lines.join('\n');
}
