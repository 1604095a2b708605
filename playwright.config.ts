import { defineConfig } from '@playwright/test';
import { APP_ORIGIN, APP_PORT, HARNESS_ORIGIN, HARNESS_PORT } from './e2e/support/origins';

/** Debian's Chromium, never a downloaded one (see README: testing). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  use: {
    baseURL: APP_ORIGIN,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --port ${APP_PORT} --strictPort`,
      url: APP_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // Model harness (e2e/harness), built by `npm run e2e:prepare`.
      command: `npx vite preview --config e2e/harness/vite.config.ts --port ${HARNESS_PORT} --strictPort`,
      url: HARNESS_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
