import { inferenceErrorKind, type InferenceErrorKind } from '../../workers/inference.protocol';

const RULES: ReadonlyArray<[InferenceErrorKind, RegExp]> = [
  // Raised by the page's client (src/ai/client.ts) when the worker itself died or went silent.
  ['worker-crashed', /inference worker stopped/i],
  [
    'offline',
    /failed to fetch|networkerror|network error|err_internet_disconnected|load failed|could not locate file/i,
  ],
  ['quota', /quota|QuotaExceededError|no space/i],
  ['device-lost', /device (was )?lost|GPUDevice.*lost|context lost/i],
  [
    'gpu-memory',
    /out of memory|\bOOM\b|allocation failed|failed to allocate|createBuffer|exceeds the max/i,
  ],
  [
    'corrupt-file',
    /protobuf parsing failed|invalid (onnx )?model|failed to load model|unexpected end|corrupt|invalid json/i,
  ],
];

/**
 * The kind of an inference error, which the UI explains in plain words (with what to try): the
 * worker's own kind when it gave one, else read from the runtime's error text. The worker runs the
 * same reading on errors from the runtime before they cross to the page.
 */
export function classifyInferenceError(error: unknown): {
  kind: InferenceErrorKind;
  message: string;
} {
  const message = error instanceof Error ? error.message : String(error);
  const tagged = inferenceErrorKind(error);
  if (tagged) return { kind: tagged, message };
  for (const [kind, pattern] of RULES) if (pattern.test(message)) return { kind, message };
  return { kind: 'unknown', message };
}
