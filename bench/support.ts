import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves the production build (built first if asked) on a free port; returns its URL and a stop(). */
export async function servePreview(port = 4180): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    stop: () => {
      if (child.pid) process.kill(-child.pid);
    },
  };
}

export function machine(): Record<string, string | number> {
  let revision = 'unknown';
  try {
    revision = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the figures still stand, just without a revision.
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    revision,
  };
}

/** What ran a benchmark, recorded beside its figures so runs on different setups are not compared. */
export interface BenchSetup {
  /** The code path, e.g. "transformers.js 4.3.1 on onnxruntime-node (CPU)" or "production build". */
  runtime: string;
  /** Browser and version for benchmarks that drive one, from `browserName`. */
  browser?: string;
  /** The model, for benchmarks that run one. */
  model?: { name: string; dims: string; dtype: string; device: string };
}

/** "Chromium 142.0.7444.59 (headless)" — what Playwright launched. */
export function browserName(browser: Browser): string {
  return `Chromium ${browser.version()} (headless)`;
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

/** Writes a benchmark's figures to bench/results/<name>.json and prints them as a table. */
export function report(name: string, setup: BenchSetup, figures: Record<string, unknown>): void {
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const body = { name, at: new Date().toISOString(), machine: machine(), ...setup, ...figures };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  console.table(figures);
}

/** tsx compiles named inner functions with an `__name` helper that pages lack; give them a no-op. */
export async function allowTsxEvaluate(page: Page): Promise<void> {
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
}
