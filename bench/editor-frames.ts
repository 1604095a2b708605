/**
 * The editor under a labeler's hands, through the production build's own pages (vite preview):
 * a 3840×2160 JPEG and N seeded COCO boxes (24–240 px, 3 classes) imported through the app's file
 * input and annotation-import dialog, opened from the gallery in a 1920×1080 window, then 5 s of
 * scripted input sent at 60 Hz without waiting for the page (2.5 s of wheel notches while the
 * cursor moves, 2.5 s of middle-button drag pan), then three boxes drawn with the box tool.
 *
 * Frames that show a change: an init script marks every animation frame in which a visible
 * canvas received a draw call (WebGL draw*, 2D drawImage/fill/stroke/…) or was moved (its
 * style, i.e. its CSS transform, changed); frames/s and the intervals come from those frames
 * only, not from idle animation frames. With --profile, the trace also counts the frames the
 * compositor actually drew (Display::DrawAndSwap).
 *
 * Run: npm run build && npx tsx bench/editor-frames.ts [--boxes 100,1000,5000,20000]
 *      [--runs 1] [--name editor-frames] [--note "text"]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import sharp from 'sharp';
import { allowTsxEvaluate, browserName, launchChromium, servePreview } from './chromium';
import { report } from './report';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const counts = flag('boxes', '100,1000,5000,20000').split(',').map(Number);
const runs = Number(flag('runs', '1'));
const resultName = flag('name', 'editor-frames');
const note = flag('note', '');
/** --profile: a CPU profile and a Chromium trace of the gesture, summarised into the result. */
const profiling = process.argv.includes('--profile');
const WIDTH = 3840;
const HEIGHT = 2160;
const VIEWPORT = { width: 1920, height: 1080 };
const HZ = 60;
const PHASE_MS = 2500;
const CLASSES = ['car', 'person', 'bicycle'];

/** A photo-like 4K JPEG: smooth gradients plus grain, so it decodes like a real picture. */
async function makeJpeg(): Promise<Buffer> {
  const w = WIDTH / 8;
  const h = HEIGHT / 8;
  const small = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      small[i] = (x * 255) / w;
      small[i + 1] = (y * 255) / h;
      small[i + 2] = 128 + 100 * Math.sin((x + y) / 20);
    }
  return sharp(small, { raw: { width: w, height: h, channels: 3 } })
    .resize(WIDTH, HEIGHT)
    .composite([
      {
        input: await sharp({
          create: {
            width: WIDTH,
            height: HEIGHT,
            channels: 3,
            background: '#808080',
            noise: { type: 'gaussian', mean: 128, sigma: 20 },
          },
        })
          .png()
          .toBuffer(),
        blend: 'overlay',
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

function cocoFile(n: number): string {
  let seed = 20_260_101 + n;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const annotations = Array.from({ length: n }, (_, i) => {
    const w = 24 + rand() * 216;
    const h = 24 + rand() * 216;
    const x = rand() * (WIDTH - w);
    const y = rand() * (HEIGHT - h);
    const bbox = [x, y, w, h].map((v) => Math.round(v * 10) / 10);
    return { id: i + 1, image_id: 1, category_id: (i % 3) + 1, bbox, area: w * h, iscrowd: 0 };
  });
  return JSON.stringify({
    images: [{ id: 1, file_name: 'street-4k.jpg', width: WIDTH, height: HEIGHT }],
    categories: CLASSES.map((name, i) => ({ id: i + 1, name })),
    annotations,
  });
}

/** Runs in the page before the app: records frames that drew, input, long tasks. */
function probe(): void {
  interface Probe {
    drawnFrames: number[];
    drawTimes: number[];
    lastDrawAt: number;
    frameTs: number;
    drewInFrame: boolean;
    longTasks: { start: number; duration: number }[];
    moves: { t: number; coalesced: number }[];
    ups: number[];
    wheels: { t: number; at: number }[];
    frameStarts: number[];
  }
  const w = window as unknown as { __probe: Probe };
  const p: Probe = {
    drawnFrames: [],
    drawTimes: [],
    lastDrawAt: 0,
    frameTs: 0,
    drewInFrame: false,
    longTasks: [],
    moves: [],
    ups: [],
    wheels: [],
    frameStarts: [],
  };
  w.__probe = p;
  const visible = (c: unknown) => c instanceof HTMLCanvasElement && c.isConnected;
  const mark = function (this: { canvas: unknown }) {
    if (!visible(this.canvas)) return;
    p.lastDrawAt = performance.now();
    if (!p.drewInFrame) {
      p.drewInFrame = true;
      p.drawnFrames.push(p.frameTs || p.lastDrawAt);
      p.drawTimes.push(p.lastDrawAt);
    }
  };
  const wrap = (proto: object | undefined, names: string[]) => {
    if (!proto) return;
    for (const name of names) {
      const original = (proto as Record<string, unknown>)[name];
      if (typeof original !== 'function') continue;
      (proto as Record<string, unknown>)[name] = function (this: { canvas: unknown }) {
        mark.call(this);
        // eslint-disable-next-line prefer-rest-params
        return (original as (...a: unknown[]) => unknown).apply(this, arguments as never);
      };
    }
  };
  const gl = ['drawElements', 'drawArrays', 'drawElementsInstanced', 'drawArraysInstanced'];
  wrap(globalThis.WebGLRenderingContext?.prototype, gl);
  wrap(globalThis.WebGL2RenderingContext?.prototype, gl);
  wrap(globalThis.CanvasRenderingContext2D?.prototype, [
    'drawImage',
    'fill',
    'stroke',
    'fillRect',
    'strokeRect',
    'clearRect',
    'putImageData',
    'fillText',
    'strokeText',
  ]);
  // A canvas the compositor moves (its transform changed) shows a change without a draw call.
  new MutationObserver((records) => {
    if (records.some((r) => r.target instanceof HTMLCanvasElement))
      mark.call({ canvas: records.find((r) => r.target instanceof HTMLCanvasElement)!.target });
  }).observe(document, { attributes: true, attributeFilter: ['style'], subtree: true });
  // Every frame starts here first (registered before the app's callbacks each frame).
  const tick = (ts: number) => {
    p.frameTs = ts;
    p.drewInFrame = false;
    p.frameStarts.push(ts);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // WebGPU draws are submitted through the queue.
  const queue = globalThis.GPUQueue?.prototype as { submit?: (...a: unknown[]) => unknown };
  if (queue?.submit) {
    const submit = queue.submit;
    queue.submit = function (this: unknown, ...a: unknown[]) {
      mark.call({ canvas: document.querySelector('[data-testid=editor-canvas] canvas') });
      return submit.apply(this, a);
    };
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      p.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener(
    'pointermove',
    (e) => p.moves.push({ t: e.timeStamp, coalesced: e.getCoalescedEvents?.().length ?? 1 }),
    { capture: true },
  );
  addEventListener('pointerup', (e) => p.ups.push(e.timeStamp), { capture: true });
  // t: when the browser took the event in; at: when the page's script received it.
  addEventListener('wheel', (e) => p.wheels.push({ t: e.timeStamp, at: performance.now() }), {
    capture: true,
    passive: true,
  });
}

interface ProbeData {
  drawnFrames: number[];
  drawTimes: number[];
  lastDrawAt: number;
  longTasks: { start: number; duration: number }[];
  moves: { t: number; coalesced: number }[];
  ups: number[];
  wheels: { t: number; at: number }[];
  frameStarts: number[];
}

const readProbe = (page: Page) =>
  page.evaluate(() => {
    const p = (window as unknown as { __probe: ProbeData }).__probe;
    return {
      drawnFrames: p.drawnFrames.slice(),
      drawTimes: p.drawTimes.slice(),
      lastDrawAt: p.lastDrawAt,
      longTasks: p.longTasks.slice(),
      moves: p.moves.slice(),
      ups: p.ups.slice(),
      wheels: p.wheels.slice(),
      frameStarts: p.frameStarts.slice(),
    };
  });

const pageNow = (page: Page) => page.evaluate(() => performance.now());

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (v: number, digits = 1) => Number(v.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => percentile(values, 50);

/** Sends one input every 1/60 s without waiting for the page, like a real mouse. */
async function gesture(cdp: CDPSession, cx: number, cy: number): Promise<{ sent: number }> {
  const tick = 1000 / HZ;
  const pending: Promise<unknown>[] = [];
  const send = (params: Record<string, unknown>) =>
    pending.push(cdp.send('Input.dispatchMouseEvent', params as never).catch(() => undefined));
  let sent = 0;
  const started = performance.now();
  const at = (i: number) => started + i * tick;
  const wait = async (i: number) => {
    const delay = at(i) - performance.now();
    if (delay > 0) await sleep(delay);
  };
  const perPhase = Math.round((PHASE_MS / 1000) * HZ);
  // Zoom: the cursor circles the centre; a wheel notch every 6th tick, 4 in then 4 out.
  for (let i = 0; i < perPhase; i++) {
    await wait(i);
    const a = i / 25;
    const x = cx + Math.cos(a) * 300;
    const y = cy + Math.sin(a) * 200;
    send({ type: 'mouseMoved', x, y });
    sent++;
    if (i % 6 === 3) {
      const notch = Math.floor(i / 6);
      send({ type: 'mouseWheel', x, y, deltaX: 0, deltaY: notch % 8 < 4 ? -100 : 100 });
    }
  }
  // Pan: middle-button drag along a figure of eight.
  const start = { x: cx, y: cy };
  send({
    type: 'mousePressed',
    x: start.x,
    y: start.y,
    button: 'middle',
    buttons: 4,
    clickCount: 1,
  });
  for (let i = 0; i < perPhase; i++) {
    await wait(perPhase + i);
    const a = (i / perPhase) * Math.PI * 2;
    const x = start.x + Math.sin(a) * 400;
    const y = start.y + Math.sin(2 * a) * 200;
    send({ type: 'mouseMoved', x, y, button: 'middle', buttons: 4 });
    sent++;
  }
  send({
    type: 'mouseReleased',
    x: start.x,
    y: start.y,
    button: 'middle',
    buttons: 0,
    clickCount: 1,
  });
  await Promise.all(pending);
  return { sent };
}

/** Draws one box with the box tool; returns pointer-up → first frame after the one that drew it. */
async function addBox(page: Page, cdp: CDPSession, x: number, y: number): Promise<number> {
  const mouse = (type: string, px: number, py: number, buttons: number) =>
    cdp.send('Input.dispatchMouseEvent', {
      type: type as 'mouseMoved',
      x: px,
      y: py,
      button: 'left',
      buttons,
      clickCount: 1,
    });
  await mouse('mouseMoved', x, y, 0);
  await mouse('mousePressed', x, y, 1);
  for (let i = 1; i <= 5; i++) await mouse('mouseMoved', x + i * 16, y + i * 12, 1);
  await sleep(300);
  const before = (await readProbe(page)).ups.length;
  await mouse('mouseReleased', x + 80, y + 60, 0);
  await sleep(600);
  const p = await readProbe(page);
  const up = p.ups[before]!;
  // The first draw after the release; that frame is on screen once the next frame starts.
  const drawn = p.drawTimes.find((t) => t >= up) ?? NaN;
  const shown = p.frameStarts.find((t) => t > drawn) ?? NaN;
  return shown - up;
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'blink',
  'cc',
  'gpu',
  'viz',
  'toplevel',
].join(',');

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

let traceEvents: TraceEvent[] = [];

async function startProfile(cdp: CDPSession): Promise<void> {
  traceEvents = [];
  cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
}

/** Where the gesture's time went: per thread, top-level trace events by name; JS by function. */
async function stopProfile(cdp: CDPSession) {
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  const { profile } = await cdp.send('Profiler.stop');
  const threadNames = new Map<string, string>();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name')
      threadNames.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const complete = traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const span =
    Math.max(...complete.map((e) => e.ts + e.dur!)) - Math.min(...complete.map((e) => e.ts));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of complete) {
    const name = threadNames.get(`${e.pid}:${e.tid}`) ?? 'other';
    const key = name.replace(/\d+$/, '');
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const threads: Record<string, { busyPercent: number; top: Record<string, number> }> = {};
  for (const [name, events] of byThread) {
    // Self time per event name: each event's duration less its children's.
    events.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const sums = new Map<string, number>();
    const stack: { end: number; name: string }[] = [];
    let busy = 0;
    for (const e of events) {
      while (stack.length && stack[stack.length - 1]!.end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) sums.set(parent.name, (sums.get(parent.name) ?? 0) - e.dur!);
      else busy += e.dur!;
      sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur!);
      stack.push({ end: e.ts + e.dur!, name: e.name });
    }
    if (busy / span < 0.02) continue;
    threads[name] = {
      busyPercent: round((100 * busy) / span),
      top: Object.fromEntries(
        [...sums]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 10)
          .map(([k, v]) => [k, round((100 * v) / span)]),
      ),
    };
  }
  // JS self time by function, from the sampling profile.
  const self = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const n = nodes.get(id)!;
    const f = n.callFrame;
    const url = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const jsSelfPercent = Object.fromEntries(
    [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => [k, round((100 * v) / total)]),
  );
  const drawAndSwap = complete.filter((e) => e.name === 'Display::DrawAndSwap').length;
  return {
    traceSpanMs: Math.round(span / 1000),
    compositorFramesPerSecond: round(drawAndSwap / (span / 1e6)),
    threadsPercentOfSpan: threads,
    jsSelfPercent,
  };
}

async function webglRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const c = document.createElement('canvas').getContext('webgl');
    if (!c) return 'no WebGL';
    const ext = c.getExtension('WEBGL_debug_renderer_info');
    return String(c.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : c.RENDERER));
  });
}

async function oneRun(context: BrowserContext, url: string, n: number, files: string[]) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await allowTsxEvaluate(page);
  await page.addInitScript({ content: `(${probe.toString()})();` });
  await page.goto(url);
  await page.getByTestId('project-name').fill(`Editor ${n}`);
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-title').waitFor();
  await page.getByTestId('import-files').setInputFiles(files[0]!);
  await page.getByTestId('report-added').waitFor();
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles(files[1]!);
  await dialog.getByTestId('annotation-import-apply').click();
  await dialog.getByTestId('annotation-import-done').waitFor({ timeout: 300_000 });
  await dialog.getByTestId('annotation-import-close').click();

  const clicked = await pageNow(page);
  await page.getByTestId('thumb').first().click();
  const canvas = page.getByTestId('editor-canvas');
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid=editor-canvas]')?.getAttribute('data-renderer') &&
      !document.querySelector('[data-testid=editor-loading]'),
    undefined,
    { timeout: 120_000 },
  );
  const opened = (await readProbe(page)).lastDrawAt;
  const renderer = await canvas.getAttribute('data-renderer');
  await sleep(1500);
  const rect = (await canvas.boundingBox())!;
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;

  const cdp = await context.newCDPSession(page);
  const t0 = await pageNow(page);
  const idleBefore = (await readProbe(page)).drawnFrames.filter((t) => t > t0).length;
  await sleep(1000);
  const idleFrames = (await readProbe(page)).drawnFrames.filter((t) => t > t0).length - idleBefore;

  if (profiling) await startProfile(cdp);
  const g0 = await pageNow(page);
  const { sent } = await gesture(cdp, cx, cy);
  const g1 = await pageNow(page);
  const profile = profiling ? await stopProfile(cdp) : undefined;
  await sleep(500);
  const p = await readProbe(page);
  const inWindow = (t: number) => t >= g0 && t <= g1;
  const frames = p.drawnFrames.filter(inWindow);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
  const panStart = g0 + PHASE_MS;
  const longTasks = p.longTasks.filter((l) => inWindow(l.start));
  const panLong = longTasks.filter((l) => l.start >= panStart);
  const moves = p.moves.filter((m) => inWindow(m.t));
  // Per phase: during the pan every input tick changes the view, so the intervals between frames
  // measure the renderer; during the zoom the view changes once per wheel notch (every 100 ms), so
  // the gap between two shown frames there is the input's, and what a person feels is the delay
  // from a notch to the frame that shows it.
  const panFrames = frames.filter((t) => t >= panStart);
  const panIntervals = panFrames.slice(1).map((t, i) => t - panFrames[i]!);
  // From the notch to the start of the frame after the one that drew it, counted from when the
  // browser took the event in, and from when the page's script received it (the part the app owns;
  // the rest is the browser routing input to the page).
  const notches = p.wheels
    .filter((w) => w.t >= g0 && w.t < panStart)
    .map((w) => {
      const drawn = p.drawTimes.find((t) => t >= w.at) ?? NaN;
      const shown = p.frameStarts.find((t) => t > drawn) ?? NaN;
      return { fromEvent: shown - w.t, fromScript: shown - w.at };
    })
    .filter((n) => Number.isFinite(n.fromEvent));
  const notchLatencies = notches.map((n) => n.fromEvent);
  const notchScriptLatencies = notches.map((n) => n.fromScript);
  const seconds = (g1 - g0) / 1000;

  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');

  // Add a box, three times, at the centre (empty or not, the box tool draws).
  await page.keyboard.press('w');
  const latencies: number[] = [];
  for (let i = 0; i < 3; i++)
    latencies.push(await addBox(page, cdp, cx - 200 + i * 150, cy - 100 + i * 40));
  await page.keyboard.press('Escape');
  const regionCount = await page.evaluate(
    () => document.querySelectorAll('[data-testid=region-item]').length,
  );
  await page.close();
  return {
    renderer,
    openMs: Math.round(opened - clicked),
    idleFramesPerSecond: idleFrames,
    seconds: round(seconds, 2),
    framesShown: frames.length,
    framesPerSecond: round(frames.length / seconds),
    frameP50Ms: round(percentile(intervals, 50)),
    frameP95Ms: round(percentile(intervals, 95)),
    frameMaxMs: round(Math.max(0, ...intervals)),
    panFramesPerSecond: round(panFrames.length / ((g1 - panStart) / 1000)),
    panFrameP50Ms: round(percentile(panIntervals, 50)),
    panFrameP95Ms: round(percentile(panIntervals, 95)),
    zoomNotches: notchLatencies.length,
    zoomNotchToFrameP50Ms: round(percentile(notchLatencies, 50)),
    zoomNotchToFrameP95Ms: round(percentile(notchLatencies, 95)),
    zoomScriptToFrameP50Ms: round(percentile(notchScriptLatencies, 50)),
    zoomScriptToFrameP95Ms: round(percentile(notchScriptLatencies, 95)),
    longTasks: longTasks.length,
    longTaskMs: Math.round(longTasks.reduce((s, l) => s + l.duration, 0)),
    longestTaskMs: Math.round(Math.max(0, ...longTasks.map((l) => l.duration))),
    longTasksDuringPan: panLong.length,
    longestTaskDuringPanMs: Math.round(Math.max(0, ...panLong.map((l) => l.duration))),
    movesSent: sent,
    movesHandled: moves.length,
    movesHandledPercent: round((100 * moves.length) / sent),
    movesIncludingCoalesced: moves.reduce((s, m) => s + m.coalesced, 0),
    addBoxMs: latencies.map((l) => round(l)),
    addBoxMedianMs: round(median(latencies)),
    regionItemsAfter: regionCount,
    jsHeapMB: round(heap.usedSize / 2 ** 20),
    domNodes: dom.nodes,
    pageErrors: errors,
    ...(profile ? { profile } : {}),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'annota-editor-frames-'));
const jpeg = join(dir, 'street-4k.jpg');
await writeFile(jpeg, await makeJpeg());
const server = await servePreview(Number(process.env.ANNOTA_BENCH_PORT ?? 4183));
const browser = await launchChromium();
const results: Record<string, unknown>[] = [];
const loadBefore = loadavg()[0]!;
let webgl = '';
try {
  for (let run = 0; run < runs; run++)
    for (const n of counts) {
      const coco = join(dir, `boxes-${n}.json`);
      await writeFile(coco, cocoFile(n));
      const context = await browser.newContext({ viewport: VIEWPORT });
      try {
        if (!webgl) {
          const page = await context.newPage();
          await allowTsxEvaluate(page);
          webgl = await webglRenderer(page);
          await page.close();
        }
        const r = await oneRun(context, server.url, n, [jpeg, coco]);
        console.log(JSON.stringify({ boxes: n, run, ...r }));
        results.push({ boxes: n, run, ...r });
      } finally {
        await context.close();
      }
    }
  const byN = counts.map((n) => {
    const rs = results.filter((r) => r.boxes === n);
    const med = (k: string) => median(rs.map((r) => r[k] as number));
    return {
      boxes: n,
      renderer: rs[0]!.renderer,
      fps: med('framesPerSecond'),
      p50: med('frameP50Ms'),
      p95: med('frameP95Ms'),
      panFps: med('panFramesPerSecond'),
      panP95: med('panFrameP95Ms'),
      notchP95: med('zoomNotchToFrameP95Ms'),
      notchScriptP95: med('zoomScriptToFrameP95Ms'),
      longTasks: med('longTasks'),
      longestPan: med('longestTaskDuringPanMs'),
      handledPct: med('movesHandledPercent'),
      addBoxMs: med('addBoxMedianMs'),
      heapMB: med('jsHeapMB'),
      dom: med('domNodes'),
      openMs: med('openMs'),
    };
  });
  report(
    resultName,
    {
      runtime: 'production build (vite preview), the app’s own pages',
      browser: `${browserName(browser)}, WebGL renderer: ${webgl}`,
    },
    {
      conditions:
        `${WIDTH}×${HEIGHT} JPEG, N COCO boxes 24–240 px in 3 classes imported through the ` +
        `annotation-import dialog, window ${VIEWPORT.width}×${VIEWPORT.height}, ` +
        `${PHASE_MS / 1000} s wheel zoom + ${PHASE_MS / 1000} s middle-button pan, input at ${HZ} Hz ` +
        `not awaited (CDP); frames = animation frames in which a visible canvas was drawn to`,
      runs,
      loadAverage1mBefore: round(loadBefore, 2),
      loadAverage1mAfter: round(loadavg()[0]!, 2),
      // The load average says whether other work shared the 2 cores; a run is not labelled by hand.
      machineLoad:
        Math.max(loadBefore, loadavg()[0]!) > 3
          ? 'shared: other work ran on the same cores during this run'
          : 'quiet: 1-minute load average at most 3 before and after',
      note,
      summary: byN,
      runsDetail: results,
    },
  );
  console.table(byN);
} finally {
  await browser.close();
  server.stop();
}
