/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { cspMetaContent } from './src/pwa/csp';

export default defineConfig({
  plugins: [
    svelte(),
    {
      // Production only: the dev server injects inline scripts for hot reload.
      name: 'annota-csp',
      apply: 'build',
      transformIndexHtml: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMetaContent() },
          injectTo: 'head-prepend',
        },
      ],
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
