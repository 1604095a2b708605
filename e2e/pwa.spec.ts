import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { createProject } from './support/app';
import { controlledBySw } from './support/pwa';
import { APP_ORIGIN } from './support/origins';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

const dist = join(process.cwd(), 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ like a static host, with the service worker script replaceable: the way to publish
 * "a new deployment" (Chromium fetches service worker scripts outside Playwright's routing).
 */
async function staticHost(): Promise<{
  origin: string;
  release: string[];
  close(): Promise<void>;
}> {
  const release: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dist, path === '/' ? 'index.html' : path);
    void readFile(file).then(
      (body) => {
        const extra = path === '/sw.js' ? release.map((r) => `\n// release ${r}\n`).join('') : '';
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
        res.end(extra ? Buffer.concat([body, Buffer.from(extra)]) : body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    release,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the service worker is active and controls the page (a reload makes it control). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the production build is installable: manifest, icons and a service worker that controls the page', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = (await (await request.get(href!)).json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: ManifestIcon[];
  };
  expect(manifest.name).toBe('Annota');
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const [size, purpose] of [
    [192, 'any'],
    [512, 'any'],
    [512, 'maskable'],
  ] as const) {
    const icon = manifest.icons.find(
      (i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').split(' ').includes(purpose),
    );
    expect(icon, `${purpose} icon ${size}`).toBeDefined();
    const response = await request.get(icon!.src);
    expect(response.headers()['content-type']).toContain('image/png');
    expect(pngSize(await response.body())).toEqual({ width: size, height: size });
  }
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#/);

  await controlledBySw(page);
  const scope = await page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.scope,
  );
  expect(scope).toBe(`${APP_ORIGIN}/`);
});

test('after one visit the app opens and works with the network off', async ({ page, context }) => {
  await controlledBySw(page);
  await context.setOffline(true);
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('new-project')).toBeVisible();
  // Chromium's emulation does not carry navigator.onLine over a reload; toggle to re-announce it.
  await context.setOffline(false);
  await context.setOffline(true);
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await createProject(page, 'Made offline');
  await page.goto('/');
  await expect(page.getByTestId('project-link')).toHaveText('Made offline');
  await context.setOffline(false);
  await expect(page.getByTestId('offline-indicator')).toBeHidden();
});

test('onnxruntime files served by the app are precached for offline model use', async ({
  page,
}) => {
  const ortFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? ortFiles(join(dir, e.name))
        : /^ort-wasm.*\.(wasm|mjs)$/.test(e.name)
          ? [join(dir, e.name).slice(dist.length)]
          : [],
    );
  const expected = ortFiles(dist);
  // The inference worker bundles onnxruntime-web's runtime: a build without it is broken.
  expect(expected.length).toBeGreaterThan(0);
  await controlledBySw(page);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys())
        urls.push(new URL(request.url).pathname);
    return urls;
  });
  for (const file of expected) expect(cached).toContain(file);
});

test('a new deployment shows "update available" and reloading switches to it', async ({ page }) => {
  const host = await staticHost();
  try {
    await controlledBySw(page, host.origin);
    const checkForUpdate = () =>
      page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
    host.release.push('2');
    await checkForUpdate();
    await expect(page.getByTestId('update-available')).toBeVisible();
    // "Later" keeps the running version; the prompt comes back on the next visit.
    await page.getByTestId('update-later').click();
    await expect(page.getByTestId('update-available')).toBeHidden();
    await page.reload();
    await expect(page.getByTestId('update-available')).toBeVisible();

    await page.getByTestId('update-reload').click();
    await expect(page.getByTestId('update-available')).toBeHidden();
    await expect(page.getByTestId('new-project')).toBeVisible();
    await expect
      .poll(() =>
        page
          .evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            return registration?.waiting === null && navigator.serviceWorker.controller !== null;
          })
          // The update reloads the page: a check that straddles the reload simply asks again.
          .catch(() => false),
      )
      .toBe(true);
  } finally {
    await host.close();
  }
});

test('the install button appears when the browser offers installation and shows its prompt', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('new-project')).toBeVisible();
  await expect(page.getByTestId('install-app')).toBeHidden();
  // Headless Chromium never offers installation; fire the event it would fire.
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: () => {
        (window as unknown as { prompted: boolean }).prompted = true;
        return Promise.resolve();
      },
      userChoice: Promise.resolve({ outcome: 'accepted' }),
    });
    window.dispatchEvent(event);
  });
  await page.getByTestId('install-app').click();
  expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(
    true,
  );
  await expect(page.getByTestId('install-app')).toBeHidden();
});
