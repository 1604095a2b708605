import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpenAiTestServer, SHARED_IMAGES } from '../e2e/support/openai-server';
import type { ImageAnnotations } from '../src/domain';
import { main } from './main';

const MODEL = 'Qwen/Qwen3-VL-8B-Instruct';
const PHOTOS = ['spatio_case1.jpg', 'ocr_example3.jpg', 'sample-food.jpeg', 'hopinn.jpg'];

let dir: string;
let server: OpenAiTestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annota-cli-'));
  await mkdir(join(dir, 'photos', 'street'), { recursive: true });
  for (const [i, name] of PHOTOS.entries())
    await copyFile(join(SHARED_IMAGES, name), join(dir, 'photos', i % 2 ? 'street' : '', name));
  server = new OpenAiTestServer({ models: [MODEL] });
  await server.listen();
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Line {
  file_name: string;
  status: string;
  regions: { label: string; confidence: number; source: string; state: string }[];
  annota: { image: { reviewReasons: string[] }; annotations: ImageAnnotations };
}

async function lines(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

const base = (out: string) => [
  'batch',
  '--images',
  join(dir, 'photos'),
  '--server',
  server.url,
  '--model',
  MODEL,
  '--out',
  out,
  '--no-progress',
];

describe('annota batch against an OpenAI-compatible server', () => {
  it('answers every photo of a folder with N in flight and writes suggestions with provenance', async () => {
    server.set({ delayMs: 150, failures: [429, 503] });
    server.maxInFlight = 0;
    const out = join(dir, 'detect.jsonl');
    const code = await main([
      ...base(out),
      '--task',
      'detect',
      '--labels',
      'plate/dish,cup',
      '--concurrency',
      '4',
    ]);
    expect(code).toBe(0);
    const got = await lines(out);
    expect(got.map((l) => l.file_name).sort()).toEqual(
      [
        'photos/sample-food.jpeg',
        'photos/spatio_case1.jpg',
        'photos/street/hopinn.jpg',
        'photos/street/ocr_example3.jpg',
      ].sort(),
    );
    expect(server.maxInFlight).toBeGreaterThan(1);
    for (const line of got) {
      expect(line.regions.length).toBeGreaterThan(0);
      expect(line.regions.every((r) => r.source === 'model' && r.state === 'suggested')).toBe(true);
      expect(line.regions[0]!.confidence).toBeCloseTo(0.95, 2);
      const region = line.annota.annotations.regions[0]!;
      expect(region.provenance).toMatchObject({ source: 'model', modelId: MODEL, task: 'detect' });
      // Labels outside --labels (the real answer names scallops, bowls…) are sent to review.
      expect(line.status).toBe('needs-review');
      expect(line.annota.image.reviewReasons).toContain('unknown-label');
    }
    // Images travel as data: URIs sized to the token budget, never as the original file.
    expect(server.requests.every((r) => r.imageTypes[0] === 'image/jpeg')).toBe(true);
  });

  it('marks confidence unknown when the server returns no log-probabilities', async () => {
    server.set({ delayMs: 0, logprobs: 'none' });
    const out = join(dir, 'ocr.jsonl');
    expect(await main([...base(out), '--task', 'ocr', '--lang', 'zh'])).toBe(0);
    const got = await lines(out);
    expect(got).toHaveLength(4);
    for (const line of got) {
      expect(line.annota.image.reviewReasons).toContain('unknown-confidence');
      expect(line.annota.image.reviewReasons).not.toContain('low-confidence');
      expect(line.annota.annotations.ocr.length).toBeGreaterThan(0);
    }
    server.set({ logprobs: 'tokens' });
  });

  it('stops with exit code 2 and says why when the server refuses the key', async () => {
    server.set({ apiKey: 'secret' });
    const out = join(dir, 'refused.jsonl');
    const said: string[] = [];
    vi.mocked(process.stderr.write).mockImplementation((s) => (said.push(String(s)), true));
    expect(await main([...base(out), '--task', 'detect', '--labels', 'cup'])).toBe(2);
    expect(said.join('')).toMatch(/unauthorized/);
    expect(
      await main([...base(out), '--task', 'detect', '--labels', 'cup', '--api-key', 'secret']),
    ).toBe(0);
    expect(await lines(out)).toHaveLength(4);
    server.set({ apiKey: null });
  });

  it('records per-image failures, exits 1, and retries them on the next run', async () => {
    const out = join(dir, 'failing.jsonl');
    server.set({ failures: [400] });
    expect(
      await main([...base(out), '--task', 'detect', '--labels', 'cup', '--concurrency', '1']),
    ).toBe(1);
    expect(await lines(out)).toHaveLength(3);
    const errors = await readFile(`${out}.errors.jsonl`, 'utf8');
    expect(errors).toMatch(/scripted 400/);
    expect(await main([...base(out), '--task', 'detect', '--labels', 'cup'])).toBe(0);
    expect(await lines(out)).toHaveLength(4);
  });

  it('exports the results as COCO', async () => {
    const coco = join(dir, 'instances.json');
    expect(await main(['export', '--in', join(dir, 'detect.jsonl'), '--out', coco])).toBe(0);
    const doc = JSON.parse(await readFile(coco, 'utf8')) as {
      images: { file_name: string }[];
      categories: { name: string }[];
      annotations: { bbox: number[]; category_id: number }[];
    };
    expect(doc.images).toHaveLength(4);
    expect(doc.categories.map((c) => c.name)).toContain('plate/dish');
    expect(doc.annotations.length).toBeGreaterThan(10);
  });

  it('survives a kill -9 mid-run: no torn line, and the resumed run answers every image once', async () => {
    const many = join(dir, 'many');
    await mkdir(many);
    const bytes = await readFile(join(SHARED_IMAGES, 'spatio_case1.jpg'));
    for (let i = 0; i < 24; i++)
      await writeFile(join(many, `img-${String(i).padStart(2, '0')}.jpg`), bytes);
    server.set({ delayMs: 250 });
    const out = join(dir, 'killed.jsonl');
    const args = [
      'bin/annota.mjs',
      'batch',
      '--images',
      many,
      '--server',
      server.url,
      '--model',
      MODEL,
      '--task',
      'detect',
      '--labels',
      'cup',
      '--concurrency',
      '3',
      '--out',
      out,
      '--no-progress',
    ];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (;;) {
      const text = await readFile(out, 'utf8').catch(() => '');
      if (text.split('\n').length > 6) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = (await readFile(out, 'utf8')).split('\n').filter(Boolean);
    expect(partial.length).toBeLessThan(24);
    server.set({ delayMs: 0 });
    expect(
      await main([
        ...base(out).slice(0, 2),
        many,
        ...base(out).slice(3),
        '--task',
        'detect',
        '--labels',
        'cup',
      ]),
    ).toBe(0);
    const names = (await lines(out)).map((l) => l.file_name);
    expect(names).toHaveLength(24);
    expect(new Set(names).size).toBe(24);
    expect((await readdir(many)).length).toBe(24);
  }, 90_000);
});
