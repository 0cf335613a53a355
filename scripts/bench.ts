// npm run bench [-- --sizes 100,1000,10000 --rounds 5 --incremental 300 --pdf-levels 200 --skip-pdf]
//
// One table, one run: every row compares jobfam with its yardstick measured in the same run, rounds
// interleaved (A B A B ...), so a neighbour's load spike hits both sides; ratios are of the medians.
//   start-up     `jobfam validate` on the bundled families vs a bare node process parsing the same
//                files with `yaml` (scripts/bench/bare-parse.mjs)
//   N families   `jobfam validate` and the build without PDFs (scripts/bench/build-without-pdfs.mjs:
//                handbook, postings, catalog) on N generated families (3 levels each) vs the bare parse;
//                wall time and the node process's peak RSS (getrusage maxRSS, read at exit)
//   incremental  `jobfam build` (PDFs included) on 300 families: full (once), then per round after one
//                requirement changed and with nothing changed (medians)
//   PDF stage    scripts/bench-pdf.ts: the stage's PDFs/s vs a bare puppeteer loop on the same HTML
// Every process is the shipped bin (dist/): run `npm run compile` first (npm ci does).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { syntheticFamilies } from './lib/pdf/synthetic-families.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JOBFAM = path.join(ROOT, 'scripts/jobfam.mjs');
const BARE = path.join(ROOT, 'scripts/bench/bare-parse.mjs');
const BUILD_NO_PDF = path.join(ROOT, 'scripts/bench/build-without-pdfs.mjs');
const SOURCE_DATE_EPOCH = '1764547200';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    rounds: { type: 'string', default: '5' },
    incremental: { type: 'string', default: '300' },
    'pdf-levels': { type: 'string', default: '200' },
    'skip-pdf': { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.max(1, Number(values.rounds));

interface Run {
  wall: number;
  rssMb: number;
}

let rssHook = '';

/** One process; wall seconds from spawn to exit, peak RSS from the process itself (maxRSS at exit). */
async function timed(args: string[], cwd: string): Promise<Run> {
  const started = performance.now();
  const run = await execa('node', ['--import', rssHook, ...args], { cwd, reject: false, env: { SOURCE_DATE_EPOCH, JOBFAM_TODAY: '2026-12-07' } });
  const wall = (performance.now() - started) / 1000;
  const rss = /BENCH_MAXRSS (\d+)/.exec(run.stderr)?.[1];
  if (run.exitCode !== 0 || !rss) throw new Error(`${args.join(' ')} failed (exit ${run.exitCode}):\n${run.stderr}`);
  return { wall, rssMb: Number(rss) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** A and B in turn, `rounds` times; medians of each. */
async function pair(a: string[], b: string[], cwd: string, rounds: number): Promise<{ a: Run; b: Run }> {
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await timed(a, cwd));
    bs.push(await timed(b, cwd));
  }
  const med = (runs: Run[]) => ({ wall: median(runs.map((r) => r.wall)), rssMb: median(runs.map((r) => r.rssMb)) });
  return { a: med(as), b: med(bs) };
}

async function familiesDir(families: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobfam-bench-'));
  for (const [name, content] of Object.entries(syntheticFamilies(families * 3, { levelsPerFamily: 3 }))) {
    await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
    await writeFile(path.join(dir, 'fam', name), content);
  }
  return dir;
}

const rows: string[][] = [];
const s = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} s`;
const mb = (x: number) => `${Math.round(x)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
function row(what: string, a: Run, b: Run, yardstick: string): void {
  rows.push([what, s(a.wall), mb(a.rssMb), yardstick, s(b.wall), mb(b.rssMb), ratio(a.wall, b.wall), ratio(a.rssMb, b.rssMb)]);
  console.error(`  ${rows.at(-1)!.join(' | ')}`);
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'jobfam-bench-'));
  rssHook = path.join(work, 'rss.mjs');
  await writeFile(rssHook, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
  const cleanup: string[] = [work];
  try {
    console.error(`jobfam benchmark: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const start = await pair([JOBFAM, 'validate'], [BARE, 'job-families'], ROOT, ROUNDS * 2);
    row('start-up: validate, 5 bundled families', start.a, start.b, 'bare parse');

    for (const size of values.sizes.split(',').filter(Boolean).map(Number)) {
      const dir = await familiesDir(size);
      cleanup.push(dir);
      const rounds = size >= 10_000 ? 1 : size >= 1000 ? Math.min(ROUNDS, 3) : ROUNDS;
      const validate = await pair([JOBFAM, 'validate', 'fam'], [BARE, 'fam'], dir, rounds);
      row(`validate, ${size.toLocaleString('en')} families`, validate.a, validate.b, 'bare parse');
      const build = await pair([BUILD_NO_PDF, 'fam', 'out'], [BARE, 'fam'], dir, rounds);
      row(`build without PDFs, ${size.toLocaleString('en')} families`, build.a, build.b, 'bare parse');
      await rm(dir, { recursive: true, force: true });
    }

    const families = Number(values.incremental);
    if (families > 0) {
      const dir = await familiesDir(families);
      cleanup.push(dir);
      const build = [JOBFAM, 'build', '--families', 'fam', '--out', 'out'];
      const full = await timed(build, dir);
      // Each round changes the same requirement to another text, then builds again with nothing changed.
      const file = path.join(dir, 'fam/synthetic/family-001.yml');
      const ones: Run[] = [];
      const nones: Run[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        await writeFile(file, (await readFile(file, 'utf8')).replace(/\(item 2(, changed \d+)?\)/, `(item 2, changed ${i})`));
        ones.push(await timed(build, dir));
        nones.push(await timed(build, dir));
      }
      const med = (runs: Run[]) => ({ wall: median(runs.map((r) => r.wall)), rssMb: median(runs.map((r) => r.rssMb)) });
      const one = med(ones);
      const none = med(nones);
      const what = `${families} families (${families * 3} PDFs)`;
      row(`build after one change, ${what}`, one, full, 'full build');
      row(`build, nothing changed, ${what}`, none, full, 'full build');
    }

    let pdf: { stageShell: number; bare: Record<string, number>; ratio: number } | null = null;
    if (!values['skip-pdf']) {
      const levels = values['pdf-levels'];
      const run = await execa('node', [path.join(ROOT, 'dist/bench-pdf.js'), '--levels', levels, '--rss', '', '--no-chromium'], { cwd: ROOT, reject: false });
      const json = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.exitCode !== 0 || !json.startsWith('{')) throw new Error(`bench-pdf failed:\n${run.stdout}\n${run.stderr}`);
      pdf = JSON.parse(json);
      const bestBare = Math.max(...Object.values(pdf!.bare));
      rows.push([`PDF stage, ${levels} PDFs`, `${pdf!.stageShell.toFixed(1)} PDFs/s`, '', 'bare puppeteer loop', `${bestBare.toFixed(1)} PDFs/s`, '', `${pdf!.ratio.toFixed(2)}× (throughput)`, '']);
    }

    const header = ['', 'jobfam', 'peak', 'yardstick', 'time', 'peak', 'time ratio', 'memory ratio'];
    console.log([header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  } finally {
    await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

await main();
