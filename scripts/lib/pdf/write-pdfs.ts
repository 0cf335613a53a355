// The PDF stage: model → offer packets under OUT/pdf/, as read → plan → apply.
//   read:  templates, toolchain versions, git stamps; then the manifests and the PDFs on disk
//   plan:  the jobs (build-packets.ts) and what to print, keep and remove (manifest.ts): pure
//   apply: remove PDFs of levels that are gone, print what changed on one browser, stamp metadata,
//          write every file atomically, then this shard's manifest
// Signals are the CLI's business: it hands in an AbortSignal and decides the exit code.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Config } from '../config.ts';
import { diagnostic } from '../errors.ts';
import { positionInFamily } from '../validate/compact-family.ts';
import type { Handbook } from '../model/handbook.ts';
import { safeOutputPath } from '../publish/write-outputs.ts';
import type { Diagnostic, Shard } from '../types.ts';
import { browserVersion, closeBrowser, findBrowser, launchBrowser, printAll, type BrowserChoice, type LaunchedAhead } from './browser.ts';
import { buildPdfJobs, createPdfTemplates, selectShard, type PdfJob, type SourceStamp, type Toolchain } from './build-packets.ts';
import { leftShard, manifestName, planPdfs, readManifests, removeOrphanTemps, sha256, writeFileAtomic, type Manifest, type ManifestEntry, type PdfPlan } from './manifest.ts';
import { createProgress, type ProgressReporter } from './progress.ts';
import { readSourceStamps } from './read-source-stamps.ts';
import { readToolchain } from './toolchain.ts';
import type { TemplateSources } from '../load/read-templates.ts';
import { readTemplates } from '../load/read-templates.ts';
import { RENDER_EVERY_FAMILY, type FamilyReuse, type PendingFolder } from '../stage.ts';
import type { ModelFamily } from '../model/handbook.ts';

export interface PdfEffects {
  progress?: ProgressReporter;
  /** Aborts the run (the CLI wires SIGINT/SIGTERM to it); PDFs already written stay complete. */
  signal?: AbortSignal | undefined;
  /** Families whose packets the build keeps without building their print HTML (publish/family-reuse.ts). */
  reuse?: FamilyReuse | undefined;
  /** Which files under OUT the last build published untouched, when the caller knows (StageEffects). */
  unchanged?: ((relative: string) => boolean) | undefined;
  /** A Chromium the caller started already (StageEffects.browser); this run takes and closes it. */
  browser?: LaunchedAhead | null | undefined;
  /** Called when what is left is printing, with the packets the run will have written (StageEffects.waiting). */
  waiting?: ((writing: PendingFolder) => void) | undefined;
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

/** What the run reads before it plans: the print design, the versions and the source stamps. */
export interface PdfInputs {
  sources: TemplateSources;
  toolchain: Toolchain;
  stamps: ReadonlyMap<string, SourceStamp>;
}

/** What the run reads before it plans; no source stamp is read for the `kept` families (their packets stay). */
async function readPdfInputs(model: Handbook, kept: ReadonlySet<ModelFamily>, config: Config, choice: BrowserChoice): Promise<PdfInputs & { diagnostics: Diagnostic[] }> {
  const keptFiles = new Set([...kept].map((f) => f.file.source.path));
  // Three independent waits (files, `chromium --version`, git) overlap.
  const [sources, toolchain, stamps] = await Promise.all([
    readTemplates(config.templatesDir),
    browserVersion(choice).then(readToolchain),
    readSourceStamps(model.families.map((f) => f.file.source.path), config.cwd, config.pdf.sourceDateEpoch, keptFiles),
  ]);
  return { sources, toolchain, stamps: stamps.stamps, diagnostics: stamps.diagnostics };
}

/** Every PDF's key (path under OUT/pdf/) of every shard, in the order buildPdfJobs sorts its jobs. Pure. */
export function pdfKeysOf(families: readonly ModelFamily[]): string[] {
  const keys = families.flatMap((f) => [...f.levels, ...f.specialties].map((x) => x.pdfPath.slice('pdf/'.length)));
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every print job of `families` (all of the model's by default), whatever the shard. Pure. */
export function planPdfJobs(model: Handbook, config: Config, inputs: PdfInputs, families: readonly ModelFamily[] = model.families): PdfJob[] {
  return buildPdfJobs({
    families,
    site: model.site,
    compensation: model.pay?.compensation ?? null,
    stamps: inputs.stamps,
    templates: createPdfTemplates(inputs.sources),
    paper: config.pdf.paper,
    toolchain: inputs.toolchain,
  });
}

/**
 * The families whose packets this run keeps as they are, without building their print HTML: those
 * `reuse` vouches for whose every PDF of this shard has a manifest entry for exactly the file on disk.
 * Returns them with those entries (carried into the new manifest). Pure.
 */
function reusedPackets(
  families: readonly ModelFamily[],
  reuse: FamilyReuse,
  shardKeys: ReadonlySet<string>,
  manifests: readonly Manifest[],
  onDisk: ReadonlyMap<string, string | null>,
): { families: Set<ModelFamily>; entries: Map<string, ManifestEntry> } {
  const reused = new Set<ModelFamily>();
  const entries = new Map<string, ManifestEntry>();
  for (const family of families) {
    if (!reuse.reusablePdfs(family)) continue;
    const keys = pdfKeysOf([family]).filter((key) => shardKeys.has(key));
    const found = keys.map((key) => manifests.map((m) => m.entries[key]).find((e) => e !== undefined && e.output === onDisk.get(key)));
    if (keys.length === 0 || found.some((e) => e === undefined)) continue;
    reused.add(family);
    keys.forEach((key, i) => entries.set(key, found[i]!));
  }
  return { families: reused, entries };
}

/** Notes that print nothing: a family without levels (a role described once, a section page of prose) has
 *  no offer packet; without _config.yml the packets print without a company or handbook links. */
function configWarnings(model: Handbook): Diagnostic[] {
  const notes = model.families
    .filter((family) => family.levels.length === 0 && family.specialties.length === 0)
    .map(({ file, title }) => diagnostic('pdf-no-levels', { file: file.source.path, line: 1, column: 1 }, { title }, 'warning'));
  if (model.site || model.families.length === 0) return notes;
  // The families root, as the user sees it: a family's path without its path inside the root.
  const { source } = model.families[0]!.file;
  const root = path.normalize(source.path.slice(0, source.path.length - source.relativePath.length) || '.');
  return [...notes, diagnostic('pdf-config-missing', { file: path.join(root, '_config.yml'), line: 1, column: 1 }, { dir: root }, 'warning')];
}

/**
 * The sha256 of each PDF on disk, or null when it is missing. A PDF the last build published and that
 * nothing touched since (publish/build-cache.ts), listed with one output in manifests that nothing
 * touched either, has the hash they list: it is not read again (93 MB at 900 PDFs).
 */
async function hashOnDisk(
  outDir: string,
  keys: readonly string[],
  manifests: readonly Manifest[],
  known: ((relative: string) => boolean) | undefined,
): Promise<Map<string, string | null>> {
  const pdfDir = path.join(outDir, 'pdf');
  // `jobfam build` has read the record and every file's stamp already; `jobfam pdf` reads them here.
  const unchanged = known ?? (await (await import('../publish/build-cache.ts')).unchangedSinceLastBuild(outDir));
  const manifestNames = (await readdir(pdfDir).catch(() => [] as string[])).filter((name) => /^manifest\..*\.json$/.test(name));
  const manifestsUnchanged = manifestNames.length > 0 && manifestNames.every((name) => unchanged(`pdf/${name}`));
  const listed = (key: string) => {
    const outputs = new Set(manifests.map((m) => m.entries[key]?.output).filter((o): o is string => o !== undefined));
    return outputs.size === 1 ? [...outputs][0]! : null;
  };
  const entries = await Promise.all(
    keys.map(async (key) => {
      const known = manifestsUnchanged ? listed(key) : null;
      if (known !== null && unchanged(`pdf/${key}`)) return [key, known] as const;
      return [key, await readFile(path.join(pdfDir, key)).then(sha256, () => null)] as const;
    }),
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

function failure(job: PdfJob, model: Handbook, reason: string): Diagnostic {
  const family = model.families.find((f) => f.file.source.path === job.source);
  const list = job.kind === 'level' ? 'levels' : 'specialties';
  const index = family ? family.file.family[list].findIndex((x) => x.id === job.id) : -1;
  const at = family ? positionInFamily(family.file, [list, index]) : { line: 1, column: 1 };
  return diagnostic('pdf-render-failed', { file: job.source, ...at }, { what: job.label, reason });
}

// A full or read-only disk is not one packet's failure: the run stops with one clear message.
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO']);

interface ApplyContext {
  pdfDir: string;
  launch: () => Promise<Browser>;
  config: Config;
  progress: ProgressReporter;
  signal: AbortSignal | undefined;
  waiting: (() => void) | undefined;
  onFailed: (job: PdfJob, reason: string) => void;
}

/** Carries out a plan: removals, then printing and writing; returns the manifest entries of what is on disk. */
async function applyPdfPlan(plan: PdfPlan, context: ApplyContext) {
  const { pdfDir, progress } = context;
  let removed = 0;
  for (const key of plan.remove) {
    const file = safeOutputPath(pdfDir, key);
    if (await rm(file).then(() => true, () => false)) removed++;
    await pruneEmpty(path.dirname(file), pdfDir);
  }
  const entries: Record<string, ManifestEntry> = Object.fromEntries([...plan.skip.map(({ job, entry }) => [job.key, entry] as const), ...plan.kept.map(({ key, entry }) => [key, entry] as const)]);
  const folders = new Map<string, Promise<unknown>>(); // one mkdir per family folder, not per PDF
  let diskError: unknown = null;
  progress.start(plan.render.length);
  // pdf-lib (a few hundred modules) loads while Chromium starts, and not at all when nothing prints.
  const stamping = plan.render.length > 0 ? import('./stamp-metadata.ts') : null;
  stamping?.catch(() => undefined); // a failed load is reported where the first print awaits it
  context.waiting?.();
  const printed = await printAll(plan.render, {
    launch: context.launch,
    concurrency: context.config.pdf.concurrency,
    timeoutMs: context.config.pdf.timeoutMs,
    signal: context.signal,
    onPrinted: async (job, bytes) => {
      const stamped = await (await stamping!).stampMetadata(bytes, job.metadata);
      const target = safeOutputPath(pdfDir, job.key);
      const folder = path.dirname(target);
      if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
      await folders.get(folder);
      await writeFileAtomic(target, stamped).catch((error: NodeJS.ErrnoException) => {
        if (DISK_ERRORS.has(error.code ?? '')) diskError ??= error;
        throw error;
      });
      entries[job.key] = { input: job.inputHash, output: sha256(stamped) };
      progress.tick(job.key);
    },
    onFailed: (job, reason) => {
      context.onFailed(job, reason);
      progress.tick(job.key);
    },
  });
  progress.stop();
  if (diskError) throw diskError;
  return { removed, entries, printed };
}

export async function writePdfs(model: Handbook, config: Config, effects: PdfEffects = {}): Promise<PdfRunResult> {
  const started = performance.now();
  const { shard, force } = config.pdf;
  const diagnostics: Diagnostic[] = configWarnings(model);
  const choice = findBrowser(config.pdf.browser, config.pdf.executablePath);
  const pdfDir = path.join(config.outDir, 'pdf');
  // When printing is all but certain (the caller started Chromium already; --force, or no manifest of
  // this shard yet: a first run, a fresh CI runner), Chromium starts while the packets are prepared
  // instead of after them.
  let early: Promise<Browser> | null =
    effects.browser?.take() ?? (force || !existsSync(path.join(pdfDir, manifestName(shard))) ? launchBrowser(choice) : null);
  early?.catch(() => undefined); // a failed launch is reported where printAll awaits it
  try {
    await mkdir(pdfDir, { recursive: true });
    await removeOrphanTemps(pdfDir);
    const manifests = await readManifests(pdfDir);
    const allKeys = pdfKeysOf(model.families).map((key) => ({ key }));
    const shardKeys = selectShard(allKeys, shard);
    const inShard = new Set(shardKeys.map((j) => j.key));
    const onDisk = await hashOnDisk(config.outDir, shardKeys.map((j) => j.key), manifests, effects.unchanged);
    // Families the build reuses keep their packets: no print HTML built, no source stamp read for them.
    const reused = force ? { families: new Set<ModelFamily>(), entries: new Map<string, ManifestEntry>() } : reusedPackets(model.families, effects.reuse ?? RENDER_EVERY_FAMILY, inShard, manifests, onDisk);
    const planned = reused.families.size === 0 ? model.families : model.families.filter((f) => !reused.families.has(f));
    const inputs = await readPdfInputs(model, reused.families, config, choice);
    diagnostics.push(...inputs.diagnostics);
    // This shard's share of every family's PDFs (selectShard deals the sorted keys), of the families planned.
    const slice = planPdfJobs(model, config, inputs, planned).filter((job) => inShard.has(job.key));

    const plan = planPdfs(slice, allKeys, manifests, onDisk, force);
    plan.kept = [...reused.entries].map(([key, entry]) => ({ key, entry }));
    // With one CI cache per shard, what this shard made before and another makes now must go too.
    plan.remove = [...new Set([...plan.remove, ...leftShard(shardKeys, manifests, shard)])].sort();

    const applied = await applyPdfPlan(plan, {
      pdfDir,
      config,
      launch: () => {
        const browser = early ?? launchBrowser(choice);
        early = null;
        return browser;
      },
      progress: effects.progress ?? createProgress(process.stderr),
      signal: effects.signal,
      waiting: effects.waiting && (() => effects.waiting!({ folder: 'pdf', files: new Set(shardKeys.map((j) => `pdf/${j.key}`)) })),
      onFailed: (job, reason) => diagnostics.push(failure(job, model, reason)),
    });

    // Only this shard's slice, in a stable order: a rerun with nothing to do rewrites the same bytes.
    const manifest: Manifest = {
      version: 1,
      shard: shard ?? { index: 1, total: 1 },
      toolchain: inputs.toolchain,
      entries: Object.fromEntries(shardKeys.flatMap((j) => (applied.entries[j.key] ? [[j.key, applied.entries[j.key]!]] : []))),
    };
    await writeFileAtomic(path.join(pdfDir, manifestName(shard)), `${JSON.stringify(manifest, null, 2)}\n`);

    const interrupted = effects.signal?.aborted === true;
    if (interrupted) {
      const left = applied.printed.notStarted;
      diagnostics.push(diagnostic('pdf-interrupted', { file: path.relative(config.cwd, pdfDir) || pdfDir, line: 1, column: 1 }, { signal: String(effects.signal?.reason ?? 'a signal'), left }));
    }
    return {
      diagnostics,
      total: shardKeys.length,
      rendered: applied.printed.printed,
      skipped: plan.skip.length + plan.kept.length,
      removed: applied.removed,
      failed: applied.printed.failed,
      relaunches: applied.printed.relaunches,
      seconds: (performance.now() - started) / 1000,
      browser: `${inputs.toolchain.browser}, ${choice.executablePath}`,
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
  const shardText = result.shard ? ` (shard ${result.shard.index}/${result.shard.total})` : '';
  const crashes = result.relaunches > 0 ? `; Chromium restarted ${result.relaunches}×` : '';
  return (
    `rendered ${result.rendered}, skipped ${result.skipped}, removed ${result.removed}, failed ${result.failed} ` +
    `of ${result.total} offer packets in ${where}${shardText} in ${result.seconds.toFixed(1)} s, ${rate.toFixed(1)} PDFs/s${crashes}`
  );
}
