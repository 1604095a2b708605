/**
 * What the app makes of one model answer — for "the boxes are wrong" reports.
 *   npm run parse-answer -- --task detect --width 640 --height 480 [--labels cat,dog] [--lang zh|en]
 *     [--grid 999|WxH] [--fields company,date] < answer.txt
 * Prints the parsed records (pixel coordinates of the W×H image) and the review reasons as JSON.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { INSPECT_TASKS, inspectAnswer, type InspectTask } from '../src/ai/inspect-answer';

function fail(message: string): never {
  process.stderr.write(
    `parse-answer: ${message}\nusage: npm run parse-answer -- --task <${INSPECT_TASKS.join('|')}> --width W --height H [--labels a,b] [--lang zh|en] [--grid 999|WxH] [--fields a,b] < answer.txt\n`,
  );
  process.exit(2);
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

let values: Record<string, string | undefined>;
try {
  values = parseArgs({
    options: {
      task: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      labels: { type: 'string' },
      lang: { type: 'string' },
      grid: { type: 'string' },
      fields: { type: 'string' },
    },
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const task = values.task;
if (!task || !(INSPECT_TASKS as readonly string[]).includes(task))
  fail(`--task must be one of ${INSPECT_TASKS.join(', ')}`);
const lang = values.lang ?? 'en';
if (lang !== 'en' && lang !== 'zh') fail('--lang must be zh or en');
let grid: { width: number; height: number } | undefined;
if (values.grid) {
  const [w, h] = values.grid.split('x');
  grid = { width: positive('grid', w), height: positive('grid', h ?? w) };
}
const answer = readFileSync(0, 'utf8');
const inspection = inspectAnswer(answer, {
  task: task as InspectTask,
  image: { width: positive('width', values.width), height: positive('height', values.height) },
  labels: list(values.labels),
  lang,
  fields: list(values.fields),
  ...(grid ? { grid } : {}),
});
process.stdout.write(`${JSON.stringify(inspection, null, 2)}\n`);
