import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** Runs a command for a fact about the machine; a missing tool just leaves the fact out. */
function ask(command: string): string | undefined {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function machine(): Record<string, string | number> {
  // Packed runs (bench/gpu) have no git checkout: the pack step records the revision.
  const revision = process.env.ANNOTA_REVISION ?? ask('git rev-parse --short HEAD') ?? 'unknown';
  const gpu = ask('nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader');
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    ...(gpu ? { gpu } : {}),
    node: process.version,
    revision,
    // Other work on the machine slows every figure; above the core count, times are inflated.
    loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
  };
}

/** What ran a benchmark, recorded beside its figures so runs on different setups are not compared. */
export interface BenchSetup {
  /** The code path, e.g. "transformers.js 4.3.1 on onnxruntime-node (cpu)" or "production build". */
  runtime: string;
  /** Browser and version for benchmarks that drive one, from `browserName`. */
  browser?: string;
  /** The model, for benchmarks that run one. */
  model?: { name: string; dims: string; dtype: string; device: string };
  /** What a reader must know about the conditions (a shared machine, …). */
  note?: string;
}

/** The transformers.js version in node_modules, so results name the runtime they measured. */
export function transformersVersion(): string {
  const path = join(
    import.meta.dirname,
    '..',
    'node_modules/@huggingface/transformers/package.json',
  );
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/**
 * Writes a benchmark's figures to bench/results/<name>.json (or $ANNOTA_BENCH_RESULTS, where a
 * packed run must leave them) and prints them as a table.
 */
export function report(name: string, setup: BenchSetup, figures: Record<string, unknown>): void {
  const dir = process.env.ANNOTA_BENCH_RESULTS ?? join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const body = { name, at: new Date().toISOString(), machine: machine(), ...setup, ...figures };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  console.table(figures);
}
