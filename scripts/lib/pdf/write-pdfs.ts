// The PDF stage: validated model → offer packets under OUT/pdf/. Reads templates and git stamps,
// plans against the manifests (pure), prints what changed on one browser, stamps metadata, writes
// every file atomically, removes PDFs of levels that are gone, then writes this shard's manifest.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic } from '../errors.ts';
import { parseYaml } from '../load/parse-yaml.ts';
import { readTemplates } from '../load/read-templates.ts';
import { safeOutputPath } from '../publish/write-outputs.ts';
import type { ValidationResult } from '../validate/index.ts';
import type { Diagnostic, PaperFormat, Shard } from '../types.ts';
import type { Browser } from 'puppeteer-core';
import { browserVersion, closeBrowser, findBrowser, launchBrowser, printAll } from './browser.ts';
import { buildPdfJobs, createPdfTemplates, selectShard, type PdfJob, type Toolchain } from './build-packets.ts';
import { leftShard, manifestName, planPdfs, readManifests, removeOrphanTemps, sha256, writeFileAtomic, type Manifest, type ManifestEntry } from './manifest.ts';
import { createProgress, type ProgressReporter } from './progress.ts';
import { readSourceStamps } from './read-source-stamps.ts';
import { stampMetadata } from './stamp-metadata.ts';

/** What the stage needs from `jobfam build`'s BuildContext. */
export interface PdfStageInput {
  cwd: string;
  outDir: string;
  templatesDir: string;
  validation: ValidationResult;
  env: Readonly<Record<string, string | undefined>>;
}

export interface PdfRunOptions {
  force?: boolean;
  shard?: Shard | null;
  /** null/undefined: _config.yml's pdf.concurrency, else one per core (at most 4). */
  concurrency?: number | null;
  paper?: PaperFormat | null;
  progress?: ProgressReporter;
  /** Aborts the run (the CLI wires SIGINT/SIGTERM to it); PDFs already written stay complete. */
  signal?: AbortSignal;
}

export interface PdfRunResult {
  diagnostics: Diagnostic[];
  /** PDFs in this shard's slice. */
  total: number;
  rendered: number;
  skipped: number;
  removed: number;
  failed: number;
  relaunches: number;
  seconds: number;
  browser: string;
  shard: Shard | null;
  interrupted: boolean;
}

function packageVersion(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

const JOBFAM_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Pages in flight: one per core, at most four (pdf.md: 2 reused pages on 2 cores print fastest).
 * On an overloaded machine 4 in flight sometimes won; on a quieter one 2 beat 4 by ~15% in the
 * bench, and the default is for CI runners, which are not shared.
 */
export const defaultConcurrency = () => Math.max(1, Math.min(4, os.availableParallelism()));

async function hashOnDisk(pdfDir: string, keys: readonly string[]): Promise<Map<string, string | null>> {
  const entries = await Promise.all(
    keys.map(async (key) => [key, await readFile(path.join(pdfDir, key)).then(sha256, () => null)] as const),
  );
  return new Map(entries);
}

/** Removes `dir` and its parents up to `stop` while they are empty. */
async function pruneEmpty(dir: string, stop: string): Promise<void> {
  for (let current = dir; current.startsWith(`${stop}${path.sep}`); current = path.dirname(current)) {
    if ((await readdir(current).catch(() => ['?'])).length > 0) return;
    await rmdir(current).catch(() => undefined);
  }
}

function failure(job: PdfJob, validation: ValidationResult, reason: string): Diagnostic {
  const file = validation.families.find((f) => f.source.path === job.source);
  const list = job.kind === 'level' ? 'levels' : 'specialties';
  const index = file ? file.family[list].findIndex((x) => x.id === job.id) : -1;
  const at = file ? parseYaml(file.source).locate([list, index]) : { line: 1, column: 1 };
  return diagnostic('pdf-render-failed', { file: job.source, ...at }, { what: job.label, reason });
}

export async function writePdfs(input: PdfStageInput, options: PdfRunOptions = {}): Promise<PdfRunResult> {
  const started = performance.now();
  const { validation } = input;
  const settings = validation.config?.pdf ?? {};
  const shard = options.shard ?? null;
  const diagnostics: Diagnostic[] = [];
  if (!validation.config && validation.families.length > 0) {
    // The families root, as the user sees it: a family's path without its path inside the root.
    const { source } = validation.families[0]!;
    const root = path.normalize(source.path.slice(0, source.path.length - source.relativePath.length) || '.');
    diagnostics.push(diagnostic('pdf-config-missing', { file: path.join(root, '_config.yml'), line: 1, column: 1 }, { dir: root }, 'warning'));
  }

  const choice = findBrowser(settings.browser ?? 'headless-shell', input.env);
  const pdfDir = path.join(input.outDir, 'pdf');
  // When printing is all but certain (--force, or no manifest of this shard yet: a first run, a
  // fresh CI runner), Chromium starts while the packets are prepared instead of after them.
  let early: Promise<Browser> | null = options.force || !existsSync(path.join(pdfDir, manifestName(shard))) ? launchBrowser(choice) : null;
  early?.catch(() => undefined); // a failed launch is reported where printAll awaits it
  try {
    // Three independent waits (files, `chromium --version`, git) overlap.
    const [sources, version, stamps] = await Promise.all([
      readTemplates(input.templatesDir),
      browserVersion(choice),
      readSourceStamps(validation.families.map((f) => f.source.path), input.cwd, input.env),
    ]);
    const templates = createPdfTemplates(sources);
    const toolchain: Toolchain = {
      jobfam: JOBFAM_VERSION,
      puppeteer: packageVersion('puppeteer-core'),
      pdfLib: packageVersion('pdf-lib'),
      browser: version,
    };
    diagnostics.push(...stamps.diagnostics);
    const all = buildPdfJobs({
      families: validation.families,
      grades: validation.grades,
      config: validation.config,
      stamps: stamps.stamps,
      templates,
      paper: options.paper ?? settings.paper ?? 'A4',
      toolchain,
    });
    const slice = selectShard(all, shard);

    await mkdir(pdfDir, { recursive: true });
    await removeOrphanTemps(pdfDir);
    const manifests = await readManifests(pdfDir);
    const plan = planPdfs(slice, all, manifests, await hashOnDisk(pdfDir, slice.map((j) => j.key)), options.force ?? false);

    let removed = 0;
    for (const key of new Set([...plan.remove, ...leftShard(slice, manifests, shard)])) {
      const file = safeOutputPath(pdfDir, key);
      const existed = await rm(file).then(
        () => true,
        () => false,
      );
      if (existed) removed++;
      await pruneEmpty(path.dirname(file), pdfDir);
    }

    const entries: Record<string, ManifestEntry> = Object.fromEntries(plan.skip.map(({ job, entry }) => [job.key, entry]));
    const folders = new Map<string, Promise<unknown>>(); // one mkdir per family folder, not per PDF
    const progress = options.progress ?? createProgress(process.stderr);
    progress.start(plan.render.length);
    const printed = await printAll(plan.render, {
      launch: () => {
        const browser = early ?? launchBrowser(choice);
        early = null;
        return browser;
      },
      concurrency: options.concurrency ?? settings.concurrency ?? defaultConcurrency(),
      timeoutMs: (settings.timeoutSeconds ?? 30) * 1000,
      signal: options.signal,
      onPrinted: async (job, bytes) => {
        const stamped = await stampMetadata(bytes, job.metadata);
        const target = safeOutputPath(pdfDir, job.key);
        const folder = path.dirname(target);
        if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
        await folders.get(folder);
        await writeFileAtomic(target, stamped);
        entries[job.key] = { input: job.inputHash, output: sha256(stamped) };
        progress.tick(job.key);
      },
      onFailed: (job, reason) => {
        diagnostics.push(failure(job, validation, reason));
        progress.tick(job.key);
      },
    });
    progress.stop();

    // Only this shard's slice, in a stable order: a rerun with nothing to do rewrites the same bytes.
    const manifest: Manifest = {
      version: 1,
      shard: shard ?? { index: 1, total: 1 },
      toolchain,
      entries: Object.fromEntries(slice.flatMap((j) => (entries[j.key] ? [[j.key, entries[j.key]!]] : []))),
    };
    await writeFileAtomic(path.join(pdfDir, manifestName(shard)), `${JSON.stringify(manifest, null, 2)}\n`);

    const interrupted = options.signal?.aborted === true;
    if (interrupted) {
      const left = printed.notStarted;
      diagnostics.push(diagnostic('pdf-interrupted', { file: path.relative(input.cwd, pdfDir) || pdfDir, line: 1, column: 1 }, { signal: String(options.signal?.reason ?? 'a signal'), left }));
    }
    return {
      diagnostics,
      total: slice.length,
      rendered: printed.printed,
      skipped: plan.skip.length,
      removed,
      failed: printed.failed,
      relaunches: printed.relaunches,
      seconds: (performance.now() - started) / 1000,
      browser: `${toolchain.browser}, ${choice.executablePath}`,
      shard,
      interrupted,
    };
  } finally {
    // Started early but never handed to printAll (nothing to print, or an error before printing).
    if (early) await early.then((browser) => closeBrowser(browser), () => undefined);
  }
}

/** "rendered 12, skipped 13, removed 0, failed 0 of 25 offer packets (shard 1/2) in 2.1 s, 5.7 PDFs/s" */
export function summarizePdfRun(result: PdfRunResult, where: string): string {
  const rate = result.rendered / Math.max(result.seconds, 0.001);
  const shard = result.shard ? ` (shard ${result.shard.index}/${result.shard.total})` : '';
  const crashes = result.relaunches > 0 ? `; Chromium restarted ${result.relaunches}×` : '';
  return (
    `rendered ${result.rendered}, skipped ${result.skipped}, removed ${result.removed}, failed ${result.failed} ` +
    `of ${result.total} offer packets in ${where}${shard} in ${result.seconds.toFixed(1)} s, ${rate.toFixed(1)} PDFs/s${crashes}`
  );
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs `work` with Ctrl-C / SIGTERM turned into an abort: the run stops printing, kills Chromium,
 * keeps every complete PDF and reports. A second signal exits at once (puppeteer's exit hook still
 * kills the browser's process group).
 */
export async function withTerminationSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT[name] ?? 1);
    controller.abort(name);
  };
  const names = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];
  for (const name of names) process.on(name, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const name of names) process.off(name, onSignal);
  }
}

/** The exit code for a run stopped by a signal (128 + its number), or null. */
export function signalExitCode(signal: AbortSignal | undefined): number | null {
  return signal?.aborted ? (SIGNAL_EXIT[String(signal.reason)] ?? 1) : null;
}
