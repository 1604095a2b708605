import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the model-path bench page (bench/browser) to bench/.browser-dist; `npm run bench --
 * model-path-browser` builds and serves it on :4191 (4190 is on the fetch spec's bad-port list).
 * ORT's wasm files come in through the worker's `?url` imports, as in the app's build.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../.browser-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  preview: { port: 4191, strictPort: true },
});
