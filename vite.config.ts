/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { ppocrAssets } from './models-manifest/ppocr-assets';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cspHeaderValue, cspMetaContent, MODEL_HOSTS } from './src/pwa/csp';
import { parseServerHosts } from './src/ai/server/allowed-hosts';

/**
 * On-prem model servers this deployment may reach (README: "Scale out"). Set at build time, e.g.
 * ANNOTA_MODEL_SERVERS="https://gpu.lan:8000 http://10.0.0.5:11434"; they join connect-src in
 * the CSP meta tag and in dist/_headers, and the app explains a server left out.
 */
const modelServers = parseServerHosts(process.env.ANNOTA_MODEL_SERVERS);
const connectHosts = [...MODEL_HOSTS, ...modelServers];

export default defineConfig({
  plugins: [
    svelte(),
    ppocrAssets(),
    {
      // Production only: the dev server injects inline scripts for hot reload.
      name: 'annota-csp',
      apply: 'build',
      transformIndexHtml: () => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: cspMetaContent(connectHosts),
          },
          injectTo: 'head-prepend',
        },
      ],
      // public/_headers carries the default policy; the built copy gets this deployment's servers.
      async writeBundle(options) {
        if (modelServers.length === 0 || !options.dir) return;
        const file = join(options.dir, '_headers');
        const text = await readFile(file, 'utf8');
        await writeFile(file, text.replace(cspHeaderValue(), cspHeaderValue(connectHosts)));
      },
    },
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Annota',
        short_name: 'Annota',
        description: 'Private image annotation with an AI that runs in your browser',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f6feb',
        background_color: '#f6f7f9',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/maskable-192.png',
            sizes: '192x192',
            type: 'image/png',
            purpose: 'maskable',
          },
          {
            src: '/icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // The app shell plus onnxruntime-web's runtime, wherever the build self-hosts it (/ort/, /assets/).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}', '**/ort-wasm*.{wasm,mjs}'],
        globIgnores: ['**/*.map'],
        // ORT's WebAssembly is tens of MB; the model itself is cached by transformers.js, not here.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin && /\/ort-wasm[\w.-]*\.(wasm|mjs)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'annota-ort' },
          },
        ],
      },
    }),
  ],
  define: { __ANNOTA_MODEL_SERVERS__: JSON.stringify(modelServers) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    include: [
      'src/**/*.test.ts',
      'workers/**/*.test.ts',
      'models-manifest/**/*.test.ts',
      'cli/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['./scripts/vitest-setup.ts'],
    testTimeout: 60_000,
  },
});
