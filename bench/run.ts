/**
 * npm run bench -- <name>... | all  [arguments for the benchmark]
 * Runs benchmarks one after another; each prints a table and writes bench/results/<name>.json.
 * Benchmarks that drive the browser use the production build (built here once). Flags after the
 * names go to each benchmark, e.g. `npm run bench -- model-path --dims 2b --dtype q4f16` or
 * `npm run bench -- throughput 10`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches: Record<string, { file: string; needsBuild: boolean }> = {
  'import-scale': { file: 'import-scale.ts', needsBuild: true },
  'gallery-scale': { file: 'gallery-scale.ts', needsBuild: true },
  'editor-frames': { file: 'editor-frames.ts', needsBuild: true },
  'export-scale': { file: 'export-scale.ts', needsBuild: false },
  bundle: { file: 'bundle.ts', needsBuild: false },
  'model-path': { file: 'model-path.ts', needsBuild: false },
  // Builds and serves its own page (bench/browser), not the production app.
  'model-path-browser': { file: 'model-path-browser.ts', needsBuild: false },
  throughput: { file: 'throughput.ts', needsBuild: false },
  'ocr-accuracy': { file: 'ocr-accuracy.ts', needsBuild: false },
  'ocr-browser': { file: 'ocr-browser.ts', needsBuild: true },
  'cli-batch': { file: 'cli-batch.ts', needsBuild: false },
  'batch-main-thread': { file: 'batch-main-thread.ts', needsBuild: true },
  // Builds and serves its own page (bench/segment-browser) around the app's segment worker.
  segment: { file: 'segment.ts', needsBuild: false },
};

const args = process.argv.slice(2);
const isName = (a: string) => a === 'all' || Object.hasOwn(benches, a);
// Leading names pick benchmarks; everything from the first other argument on goes to each of them.
const firstArgument = args.findIndex((a, i) => i > 0 && !isName(a));
const asked = firstArgument === -1 ? args : args.slice(0, firstArgument);
const flags = firstArgument === -1 ? [] : args.slice(firstArgument);
const names = asked.length === 0 || asked.includes('all') ? Object.keys(benches) : asked;
const unknown = names.filter((n) => !benches[n]);
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benches).join(', ')}, all`,
  );
  process.exit(2);
}

/**
 * onnxruntime-node's WebGPU provider needs a Vulkan driver. Machines without a GPU can borrow
 * Chromium's SwiftShader (slow, but it runs the same kernels) so `--device webgpu` still works.
 */
function childEnv(): NodeJS.ProcessEnv {
  const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!flags.includes('webgpu') || process.env.VK_DRIVER_FILES || !existsSync(swiftShader))
    return process.env;
  console.log('No Vulkan driver configured: WebGPU runs on Chromium’s SwiftShader (CPU).');
  return {
    ...process.env,
    VK_DRIVER_FILES: swiftShader,
    LD_LIBRARY_PATH: ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  };
}

const root = join(import.meta.dirname, '..');
const started = performance.now();
if (names.some((n) => benches[n]!.needsBuild))
  execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
const minutes: Record<string, number> = {};
for (const name of names) {
  console.log(`\n== ${name}`);
  const benchStarted = performance.now();
  execFileSync('npx', ['tsx', join('bench', benches[name]!.file), ...flags], {
    cwd: root,
    stdio: 'inherit',
    env: childEnv(),
  });
  minutes[name] = Number(((performance.now() - benchStarted) / 60_000).toFixed(1));
}
console.log('\nMinutes per benchmark:');
console.table(minutes);
console.log(`Total: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
