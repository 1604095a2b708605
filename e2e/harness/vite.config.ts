import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { ORT_WASM_FILES } from '../../workers/qwen3vl/ort-files.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Copies onnxruntime-web's wasm runtime (the version transformers.js uses) to /ort/: no CDN. */
function selfHostedOrt(): Plugin {
  const transformers = createRequire(import.meta.url).resolve('@huggingface/transformers');
  const dist = dirname(createRequire(transformers).resolve('onnxruntime-web'));
  return {
    name: 'harness-self-hosted-ort',
    generateBundle() {
      for (const name of Object.values(ORT_WASM_FILES)) {
        this.emitFile({
          type: 'asset',
          fileName: `ort/${name}`,
          source: readFileSync(join(dist, name)),
        });
      }
    },
  };
}

/** Builds the model harness page to e2e/.harness-dist; served on :4174 for Playwright. */
export default defineConfig({
  root,
  plugins: [selfHostedOrt()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../.harness-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  preview: { port: 4174, strictPort: true },
});
