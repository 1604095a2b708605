/** Driving Debian's Chromium for the benchmarks that measure the app in a browser. */
import { spawn, type ChildProcess } from 'node:child_process';
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

/** "Chromium 142.0.7444.59 (headless)" — what Playwright launched. */
export function browserName(browser: Browser): string {
  return `Chromium ${browser.version()} (headless)`;
}

/** tsx compiles named inner functions with an `__name` helper that pages lack; give them a no-op. */
export async function allowTsxEvaluate(page: Page): Promise<void> {
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
}
