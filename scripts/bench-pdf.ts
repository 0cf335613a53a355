// npm run bench [-- --levels 200 --rss 100,1000 --repeat 1 --no-chromium]
//
// Throughput of the PDF stage against a bare puppeteer loop on the same HTML, in the same run:
//   1. N synthetic levels (default 200) through `jobfam pdf --force` in its own process; the stage's
//      own summary gives PDFs/s (browser launch included, node/tsx start-up and validation not).
//      Both browser modes: headless-shell (the default) and chromium.
//   2. The same HTML and page.pdf options through a bare loop: one headless-shell browser, reused
//      pages, setContent + page.pdf, nothing else; the best of 1, 2 and 4 pages in flight.
//   3. Peak RSS of the whole `jobfam pdf` process tree (node + every Chromium process), sampled
//      every 50 ms, for 100 and 1,000 levels.
// The machine is shared: figures are noisy; --repeat R keeps the best of R runs of each setup.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import puppeteer, { type PDFOptions } from 'puppeteer-core';
import { readTemplates } from './lib/load/read-templates.ts';
import { browserVersion, findBrowser, type BrowserChoice } from './lib/pdf/browser.ts';
import type { PdfJob } from './lib/pdf/build-packets.ts';
import { syntheticFamilies } from './lib/pdf/synthetic-families.ts';
import { planPdfJobs } from './lib/pdf/write-pdfs.ts';
import { prepareBuild } from './lib/prepare.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JOBFAM = path.join(ROOT, 'scripts/jobfam.mjs');

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '200' },
    rss: { type: 'string', default: '100,1000' },
    repeat: { type: 'string', default: '1' },
    'no-chromium': { type: 'boolean', default: false },
  },
});
const LEVELS = Number(values.levels);
const RSS_SIZES = values.rss.split(',').filter(Boolean).map(Number);
const REPEAT = Math.max(1, Number(values.repeat));
const SOURCE_DATE_EPOCH = '1764547200';

async function familiesDir(levels: number, browser: 'headless-shell' | 'chromium'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobfam-bench-'));
  const files = syntheticFamilies(levels);
  files['_config.yml'] = `${files['_config.yml']}pdf:\n  browser: ${browser}\n`;
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
    await writeFile(path.join(dir, 'fam', name), content);
  }
  return dir;
}

// ---- process-tree RSS, from /proc ----

async function childrenOf(): Promise<Map<number, number[]>> {
  const tree = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'latin1').catch(() => '');
    const ppid = Number(/^\d+ \(.*\) \w (\d+)/s.exec(stat)?.[1]);
    if (ppid) tree.set(ppid, [...(tree.get(ppid) ?? []), Number(name)]);
  }
  return tree;
}

async function treeRss(root: number): Promise<number> {
  const tree = await childrenOf();
  let total = 0;
  for (const stack = [root]; stack.length > 0; ) {
    const pid = stack.pop()!;
    const status = await readFile(`/proc/${pid}/status`, 'latin1').catch(() => '');
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    stack.push(...(tree.get(pid) ?? []));
  }
  return total;
}

interface StageRun {
  rendered: number;
  seconds: number;
  rate: number;
  wall: number;
  peakRss: number;
}

/**
 * `jobfam pdf --force` in its own process; with `sampleRss`, its tree's RSS is sampled while it
 * runs. Sampling scans /proc every 50 ms, which costs CPU on a busy machine, so throughput runs
 * do not sample (the bare loop pays no such tax either).
 */
async function runStage(dir: string, sampleRss = false): Promise<StageRun> {
  const started = performance.now();
  const child = execa('node', [JOBFAM, 'pdf', '--families', 'fam', '--out', 'out', '--force'], {
    cwd: dir,
    reject: false,
    env: { SOURCE_DATE_EPOCH },
  });
  let peakRss = 0;
  let sampling = sampleRss;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, await treeRss(child.pid!));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const run = await child;
  sampling = false;
  await sampler;
  const wall = (performance.now() - started) / 1000;
  const m = /rendered (\d+), skipped \d+, removed \d+, failed (\d+) of \d+ offer packets .* in ([\d.]+) s, ([\d.]+) PDFs\/s/.exec(String(run.stderr));
  if (run.exitCode !== 0 || !m || m[2] !== '0') throw new Error(`jobfam pdf failed (exit ${run.exitCode}):\n${String(run.stderr)}`);
  return { rendered: Number(m[1]), seconds: Number(m[3]), rate: Number(m[1]) / Number(m[3]), wall, peakRss };
}

/** The baseline: one browser, `concurrency` reused pages, setContent + page.pdf, nothing else. */
async function bareLoop(jobs: readonly PdfJob[], choice: BrowserChoice, concurrency: number): Promise<number> {
  const started = performance.now();
  const browser = await puppeteer.launch({
    executablePath: choice.executablePath,
    headless: choice.headless,
    pipe: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--font-render-hinting=none'],
  });
  try {
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const page = await browser.newPage();
        for (let job = queue.shift(); job; job = queue.shift()) {
          await page.setContent(job.html, { waitUntil: 'load' });
          await page.pdf(job.pdfOptions as PDFOptions);
        }
      }),
    );
  } finally {
    await browser.close();
  }
  return jobs.length / ((performance.now() - started) / 1000);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const dirs: string[] = [];
  try {
    console.log(`jobfam PDF benchmark: ${LEVELS} synthetic levels, ${os.availableParallelism()} cores, best of ${REPEAT}, Node ${process.version}`);

    const shellDir = await familiesDir(LEVELS, 'headless-shell');
    const chromiumDir = values['no-chromium'] ? null : await familiesDir(LEVELS, 'chromium');
    dirs.push(shellDir, ...(chromiumDir ? [chromiumDir] : []));

    // The very HTML and options the stage prints.
    // The same preparation as `jobfam build` (read → validate → model → config), then the stage's own job planner.
    const { prepared } = await prepareBuild({ familiesDir: 'fam', outDir: 'out', paper: 'A4' }, shellDir, process.env);
    if (!prepared) throw new Error('the synthetic families do not validate');
    const { model, config } = prepared;
    const choice = findBrowser('headless-shell', config.pdf.executablePath);
    const jobs = planPdfJobs(model, config, {
      sources: await readTemplates(config.templatesDir),
      stamps: new Map(model.families.map((f) => [f.file.source.path, { commit: 'uncommitted', epoch: Number(SOURCE_DATE_EPOCH) }])),
      toolchain: { jobfam: 'bench', puppeteer: 'bench', pdfLib: 'bench', browser: await browserVersion(choice) },
    });

    // Rounds interleave the setups, so a neighbour's load spike does not hit one setup only.
    let stageShell: StageRun | null = null;
    let stageChromium: StageRun | null = null;
    const bare: Record<number, number> = {};
    for (let round = 1; round <= REPEAT; round++) {
      const shell = await runStage(shellDir);
      console.log(`round ${round}: stage, headless-shell: ${shell.rate.toFixed(1)} PDFs/s (${shell.rendered} in ${shell.seconds.toFixed(1)} s; ${shell.wall.toFixed(1)} s with node start-up and validation)`);
      if (!stageShell || shell.rate > stageShell.rate) stageShell = shell;
      for (const concurrency of [1, 2, 4]) {
        const rate = await bareLoop(jobs, choice, concurrency);
        console.log(`round ${round}: bare loop, headless-shell, ${concurrency} in flight: ${rate.toFixed(1)} PDFs/s`);
        bare[concurrency] = Math.max(bare[concurrency] ?? 0, rate);
      }
      if (chromiumDir) {
        const full = await runStage(chromiumDir);
        console.log(`round ${round}: stage, chromium (new headless): ${full.rate.toFixed(1)} PDFs/s`);
        if (!stageChromium || full.rate > stageChromium.rate) stageChromium = full;
      }
    }
    if (!stageShell) throw new Error('no run');
    console.log(`best: stage headless-shell ${stageShell.rate.toFixed(1)} PDFs/s${stageChromium ? `, stage chromium ${stageChromium.rate.toFixed(1)} PDFs/s` : ''}, bare ${Object.entries(bare).map(([c, r]) => `${c}: ${r.toFixed(1)}`).join(', ')} PDFs/s`);
    const bestBare = Math.max(...Object.values(bare));
    const ratio = stageShell.rate / bestBare;
    console.log(`ratio stage / best bare loop: ${ratio.toFixed(2)} (target >= 0.9)`);

    const rss: Record<number, number> = {};
    for (const size of RSS_SIZES) {
      const dir = await familiesDir(size, 'headless-shell');
      dirs.push(dir);
      const run = await runStage(dir, true);
      rss[size] = run.peakRss;
      console.log(`peak RSS of the jobfam pdf process tree, ${size} PDFs: ${mb(run.peakRss)} (${run.rate.toFixed(1)} PDFs/s)`);
      await rm(dir, { recursive: true, force: true });
    }
    const [small, large] = [rss[RSS_SIZES[0]!], rss[RSS_SIZES[RSS_SIZES.length - 1]!]];
    if (small && large && RSS_SIZES.length > 1) console.log(`RSS(${RSS_SIZES.at(-1)}) / RSS(${RSS_SIZES[0]}): ${(large / small).toFixed(2)} (target <= 1.2)`);

    console.log(
      JSON.stringify({
        levels: LEVELS,
        stageShell: +stageShell.rate.toFixed(1),
        stageChromium: stageChromium ? +stageChromium.rate.toFixed(1) : null,
        bare: Object.fromEntries(Object.entries(bare).map(([k, v]) => [k, +v.toFixed(1)])),
        ratio: +ratio.toFixed(2),
        peakRssMb: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 1024 / 1024)])),
      }),
    );
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

await main();
