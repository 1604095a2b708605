/**
 * npx tsx bench/export-scale.ts [images]  — exports a generated 20,000-image project (~5 regions
 * each, captions and tags on some, a fifth never opened) to COCO and JSONL through the same code
 * the app runs, drains the output like a download would, and prints time, output size and peak
 * memory (RSS and heap, sampled every 10 ms). Images are produced lazily, as the store streams them.
 * Each format runs in its own process so one's garbage does not count against the other.
 */
import { execFileSync } from 'node:child_process';
import type {
  ImageAnnotations,
  ImageId,
  ImageItem,
  LabelClassId,
  Project,
  ProjectId,
  Region,
  RegionId,
} from '../src/domain';
import { emptySchema } from '../src/domain';
import type { ExportFormat } from '../src/formats/export';
import { exportPackage } from '../src/formats/export';
import type { ExportItem } from '../src/formats/types';
import { report } from './report';

const [formatArg, imagesArg] = process.argv.slice(2);
const IMAGES = Number(imagesArg ?? 20_000);
const REGIONS_PER_IMAGE = 5;

/** Deterministic numbers so every run exports the same project. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const projectId = '00000000-0000-4000-8000-000000000001' as ProjectId;
const classNames = ['person', 'car', 'bicycle', '猫', '狗', 'traffic light', 'bus', '🐦 bird'];
const project: Project = {
  id: projectId,
  name: 'export-scale',
  schema: {
    ...emptySchema(),
    classes: classNames.map((name, i) => ({
      id: `00000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}` as LabelClassId,
      name,
      color: '#336699',
      hotkey: '',
      attributes: [],
      synonyms: [],
    })),
  },
  reviewThreshold: 0.85,
  createdAt: 0,
  updatedAt: 0,
};

const uuid = (n: number, kind: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function* generate(count: number): Generator<ExportItem> {
  const rand = prng(42);
  const tracked = {
    provenance: { source: 'human' as const, author: 'bench', createdAt: 1 },
    state: 'accepted' as const,
    updatedAt: 1,
    updatedBy: 'bench',
  };
  for (let n = 0; n < count; n++) {
    const width = 640 + Math.floor(rand() * 3000);
    const height = 480 + Math.floor(rand() * 3000);
    const image: ImageItem = {
      id: uuid(n, 1) as ImageId,
      projectId,
      fileName: `img_${n}.jpg`,
      relativePath: `batch_${Math.floor(n / 1000)}/img_${n}.jpg`,
      mime: 'image/jpeg',
      byteSize: 200_000,
      width,
      height,
      contentHash: n.toString(16).padStart(64, '0'),
      status: n % 5 === 0 ? 'new' : 'accepted',
      reviewReasons: [],
      createdAt: 1,
      updatedAt: 1,
    };
    if (n % 5 === 0) {
      yield { image, annotations: null };
      continue;
    }
    const regions: Region[] = [];
    for (let r = 0; r < REGIONS_PER_IMAGE; r++) {
      const x = rand() * width * 0.8;
      const y = rand() * height * 0.8;
      const w = 5 + rand() * (width - x - 5);
      const h = 5 + rand() * (height - y - 5);
      const cls = project.schema.classes[Math.floor(rand() * classNames.length)]!;
      const shape: Region['shape'] =
        r % 3 === 2
          ? { kind: 'polygon', points: [x, y, x + w, y, x + w / 2, y + h, x, y + h / 2] }
          : { kind: 'box', box: { x, y, w, h } };
      const model = r % 2 === 0;
      regions.push({
        id: uuid(n * 10 + r, 2) as RegionId,
        shape,
        classId: cls.id,
        label: cls.name,
        attributes: { occluded: rand() < 0.2 },
        note: '',
        hidden: false,
        locked: false,
        provenance: model
          ? {
              source: 'model',
              modelId: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX',
              revision: 'main',
              task: 'detect',
              params: {},
              confidence: rand(),
              createdAt: 1,
            }
          : { source: 'human', author: 'bench', createdAt: 1 },
        state: model && rand() < 0.3 ? 'suggested' : 'accepted',
        updatedAt: 1,
        updatedBy: 'bench',
      });
    }
    const annotations: ImageAnnotations = {
      imageId: image.id,
      projectId,
      regions,
      caption:
        n % 2 === 0
          ? { text: `A photo with ${regions.length} objects, 一张照片`, language: 'en', ...tracked }
          : null,
      tags: [{ value: 'street', dimension: '', ...tracked }],
      ocr: [],
      fields: null,
      answers: [],
      updatedAt: 1,
    };
    yield { image, annotations };
  }
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function run(format: ExportFormat): Promise<Record<string, number | string>> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  const pkg = await exportPackage(
    format,
    { project, items: generate(IMAGES), total: IMAGES },
    { filter: {}, include: 'accepted+suggested', withImages: false },
  );
  let bytes = 0;
  const reader = pkg.stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    sample();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  return {
    format,
    file: pkg.fileName.replace(/^export-scale-/, ''),
    seconds: Math.round(seconds * 100) / 100,
    imagesPerSecond: Math.round(IMAGES / seconds),
    outputMiB: mib(bytes),
    peakRssMiB: mib(peakRss),
    rssGrowthMiB: mib(peakRss - base.rss),
    peakHeapMiB: mib(peakHeap),
  };
}

if (formatArg === 'coco' || formatArg === 'jsonl') {
  console.log(JSON.stringify(await run(formatArg)));
} else {
  const images = Number(formatArg ?? 20_000);
  const figures: Record<string, number | string> = {
    images,
    regions: Math.round(images * 0.8) * REGIONS_PER_IMAGE,
  };
  for (const format of ['coco', 'jsonl'] as const) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, format, String(images)],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
    for (const [key, value] of Object.entries(r))
      if (key !== 'format') figures[`${format}.${key}`] = value;
  }
  report('export-scale', { runtime: `Node ${process.version}, the app's export code` }, figures);
}
