import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/** Writes a benchmark's figures to bench/results/<name>.json and prints them as a table. */
export function report(name: string, figures: Record<string, unknown>): void {
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const body = { name, at: new Date().toISOString(), machine: machine(), ...figures };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  console.table(figures);
}

/** tsx compiles named inner functions with an `__name` helper that pages lack; give them a no-op. */
export async function allowTsxEvaluate(page: Page): Promise<void> {
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
}
