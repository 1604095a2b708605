import { parseArgs } from 'node:util';
import { runBatch, summaryText, type CliEngine } from './batch';
import { exportCoco } from './export';
import { serverEngine } from './server-engine';
import { taskSetup, UsageError, type TaskFlags } from './task-options';
import { ServerError } from '../src/ai/server/server-error';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/ai/review-rules';

const USAGE = `annota — batch pre-annotation for Annota projects

  annota batch --images DIR --task TASK --out results.jsonl
               (--server URL --model NAME [--api-key KEY] | --engine local --model-dir DIR)
               [--labels a,b] [--lang en|zh] [--concurrency 4] [--max-image-tokens 1024]
               [--max-new-tokens N] [--timeout 120] [--threshold 0.85]
               [--prompt TEXT] [--vocabulary a,b] [--dimensions a,b] [--max-tags N]
               [--caption-lang en|zh] [--reading-order model|rows]
               [--fields fields.json] [--instructions TEXT] [--coordinates relative-1000]
               [--no-progress]
  annota export --in results.jsonl --out instances.json     (COCO instances)

Tasks: caption-tags, detect, points, ocr, report, custom-prompt.
The API key may also come from ANNOTA_API_KEY. Exit code: 0 all answered, 1 some images failed,
2 usage error or the run stopped (server refused the key, unknown model, unreachable).`;

const OPTIONS = {
  images: { type: 'string' },
  task: { type: 'string' },
  out: { type: 'string' },
  in: { type: 'string' },
  server: { type: 'string' },
  model: { type: 'string' },
  'api-key': { type: 'string' },
  engine: { type: 'string' },
  'model-dir': { type: 'string' },
  labels: { type: 'string' },
  lang: { type: 'string' },
  concurrency: { type: 'string' },
  'max-image-tokens': { type: 'string' },
  'max-new-tokens': { type: 'string' },
  timeout: { type: 'string' },
  threshold: { type: 'string' },
  prompt: { type: 'string' },
  vocabulary: { type: 'string' },
  dimensions: { type: 'string' },
  'max-tags': { type: 'string' },
  'caption-lang': { type: 'string' },
  'reading-order': { type: 'string' },
  fields: { type: 'string' },
  instructions: { type: 'string' },
  coordinates: { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function number(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}`);
  return n;
}

function need(name: string, value: string | undefined): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function batch(values: Record<string, string | boolean | undefined>): Promise<number> {
  const flags = values as Record<string, string | undefined>;
  const images = need('images', flags.images);
  const out = need('out', flags.out);
  const setup = await taskSetup({
    ...(flags as unknown as TaskFlags),
    task: need('task', flags.task),
  });
  const concurrency = Math.floor(number('concurrency', flags.concurrency, 4, 1));
  const maxImageTokens = Math.floor(
    number('max-image-tokens', flags['max-image-tokens'], 1024, 64),
  );
  const threshold = number('threshold', flags.threshold, DEFAULT_REVIEW_THRESHOLD, 0);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let engine: CliEngine;
  if (flags.engine === 'local') {
    const { localEngine } = await import('./local-engine');
    engine = await localEngine({
      modelDir: need('model-dir', flags['model-dir']),
      maxImageTokens,
    });
  } else if (flags.engine === undefined || flags.engine === 'server') {
    engine = await serverEngine(
      {
        baseUrl: need('server', flags.server),
        model: need('model', flags.model),
        apiKey: flags['api-key'] ?? process.env.ANNOTA_API_KEY ?? '',
        timeoutMs: number('timeout', flags.timeout, 120, 1) * 1000,
      },
      {
        maxImageTokens,
        assumeRelative: flags.coordinates === 'relative-1000',
        concurrency,
        log,
      },
    );
  } else throw new UsageError('--engine must be server or local');
  const summary = await runBatch({
    images,
    out,
    concurrency,
    setup,
    engine,
    threshold,
    progress: !values['no-progress'],
    log,
  });
  log(summaryText(summary, out));
  if (summary.stoppedBy) return 2;
  return summary.failed > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
    if (values.help || !command || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === 'batch') return await batch(values);
    if (command === 'export') {
      const summary = await exportCoco(need('in', values.in), need('out', values.out));
      process.stderr.write(`${summary}\n`);
      return 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`annota: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ServerError) {
      process.stderr.write(`annota: ${error.kind}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`annota: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
