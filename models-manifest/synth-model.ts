/**
 * CLI: npm run synth-model -- --out .models/tiny (--script '<text>' | --spec spec.json) [--dims tiny|2b]
 *   [--dtypes fp32,q4,q4f16]
 * Writes a synthetic Qwen3-VL folder (see SYNTHETIC.md). Test fixture and benchmark tool only.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isDimsName } from './synthetic/dims.ts';
import { isDtypeName, type DtypeName } from './synthetic/precision.ts';
import { writeSyntheticModel } from './synthetic/generate.ts';
import { parseSpec, type SyntheticSpec } from './synthetic/script-spec.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    script: { type: 'string' },
    spec: { type: 'string' },
    dims: { type: 'string', default: 'tiny' },
    dtypes: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`synth-model: ${message}`);
  process.exit(2);
}

const out = values.out ?? fail('--out <folder> is required');
const dims = values.dims ?? 'tiny';
if (!isDimsName(dims)) fail(`unknown --dims "${dims}" (tiny or 2b)`);
let spec: SyntheticSpec;
if (values.spec !== undefined) spec = parseSpec(JSON.parse(await readFile(values.spec, 'utf8')));
else if (values.script !== undefined) spec = parseSpec({ scripts: [{ text: values.script }] });
else fail('give --script "<text>" or --spec <file.json>');

let dtypes: DtypeName[] | undefined;
if (values.dtypes !== undefined) {
  const names = values.dtypes.split(',').map((d) => d.trim());
  const unknown = names.filter((d) => !isDtypeName(d));
  if (unknown.length > 0) fail(`unknown --dtypes ${unknown.join(', ')} (fp32, q4, q4f16)`);
  dtypes = names.filter(isDtypeName);
  if (dims === '2b' && dtypes.includes('fp32')) fail('2b at fp32 would be ≈ 9 GB: use q4 or q4f16');
}

try {
  await writeSyntheticModel(out, { spec, dims, ...(dtypes ? { dtypes } : {}) });
  console.log(`synth-model: wrote ${out}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
