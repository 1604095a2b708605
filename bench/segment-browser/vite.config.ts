import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the segment bench page (bench/segment-browser) to bench/.segment-dist; `npm run bench --
 * segment` builds and serves it on :4193. The worker is the app's own (workers/segment.worker.ts,
 * through src/app/segment/segment-client.ts); ORT's wasm files come in through its `?url` imports.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../.segment-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  preview: { port: 4193, strictPort: true },
});
