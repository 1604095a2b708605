/**
 * npm run bench -- <name>|all   — runs benchmarks one after another; each prints a table and writes
 * bench/results/<name>.json. Benchmarks that drive the browser use the production build (built here).
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
};

const asked = process.argv.slice(2);
const names = asked.length === 0 || asked.includes('all') ? Object.keys(benches) : asked;
const unknown = names.filter((n) => !benches[n]);
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benches).join(', ')}, all`,
  );
  process.exit(2);
}
const root = join(import.meta.dirname, '..');
const runnable = names.filter((n) => existsSync(join(root, 'bench', benches[n]!.file)));
if (runnable.some((n) => benches[n]!.needsBuild))
  execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
for (const name of runnable) {
  console.log(`\n== ${name}`);
  execFileSync('npx', ['tsx', join('bench', benches[name]!.file)], { cwd: root, stdio: 'inherit' });
}
