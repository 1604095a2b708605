import { inferenceErrorKind, type InferenceErrorKind } from '../../workers/inference.protocol';

/** Errors our own checks raise carry their cause first: `missing-file: onnx/a.onnx, …`. */
const OWN = /^(missing-file|damaged-file|unreachable|offline): ([\s\S]*)$/;

const RULES: ReadonlyArray<[InferenceErrorKind, RegExp]> = [
  // Raised by the page's client (src/ai/client.ts) when the worker itself died or went silent.
  ['worker-crashed', /inference worker stopped/i],
  ['quota', /quota|QuotaExceededError|no space/i],
  ['device-lost', /device (was )?lost|GPUDevice.*lost|context lost/i],
  [
    'gpu-memory',
    /out of memory|\bOOM\b|allocation failed|failed to allocate|createBuffer|exceeds the max|array buffer allocation/i,
  ],
  [
    'corrupt-file',
    // "Out of bounds": ORT reading past the end of a cut-short .onnx_data file.
    /protobuf parsing failed|invalid (onnx )?model|failed to load model|unexpected end|corrupt|invalid json|out of bounds|external data/i,
  ],
  ['missing-files', /could not locate file|ModelFileNotFoundError|404/i],
  ['offline', /failed to fetch|networkerror|network error|err_internet_disconnected|load failed/i],
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
  const own = OWN.exec(message);
  if (own) {
    const kind = own[1] as 'missing-file' | 'damaged-file' | 'unreachable' | 'offline';
    return {
      kind:
        kind === 'missing-file' ? 'missing-files' : kind === 'damaged-file' ? 'corrupt-file' : kind,
      message: own[2]!,
    };
  }
  for (const [kind, pattern] of RULES) if (pattern.test(message)) return { kind, message };
  return { kind: 'unknown', message };
}
