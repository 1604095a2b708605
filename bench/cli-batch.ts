/**
 * npm run bench -- cli-batch [--sizes 1000,100000] [--concurrency 16]
 *
 * What the `annota batch` CLI itself costs per image, against the loopback server answering at
 * once (e2e/support/openai-server.ts, a real Qwen3-VL detection answer with log-probabilities):
 * read + decode + resize + JPEG encode + base64 + HTTP + parse + review + one JSONL line. The
 * folder is generated on the fly (tiny PNGs, 1,000 per subfolder). Overhead per image =
 * (wall time − the CLI's start-up on an empty folder) / images. Peak memory (max RSS, from
 * /usr/bin/time) should stay flat as the folder grows, since the folder is streamed.
 * The server runs in this process on the same cores, so the figures include its share. The CLI
 * talks to it over node:http with kept-alive connections (cli/http-fetch.ts).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { OpenAiTestServer } from '../e2e/support/openai-server';
import { report } from './report';

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const sizes = flag('sizes', '1000,100000').split(',').map(Number);
const concurrency = Number(flag('concurrency', '16'));
const root = join(import.meta.dirname, '..');

async function folder(count: number): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'annota-bench-cli-')), 'photos');
  await mkdir(dir);
  const png = await sharp({
    create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 190, b: 180 } },
  })
    .png()
    .toBuffer();
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `part-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) await mkdir(sub);
    await writeFile(join(sub, `img-${String(i).padStart(6, '0')}.png`), png);
  }
  return dir;
}

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS in MiB. */
function cli(
  images: string,
  out: string,
  server: string,
): Promise<{ seconds: number; cpuSeconds: number; rssMiB: number }> {
  const args = [
    '-f',
    '%e %U %S %M',
    process.execPath,
    join(root, 'bin/annota.mjs'),
    'batch',
    '--images',
    images,
    '--task',
    'detect',
    '--labels',
    'plate/dish,cup',
    '--server',
    server,
    '--model',
    'Qwen/Qwen3-VL-8B-Instruct',
    '--concurrency',
    String(concurrency),
    '--out',
    out,
    '--no-progress',
  ];
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/time', args, { cwd: root, maxBuffer: 1 << 24 }, (error, _stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      const [seconds, user, system, kb] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
      resolve({ seconds: seconds!, cpuSeconds: user! + system!, rssMiB: Math.round(kb! / 1024) });
    }),
  );
}

const server = new OpenAiTestServer();
const url = await server.listen();
const empty = await folder(0);
const startup = await cli(empty, join(empty, '..', 'out.jsonl'), url);
console.log(`start-up on an empty folder: ${startup.seconds} s, ${startup.rssMiB} MiB`);
const rows: Record<string, unknown>[] = [];
const loads: number[] = [];
for (const size of sizes) {
  const dir = await folder(size);
  const loadBefore = loadavg()[0]!;
  const run = await cli(dir, join(dir, '..', 'out.jsonl'), url);
  const ms = ((run.seconds - startup.seconds) * 1000) / size;
  rows.push({
    images: size,
    wallSeconds: run.seconds,
    overheadMsPerImage: Number(ms.toFixed(2)),
    // CPU time of the CLI process per image: less sensitive than wall time to a busy machine.
    cliCpuMsPerImage: Number((((run.cpuSeconds - startup.cpuSeconds) * 1000) / size).toFixed(2)),
    imagesPerSecond: Number((size / Math.max(0.001, run.seconds - startup.seconds)).toFixed(0)),
    peakRssMiB: run.rssMiB,
    // The machine's 1-minute load average before and after: other work shares these cores.
    loadAverage: [Number(loadBefore.toFixed(1)), Number(loadavg()[0]!.toFixed(1))],
  });
  loads.push(loadBefore, loadavg()[0]!);
  console.log(rows.at(-1));
  await rm(join(dir, '..'), { recursive: true, force: true });
  save();
}
await server.close();

function save() {
  report(
    'cli-batch',
    {
      runtime: `annota batch CLI (tsx, sharp) at concurrency ${concurrency} against the loopback server in the bench process`,
      note:
        Math.max(...loads) > 3
          ? 'The machine was shared: other work built and tested on the same cores during this run (see loadAverage per run), so wall times are upper bounds; cliCpuMsPerImage is the CLI process alone.'
          : 'The machine was otherwise quiet (1-minute load average at most 3 on 2 cores, see loadAverage per run); the loopback server shares the cores with the CLI, so overheadMsPerImage includes its work; cliCpuMsPerImage is the CLI process alone.',
    },
    {
      startupSeconds: startup.seconds,
      startupRssMiB: startup.rssMiB,
      concurrency,
      runs: rows,
      targetMsPerImage: 5,
    },
  );
}
