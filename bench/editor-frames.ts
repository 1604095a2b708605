/**
 * Opens a 4K image with 5,000 boxes in the annotation editor (a small page served by Vite around
 * the real AnnotationEditor component), pans and zooms with the mouse for a few seconds in headless
 * Chromium, and reports the time to open the image and frame-time p50/p95.
 * Run: npx tsx bench/editor-frames.ts [boxes] [seconds]    (or: npm run bench -- editor-frames)
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createServer, type Plugin } from 'vite';
import { allowTsxEvaluate, launchChromium, browserName } from './chromium';
import { report } from './report';

const boxes = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 4);
const WIDTH = 3840;
const HEIGHT = 2160;

const PAGE = '/bench-editor.html';
const ENTRY = 'virtual:bench-editor';

/** The page mounts the editor with a generated image and records its open time and frames. */
const entrySource = `
import { mount } from 'svelte';
import { addMessages, init } from 'svelte-i18n';
import en from '/src/i18n/editor.en.json';
import AnnotationEditor from '/src/ui/editor/AnnotationEditor.svelte';
import { emptyAnnotations, CLASS_PALETTE } from '/src/domain';

addMessages('en', en);
init({ fallbackLocale: 'en', initialLocale: 'en' });

const params = new URLSearchParams(location.search);
const count = Number(params.get('boxes') ?? 5000);
const W = ${WIDTH}, H = ${HEIGHT};

async function makeImage() {
  const canvas = new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const g = ctx.createLinearGradient(0, 0, W, H);
  g.addColorStop(0, '#355c7d'); g.addColorStop(0.5, '#6c5b7b'); g.addColorStop(1, '#f8b195');
  ctx.fillStyle = g; ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = 'rgba(255,255,255,0.25)';
  for (let x = 0; x < W; x += 120) { ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, H); ctx.stroke(); }
  for (let y = 0; y < H; y += 120) { ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(W, y); ctx.stroke(); }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

const classes = Array.from({ length: 5 }, (_, i) => ({
  id: 'class-' + i, name: 'class ' + (i + 1), color: CLASS_PALETTE[i], hotkey: String(i + 1),
  attributes: [], synonyms: [],
}));
const schema = { classes, tagVocabulary: [], captionLanguage: 'en', fields: [] };

let seed = 7;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const regions = Array.from({ length: count }, (_, i) => {
  const w = 20 + rand() * 200, h = 20 + rand() * 200;
  const c = classes[i % classes.length];
  return {
    id: 'r' + i, shape: { kind: 'box', box: { x: rand() * (W - w), y: rand() * (H - h), w, h } },
    classId: c.id, label: c.name, attributes: {}, note: '', hidden: false, locked: false,
    provenance: { source: 'human', author: 'bench', createdAt: 0 },
    state: 'accepted', updatedAt: 0, updatedBy: 'bench',
  };
});

const image = await makeImage();
const annotations = { ...emptyAnnotations('bench-image', 'bench-project', 0), regions };
const frames = [];
window.__bench = { frames, openMs: null, renderer: null };
const started = performance.now();
mount(AnnotationEditor, {
  target: document.getElementById('app'),
  props: {
    image, imageSize: { width: W, height: H }, annotations, schema, author: 'bench',
    save: async () => {}, onNavigate: () => {}, onAcceptImage: () => {},
  },
});
const waitOpen = () => {
  const canvas = document.querySelector('[data-testid=editor-canvas]');
  if (canvas?.dataset.renderer && !document.querySelector('[data-testid=editor-loading]')) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__bench.openMs = performance.now() - started;
      window.__bench.renderer = canvas.dataset.renderer;
    }));
    return;
  }
  requestAnimationFrame(waitOpen);
};
waitOpen();
let last = 0;
const tick = (t) => { if (last) frames.push(t - last); last = t; requestAnimationFrame(tick); };
requestAnimationFrame(tick);
`;

function benchPage(): Plugin {
  return {
    name: 'bench-editor-page',
    resolveId: (id) => (id === ENTRY ? '\0' + ENTRY : undefined),
    load: (id) => (id === '\0' + ENTRY ? entrySource : undefined),
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (!req.url?.startsWith(PAGE)) return next();
        const html = `<!doctype html><html><head><meta charset="utf-8">
<style>html,body,#app{margin:0;height:100%}</style></head>
<body><div id="app"></div><script type="module">import '${ENTRY}';</script></body></html>`;
        res.setHeader('content-type', 'text/html');
        res.end(await server.transformIndexHtml(req.url, html));
      });
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const port = 4183;
const server = await createServer({
  configFile: false,
  root: import.meta.dirname + '/..',
  plugins: [svelte(), benchPage()],
  server: { port, strictPort: true },
  optimizeDeps: { entries: ['src/ui/editor/AnnotationEditor.svelte'] },
  logLevel: 'error',
});
await server.listen();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await allowTsxEvaluate(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://localhost:${port}${PAGE}?boxes=${boxes}`);
  await page.waitForFunction(
    () =>
      typeof (window as unknown as { __bench?: { openMs: number | null } }).__bench?.openMs ===
        'number' || document.querySelector('[data-testid=render-error]') !== null,
    undefined,
    { timeout: 120_000 },
  );
  const renderError = await page
    .getByTestId('render-error')
    .textContent({ timeout: 1 })
    .catch(() => null);
  if (renderError) throw new Error(renderError);
  const { openMs, renderer } = await page.evaluate(
    () => (window as unknown as { __bench: { openMs: number; renderer: string } }).__bench,
  );

  const canvas = page.getByTestId('editor-canvas');
  const rect = (await canvas.boundingBox())!;
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  await page.evaluate(
    () => ((window as unknown as { __bench: { frames: number[] } }).__bench.frames.length = 0),
  );
  const end = Date.now() + seconds * 1000;
  let step = 0;
  while (Date.now() < end) {
    // Alternate: a zoom in/out burst at a moving cursor, then a space-drag pan.
    const angle = step / 10;
    const x = cx + Math.cos(angle) * rect.width * 0.3;
    const y = cy + Math.sin(angle) * rect.height * 0.3;
    await page.mouse.move(x, y);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, step % 2 === 0 ? -100 : 100);
    await page.keyboard.down(' ');
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x + i * 15, y + i * 8);
    await page.mouse.up();
    await page.keyboard.up(' ');
    step += 1;
  }
  const frames = await page.evaluate(() =>
    (window as unknown as { __bench: { frames: number[] } }).__bench.frames.slice(),
  );
  const sorted = frames.slice().sort((a, b) => a - b);
  if (errors.length) console.error('page errors:', errors);
  report(
    'editor-frames',
    { runtime: 'production build', browser: browserName(browser) },
    {
      boxes,
      image: `${WIDTH}x${HEIGHT}`,
      renderer,
      openMs: Math.round(openMs),
      frames: frames.length,
      frameP50Ms: Number(percentile(sorted, 50).toFixed(2)),
      frameP95Ms: Number(percentile(sorted, 95).toFixed(2)),
      seconds,
    },
  );
} finally {
  await browser.close();
  await server.close();
}
