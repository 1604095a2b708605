/**
 * npm run mirror -- <downloaded snapshot folder> <out folder> [--revision <sha>]
 * Copies a model snapshot into the layout the app asks a mirror for (README › Model mirror).
 */
import { parseArgs } from 'node:util';
import { layOutMirror } from '../models-manifest/mirror-layout';
import { DEFAULT_MODEL } from '../src/model/models';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { revision: { type: 'string' } },
});
const [snapshot, out] = positionals;
if (!snapshot || !out) {
  process.stderr.write(
    'usage: npm run mirror -- <downloaded snapshot folder> <out folder> [--revision <sha>]\n',
  );
  process.exit(2);
}
const report = await layOutMirror(snapshot, out, DEFAULT_MODEL, values.revision);
process.stdout.write(
  `Copied ${report.copied.length} files to ${report.folder}\nServe ${report.root} as the mirror URL (with Access-Control-Allow-Origin).\n`,
);
if (report.missing.length)
  process.stdout.write(`Missing for some runtimes: ${report.missing.join(', ')}\n`);
for (const d of report.damaged)
  process.stdout.write(
    `Size differs from the pinned revision: ${d.path} (${d.actual} of ${d.expected} bytes)\n`,
  );
process.exit(report.damaged.length > 0 ? 1 : 0);
