import type { InferenceErrorKind } from '../../workers/inference.protocol';

const RULES: ReadonlyArray<[InferenceErrorKind, RegExp]> = [
  [
    'offline',
    /failed to fetch|networkerror|network error|err_internet_disconnected|load failed|could not locate file/i,
  ],
  ['quota', /quota|QuotaExceededError|no space/i],
  ['device-lost', /device (was )?lost|GPUDevice.*lost|context lost/i],
  [
    'gpu-memory',
    /out of memory|OOM|allocation failed|failed to allocate|createBuffer|exceeds the max/i,
  ],
  [
    'corrupt-file',
    /protobuf parsing failed|invalid (onnx )?model|failed to load model|unexpected end|corrupt|invalid json/i,
  ],
];

/** Turns a runtime's error text into a kind the UI explains in plain words (with what to try). */
export function classifyInferenceError(error: unknown): {
  kind: InferenceErrorKind;
  message: string;
} {
  const message = error instanceof Error ? error.message : String(error);
  for (const [kind, pattern] of RULES) if (pattern.test(message)) return { kind, message };
  return { kind: 'unknown', message };
}
