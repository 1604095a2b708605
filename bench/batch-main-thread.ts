/**
 * The page's main thread while a batch runs, through the production build's own pages: a project
 * of N photo-like 1920×1080 JPEGs imported through the folder input, the tiny synthetic Qwen3-VL
 * played from a stand-in Hub, a detection batch started from the batch page with "Images at once"
 * at each B, until the job says done. Recorded in the page: long tasks (> 50 ms, PerformanceObserver)
 * and the longest gap between two animation frames, from the Start click to "done"; that is what a
 * person scrolling or labelling in another view of the same tab would feel.
 *
 * Run: npm run build && npx tsx bench/batch-main-thread.ts [--images 12] [--batch 1,4]
 *   [--profile] [--trace]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { SYNTHETIC_SCRIPTS } from '../models-manifest/synthetic/task-scripts';
import { hostModel } from '../e2e/support/model-host';
import { allowTsxEvaluate, browserName, launchChromium, servePreview } from './chromium';
import { report } from './report';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '12' },
    batch: { type: 'string', default: '1,4' },
    /** A CPU profile of the page during the batch: where its main-thread time went. */
    profile: { type: 'boolean', default: false },
    /**
     * A Chromium trace of the batch: each main-thread task over 50 ms with the events inside it
     * (layout, paint, garbage collection, message handling…), which a CPU profile cannot name.
     */
    trace: { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.images);
const BATCHES = (args.batch ?? '1,4').split(',').map(Number);

/** Runs in the page before the app: long tasks and animation-frame gaps, with timestamps. */
function probe(): void {
  const w = window as unknown as { __main: { long: [number, number][]; frames: number[] } };
  w.__main = { long: [], frames: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__main.long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const tick = (t: number) => {
    w.__main.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

interface CpuProfile {
  nodes: {
    id: number;
    parent?: number;
    children?: number[];
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The main thread's busiest functions (self time, ms) with the chain of callers above each. */
function heaviest(profile: CpuProfile): { ms: number; stack: string }[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) nodes.get(c)!.parent = n.id;
  const name = (id: number) => {
    const f = nodes.get(id)!.callFrame;
    const at = `${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    return `${f.functionName || '(anonymous)'} ${at}`;
  };
  const byStack = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    if (/^\((idle|program|garbage collector)\)/.test(name(id))) return;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 6;) {
      chain.push(name(at));
      at = nodes.get(at)!.parent;
    }
    const key = chain.join(' < ');
    byStack.set(key, (byStack.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  return [...byStack]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([stack, ms]) => ({ ms: Math.round(ms), stack }));
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's own CPU time in the event: less than `dur` when the OS ran other threads. */
  tdur?: number;
  args?: {
    name?: string;
    beginData?: { stackTrace?: StackFrame[] };
    data?: { stackTrace?: StackFrame[] };
  };
}

interface StackFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/**
 * The renderer main threads' tasks over 50 ms between `from` and `to` (trace microseconds), each
 * with the longest events nested in it: what the page's thread was doing in its longest tasks.
 */
function longTraceTasks(
  events: TraceEvent[],
): { ms: number; cpuMs: number; inside: string[]; forcedBy?: string }[] {
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events.filter(
    (e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`),
  );
  // The scheduler's task events nest (RunTask around ThreadControllerImpl::RunTask): outermost only.
  const nested = onMain.filter(
    (e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur! > 50_000,
  );
  const within = (inner: TraceEvent, outer: TraceEvent) =>
    inner !== outer && inner.ts >= outer.ts && inner.ts + inner.dur! <= outer.ts + outer.dur!;
  const tasks = nested.filter((task) => !nested.some((outer) => within(task, outer)));
  return tasks
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, 8)
    .map((task) => {
      const byName = new Map<string, number>();
      let forcedBy: string | undefined;
      for (const e of onMain) {
        if (e === task || e.pid !== task.pid || e.tid !== task.tid) continue;
        if (e.ts < task.ts || e.ts + e.dur! > task.ts + task.dur!) continue;
        byName.set(e.name, Math.max(byName.get(e.name) ?? 0, e.dur!));
        // A layout or style pass forced by script carries the script's stack.
        const stack = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
        if (stack?.length && !forcedBy)
          forcedBy = stack
            .slice(0, 4)
            .map(
              (f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`,
            )
            .join(' < ');
      }
      return {
        ms: Math.round(task.dur! / 1000),
        cpuMs: Math.round((task.tdur ?? task.dur!) / 1000),
        inside: [...byName]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 10)
          .map(([name, dur]) => `${name} ${Math.round(dur / 1000)} ms`),
        ...(forcedBy ? { forcedBy } : {}),
      };
    });
}

async function photo(i: number): Promise<Buffer> {
  const noise = await sharp({
    create: {
      width: 1920,
      height: 1080,
      channels: 3,
      background: { r: 90 + i * 7, g: 140, b: 200 - i * 5 },
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .png()
    .toBuffer();
  return sharp({
    create: { width: 1920, height: 1080, channels: 3, background: { r: 150, g: 120, b: 90 } },
  })
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

const detect = SYNTHETIC_SCRIPTS.find((s) => s.name === 'detect')!;
const modelFolder = await ensureSyntheticModel({
  dims: 'tiny',
  spec: parseSpec({ scripts: [{ text: detect.script }] }),
});
const dir = await mkdtemp(join(tmpdir(), 'annota-batch-main-'));
const folder = join(dir, 'photos');
await mkdir(folder);
for (let i = 0; i < COUNT; i++)
  await writeFile(join(folder, `photo-${String(i + 1).padStart(2, '0')}.jpg`), await photo(i));

const server = await servePreview(Number(process.env.ANNOTA_BENCH_PORT ?? 4185));
const browser = await launchChromium();
const loadBefore = loadavg()[0]!;
const runs: Record<string, unknown>[] = [];

async function oneRun(page: Page, imagesAtOnce: number): Promise<Record<string, unknown>> {
  await page.goto(server.url);
  await page.getByTestId('project-name').fill(`Batch B${imagesAtOnce}`);
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-title').waitFor();
  const projectUrl = page.url();
  await page.getByTestId('import-folder').setInputFiles(folder);
  await page.getByTestId('report-added').waitFor({ timeout: 120_000 });
  // The tiny model runs fastest on WebAssembly on these CPUs, as in the batch e2e.
  await page.goto(`${server.url}/#/model`);
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(projectUrl);
  await page.getByTestId('open-batch').click();
  await page.getByTestId('batch-task').selectOption('detect');
  await page.getByTestId('batch-labels').fill('cat, person');
  await page.getByTestId('batch-images-at-once').selectOption(String(imagesAtOnce));
  const cdp = args.profile ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  if (args.trace)
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8',
        'v8.execute',
        'blink',
        'toplevel',
        'disabled-by-default-v8.gc',
        'disabled-by-default-devtools.timeline.stack',
      ],
    });
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId('batch-start').click();
  const job = page.getByTestId('batch-job').first();
  // Polled once a second with a plain query: Playwright's own visibility checks run on the page's
  // main thread and would show up among the long tasks being measured.
  await page.waitForFunction(
    () => document.querySelector('[data-testid=batch-job]')?.getAttribute('data-status') === 'done',
    undefined,
    { timeout: 600_000, polling: 1000 },
  );
  const ended = await page.evaluate(() => performance.now());
  const profile = cdp ? heaviest((await cdp.send('Profiler.stop')).profile) : undefined;
  const rawTrace = args.trace ? await browser.stopTracing() : undefined;
  // The whole trace, for chrome://tracing or the DevTools performance panel.
  if (rawTrace && process.env.ANNOTA_TRACE_OUT)
    await writeFile(`${process.env.ANNOTA_TRACE_OUT}-B${imagesAtOnce}.json`, rawTrace);
  const trace = rawTrace
    ? longTraceTasks((JSON.parse(rawTrace.toString()) as { traceEvents: TraceEvent[] }).traceEvents)
    : undefined;
  const counts = await job.getByTestId('job-counts').textContent();
  const seen = await page.evaluate(
    () => (window as unknown as { __main: { long: [number, number][]; frames: number[] } }).__main,
  );
  const long = seen.long.filter(([t]) => t >= started && t <= ended).map(([, d]) => d);
  const frames = seen.frames.filter((t) => t >= started && t <= ended);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  return {
    imagesAtOnce,
    seconds: Number(((ended - started) / 1000).toFixed(1)),
    counts: counts?.trim(),
    longTasks: long.length,
    longTasksTotalMs: Math.round(long.reduce((s, d) => s + d, 0)),
    longestTaskMs: Math.round(Math.max(0, ...long)),
    longestFrameGapMs: Math.round(Math.max(0, ...gaps)),
    framesPerSecond: Number((frames.length / ((ended - started) / 1000)).toFixed(1)),
    ...(profile ? { profile } : {}),
    ...(trace
      ? {
          // Wall time of a long task is not the page's work when the OS runs other threads.
          longestTaskCpuMs: Math.max(0, ...trace.map((t) => t.cpuMs)),
          longTasksInTrace: trace,
        }
      : {}),
  };
}

try {
  for (const b of BATCHES) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    try {
      const page = await context.newPage();
      await allowTsxEvaluate(page);
      await page.addInitScript({ content: `(${probe.toString()})();` });
      await hostModel(context, modelFolder);
      const run = await oneRun(page, b);
      console.log(run);
      runs.push(run);
    } finally {
      await context.close();
    }
  }
  report(
    args.trace ? 'batch-main-thread-trace' : 'batch-main-thread',
    {
      runtime:
        'production build (vite preview), the app’s batch page, tiny synthetic Qwen3-VL on WASM in the inference worker',
      browser: browserName(browser),
    },
    {
      conditions: `${COUNT} JPEGs 1920×1080 imported as a folder, detection batch from Start to "done"; long tasks are main-thread tasks over 50 ms (PerformanceObserver), frame gap the longest interval between animation frames`,
      loadAverage1mBefore: Number(loadBefore.toFixed(2)),
      loadAverage1mAfter: Number(loadavg()[0]!.toFixed(2)),
      runs,
    },
  );
} finally {
  await browser.close();
  server.stop();
  await rm(dir, { recursive: true, force: true });
}
