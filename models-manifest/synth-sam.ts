/**
 * CLI: npm run synth-sam -- --out .models/sam-tiny
 * Writes a synthetic SAM in the EdgeTAM-ONNX layout (see SYNTHETIC.md). Test fixture and benchmark
 * tool only: its "model" is a colour rule, not a segmentation network.
 */
import { parseArgs } from 'node:util';
import { writeSyntheticSam } from './synthetic-sam/generate.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('synth-sam: --out <folder> is required');
  process.exit(2);
}
try {
  await writeSyntheticSam(values.out);
  console.log(`synth-sam: wrote ${values.out}`);
} catch (error) {
  console.error(`synth-sam: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
