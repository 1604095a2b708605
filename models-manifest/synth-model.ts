/**
 * CLI: npm run synth-model -- --out .models/tiny (--script '<text>' | --spec spec.json) [--dims tiny|2b]
 * Writes a synthetic Qwen3-VL folder (see SYNTHETIC.md). Test fixture and benchmark tool only.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isDimsName } from './synthetic/dims.ts';
import { writeSyntheticModel } from './synthetic/generate.ts';
import { parseSpec, type SyntheticSpec } from './synthetic/script-spec.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    script: { type: 'string' },
    spec: { type: 'string' },
    dims: { type: 'string', default: 'tiny' },
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

try {
  await writeSyntheticModel(out, { spec, dims });
  console.log(`synth-model: wrote ${out}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
