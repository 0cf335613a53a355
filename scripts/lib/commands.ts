// The pipelines behind the CLI. Effects (reading, writing) happen here and at the stages' edges;
// everything between is the pure load → validate → model → render chain (prepare.ts builds the model).
import path from 'node:path';
import type { Diagnostic, FamiliesInput, Output, SourceFile } from './types.ts';
import type { Change } from './changes.ts';
import { forEachFamilyFile, listFamilies, readFamilies, readSource } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { equalityCheckerFor, hasErrors, startValidation } from './validate/index.ts';
import { writeValidationReports, type ReportRequest } from './report/write-reports.ts';
import { openOutputWriter } from './publish/write-outputs.ts';
import { publishAtomically, removeLeftovers } from './publish/staging.ts';
import { resolveConfig, todayOf, type Config, type RunOptions } from './config.ts';
import type { Handbook } from './model/handbook.ts';
import { PAY_BANDS_OUTPUT } from './model/paths.ts';
import { modelOfValidation, prepareBuild, prepareBuildFrom, prepareHandbook } from './prepare.ts';
import { splitByReuse } from './publish/family-reuse.ts';
import { RENDER_EVERY_FAMILY, whereOf, type FamilyReuse, type PendingFolder, type Stage, type StageEffects, type StageResult } from './stage.ts';
import type { PdfRunResult } from './pdf/write-pdfs.ts';
import type { FamilyVersion } from './diff/diff-families.ts';
import type { ImportRunResult, InitResult } from './import/run-import.ts';
// The stages and commands below load their libraries (puppeteer-core, pdf-lib, execa, markdown-it ...)
// with import() when they run, so `jobfam validate` never pays for a browser driver it does not use.

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the families under `paths` (and claims their output paths); writes the CI report files
 * `reports` asks for. With `compact` (the CLI), files are read and checked one at a time and only a
 * skeleton of each family is kept (validate/compact-family.ts), so memory stays flat in the number of
 * families; the texts of files with diagnostics are read again for the reports' fingerprints.
 */
export async function validatePaths(paths: readonly string[], cwd: string, env: Env = {}, reports: ReportRequest = {}, options: { compact?: boolean } = {}) {
  const { familyFiles, rootDir, ...shared } = await listFamilies(paths, cwd);
  const validator = startValidation(shared, { today: todayOf(env), equality: await equalityCheckerFor(shared), compact: options.compact ?? false });
  const sources: SourceFile[] = [];
  await forEachFamilyFile(familyFiles, rootDir, cwd, (source) => {
    validator.add(source);
    sources.push(options.compact ? { ...source, text: '' } : source);
  });
  const { validation, diagnostics } = modelOfValidation(validator.finish());
  if (options.compact) {
    const located = new Set(diagnostics.map((d) => d.file));
    for (const [i, source] of sources.entries()) if (located.has(source.path)) sources[i] = await readSource(familyFiles[i]!, rootDir, cwd);
  }
  // `input` too: CI reports list every family file checked and read the YAML for stable fingerprints.
  const input: FamiliesInput = { ...shared, families: sources };
  const result = { ...validation, diagnostics, files: sources.length, input };
  await writeValidationReports(result, reports, cwd);
  return result;
}

export interface RenderResult {
  diagnostics: Diagnostic[];
  /** The handbook pages written, as paths under OUT. */
  pages: string[];
}

/**
 * Renders every family's handbook page(s) and replaces OUT/handbook/ with them as a whole; a family
 * `reuse` says is unchanged keeps its pages as the last build wrote them (they are not rendered). Each
 * family's pages are written as soon as they are rendered (openOutputWriter), so the stage holds a few
 * pages at a time, not every page of the handbook. Returns the paths written and the pages in all.
 */
async function writeHandbook(model: Handbook, config: Config, reuse: FamilyReuse = RENDER_EVERY_FAMILY): Promise<{ written: string[]; pages: number; kept: number }> {
  const [{ createMarkdownTemplates }, { familyHandbookPages }] = await Promise.all([import('./render/templates.ts'), import('./render/markdown.ts')]);
  const templates = createMarkdownTemplates(await readTemplates(config.templatesDir));
  const { render, keep } = splitByReuse(model.families, reuse, (f) => f.handbookPages);
  const writer = await openOutputWriter(config.outDir, ['handbook'], [], { keep });
  const written: string[] = [];
  const write = async (output: Output) => {
    written.push(output.path);
    await writer.write(output);
  };
  for (const family of render) {
    for (const output of familyHandbookPages(family.relativePath, family.file.family, model.grades, templates)) await write(output);
  }
  // The pay bands as a page of their own, the one `jobfam bot` publishes (and reviews in its own MR).
  // A --templates folder from before the page existed has no template for it: the families still render.
  const compensation = model.pay?.compensation;
  if (compensation && templates.payBands) {
    const { renderPayBandsPage } = await import('./render/pay-bands-page.ts');
    await write({ path: PAY_BANDS_OUTPUT, content: renderPayBandsPage(templates, compensation, model.grades) });
  }
  await writer.close();
  return { written, pages: written.length + keep.size, kept: keep.size };
}

/** The handbook stage: one markdown page per family under OUT/handbook/. */
export const markdownStage: Stage = async (model, config, effects) => {
  const { written, pages, kept } = await writeHandbook(model, config, effects.reuse);
  // An incremental build says how much it did: in a CI log, the proof its cache was used.
  const reused = kept > 0 ? ` (${written.length} written, ${kept} unchanged since the last build)` : '';
  return { stage: 'handbook', diagnostics: [], summary: `${pages} handbook pages in ${whereOf(config, 'handbook')}${reused}` };
};

/** The offer-packet stage: one PDF per level and specialty under OUT/pdf/, incremental, all shards' work. */
export const pdfStage: Stage = async (model, config, effects) => {
  const { summarizePdfRun, writePdfs } = await import('./pdf/write-pdfs.ts');
  const { signal, reuse, unchanged, browser, waiting } = effects;
  const result = await writePdfs(model, config, { signal, reuse, unchanged, browser, waiting });
  return { stage: 'pdf', diagnostics: result.diagnostics, summary: summarizePdfRun(result, whereOf(config, 'pdf')) };
};

const postingsStage: Stage = async (...args) => (await import('./jobboard/stage.ts')).postingsStage(...args);
const siteStage: Stage = async (...args) => (await import('./site/stage.ts')).siteStage(...args);

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links
 *  handbook pages and postings), and the PDF stage's packets as `pending` while it prints (runStages). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage, pdfStage, postingsStage, siteStage];

/** The stages behind each command that runs a part of the build (`noPdfs`: `jobfam build --no-pdfs`). */
export const COMMAND_STAGES = {
  build: BUILD_STAGES,
  noPdfs: BUILD_STAGES.filter((stage) => stage !== pdfStage),
  postings: [postingsStage],
  site: [siteStage],
} as const;

/** `jobfam pdf`: validates, then runs the PDF stage alone with the command's flags; null result when data is invalid.
 *  Published atomically like a build: an interrupted or failed run leaves OUT as it was. */
export async function generatePdfs(
  options: RunOptions,
  cwd: string,
  env: Env,
  control: StageEffects = {},
): Promise<{ diagnostics: Diagnostic[]; result: PdfRunResult | null; summary: string }> {
  const { diagnostics, prepared } = await prepareBuild(options, cwd, env);
  if (!prepared) return { diagnostics, result: null, summary: '' };
  const { model, config } = prepared;
  const { summarizePdfRun, writePdfs } = await import('./pdf/write-pdfs.ts');
  const result = await publishAtomically(config.outDir, async (staged) => {
    const run = await writePdfs(model, { ...config, outDir: staged.dir }, { signal: control.signal });
    return { result: run, commit: !run.interrupted && !hasErrors(run.diagnostics) };
  });
  return { diagnostics: [...diagnostics, ...result.diagnostics], result, summary: summarizePdfRun(result, whereOf(config, 'pdf')) };
}

/**
 * What a build's output depends on besides the code of its stages (publish/build-cache.ts), from what
 * was read, before any parsing: the files' texts, the options and the environment config.ts reads,
 * the templates, the tool, the browsers that could print, and the git state the PDFs' stamps read.
 * `shared` is all of it but the family files and the git state: with a family's text it makes the
 * family's own key (publish/family-reuse.ts); `git` is the git state (null without PDFs), which
 * each family's PDFs read of it apart (sourceStamps).
 */
async function buildKeyOf(input: FamiliesInput, stages: readonly Stage[], options: RunOptions, cwd: string, env: Env) {
  const cache = await import('./publish/build-cache.ts');
  // --force changes how a build works, not what it makes: a forced build's key is the plain one.
  const config = resolveConfig({ ...options, force: false }, env, null, cwd);
  const printing = stages.includes(pdfStage);
  const browsers = async () => {
    const { findBrowser } = await import('./pdf/find-browser.ts');
    const found = (['chromium', 'headless-shell'] as const).map((mode) => {
      try {
        return findBrowser(mode, config.pdf.executablePath).executablePath;
      } catch {
        return 'none';
      }
    });
    return Promise.all(found.map((file) => (file === 'none' ? file : cache.executableDigest(file))));
  };
  const [templates, tool, executables, git] = await Promise.all([
    cache.directoryDigest(config.templatesDir),
    cache.toolDigest(),
    printing ? browsers() : 'no browser',
    printing ? cache.gitState(path.resolve(cwd, options.familiesDir)) : null,
  ]);
  const texts = (source: SourceFile | null | undefined) => (source ? [source.path, source.relativePath, source.text, source.bytes ?? null, source.unreadable ?? null] : null);
  const shared = cache.buildKey({
    stages: stages.map((stage) => stage.name),
    config,
    root: input.root,
    grades: texts(input.grades),
    site: texts(input.config),
    openings: texts(input.openings),
    compensation: texts(input.compensation),
    templates,
    tool,
    executables,
  });
  // Each family's text hashed on its own, then the digests: one JSON of every text at once was a string
  // as large as the whole families folder (115 MB at 10,000 families) held beside the texts.
  const families = input.families.map((source) => cache.buildKey({ family: texts(source) }));
  return { key: cache.buildKey({ shared, families, git }), shared, git };
}

/**
 * Validates once, then runs every stage into one staging tree; stops at the first stage that reports
 * an error or when `control.signal` aborts. The tree is swapped in as OUT only when every stage
 * succeeded (`published`); otherwise OUT stays byte for byte as it was. When the inputs, templates,
 * options and tool are those of the last build and OUT is what it published (publish/build-cache.ts),
 * no stage runs: nothing is rendered or written, no browser starts (`unchanged`). Otherwise the
 * stages render only the families whose key or outputs changed since the last build, and the pages
 * that list every family (publish/family-reuse.ts); --force renders everything.
 */
export async function buildAll(
  options: RunOptions,
  cwd: string,
  env: Env,
  stages: readonly Stage[] = BUILD_STAGES,
  control: StageEffects = {},
): Promise<{ diagnostics: Diagnostic[]; stages: StageResult[]; published: boolean; unchanged: boolean }> {
  const input = await readFamilies([options.familiesDir], cwd);
  const cache = await import('./publish/build-cache.ts');
  const reuse = await import('./publish/family-reuse.ts');
  const keys = await buildKeyOf(input, stages, options, cwd, env);
  const outDir = path.resolve(cwd, options.outDir);
  await removeLeftovers(outDir); // what a killed run left is not part of the output either way
  // --force asks for every file anew: nothing of the last build is used then (but this one is recorded).
  const head = options.force ? null : await cache.readBuildRecordHead(outDir);
  const stamps = head ? await cache.outputStamps(outDir) : {};
  // Files with the recorded bytes under other stamps (a restored CI cache) count as the last build's.
  const now = head ? cache.recognisedStamps(outDir, head, stamps) : {};
  if (head && head.key === keys.key && cache.sameOutput(head, now)) {
    const where = path.relative(cwd, outDir) || '.';
    const kept = head.stages.map((s) => ({ ...s, summary: `unchanged since the last build: nothing rendered, ${where} kept as it was` }));
    return { diagnostics: [...head.diagnostics, ...head.stages.flatMap((s) => s.diagnostics)], stages: kept, published: true, unchanged: true };
  }
  // Something is built: now the families' part (every family's checked data) is read.
  const last = head && (await cache.readBuildRecord(outDir));
  const familyKeys = reuse.familyKeys(input, keys.shared);
  const sourceStamp = reuse.sourceStamps(keys.git);
  // The last build's checks of files whose key is unchanged are not run again (diagnostics replayed).
  const checks = reuse.validationCache(last?.families ?? null, familyKeys);
  const { diagnostics: found, prepared } = await prepareBuildFrom(input, options, cwd, env, checks);
  if (!prepared) return { diagnostics: found, stages: [], published: false, unchanged: false };
  const { model, config } = prepared;
  const unchanged = cache.unchangedIn(last, now);
  const familyReuse = reuse.decideReuse(last, familyKeys, unchanged, sourceStamp);
  const browser = await browserAhead(model, config, stages, familyReuse);
  const effects: StageEffects = { ...control, reuse: familyReuse, unchanged, browser };
  try {
    return await publishAtomically(config.outDir, async (staged) => {
      const results = await runStages(model, { ...config, outDir: staged.dir }, stages, effects);
      const diagnostics = [...found, ...results.flatMap((result) => result.diagnostics)];
      const published = !control.signal?.aborted && !hasErrors(diagnostics);
      if (published) {
        const families = (files: Readonly<Record<string, string>>) => reuse.familyRecords(model, familyKeys, files, checks.checked, sourceStamp);
        await cache.writeBuildRecord(staged.dir, keys.key, found, results, families, cache.keptHashes(last, stamps, now));
      }
      return { result: { diagnostics, stages: results, published, unchanged: false }, commit: published };
    });
  } finally {
    await browser?.close(); // started for the PDF stage, which did not take it (an earlier stage failed, a signal)
  }
}

/**
 * Runs `stages` in order into one staging tree and returns their results up to the first that reports
 * an error. A stage that says it is `waiting` on another process (the PDF stage, on Chromium) runs
 * beside the stages after it: they see the folder it still writes as `pending`. A stage that throws
 * stops the one beside it (through its signal) before the error goes on.
 */
async function runStages(model: Handbook, config: Config, stages: readonly Stage[], effects: StageEffects): Promise<StageResult[]> {
  const stopBeside = new AbortController();
  const signal = effects.signal ? AbortSignal.any([effects.signal, stopBeside.signal]) : stopBeside.signal;
  const running: Promise<StageResult>[] = [];
  let pending: PendingFolder | undefined;
  try {
    for (const stage of stages) {
      if (effects.signal?.aborted) break;
      let waiting: (writing: PendingFolder) => void = () => {};
      const waits = new Promise<PendingFolder>((resolve) => (waiting = resolve));
      const run = stage(model, config, { ...effects, signal, pending, waiting });
      run.catch(() => undefined); // awaited below too; a rejection meanwhile is not unhandled
      running.push(run);
      const first = await Promise.race([run.then((result) => ({ result })), waits.then((writing) => ({ writing }))]);
      if ('writing' in first) pending = first.writing;
      else if (hasErrors(first.result.diagnostics)) break;
    }
  } catch (error) {
    stopBeside.abort(error);
    await Promise.allSettled(running);
    throw error;
  }
  const results = await Promise.all(running);
  const failed = results.findIndex((result) => hasErrors(result.diagnostics));
  return failed === -1 ? results : results.slice(0, failed + 1);
}

/**
 * Chromium started as soon as the build knows a packet will print (a family whose packets it cannot
 * keep), so its launch overlaps staging and the stages before the PDF stage, which takes it. Only
 * after validation: a build refused for its data starts no browser. Null when nothing will print or
 * no browser is found (the PDF stage reports that).
 */
async function browserAhead(model: Handbook, config: Config, stages: readonly Stage[], reuse: FamilyReuse) {
  const packets = model.families.reduce((n, family) => n + (reuse.reusablePdfs(family) ? 0 : family.levels.length + family.specialties.length), 0);
  if (!stages.includes(pdfStage) || packets === 0) return null;
  const { findBrowser, launchAhead } = await import('./pdf/browser.ts');
  try {
    return launchAhead(findBrowser(config.pdf.browser, config.pdf.executablePath), Math.min(packets, config.pdf.concurrency));
  } catch {
    return null;
  }
}

/** Validates every family and renders them all, or writes nothing when any file has an error. */
export async function renderFamilies(options: RunOptions, cwd: string, control: StageEffects = {}): Promise<RenderResult> {
  const { diagnostics, prepared } = await prepareBuild(options, cwd);
  if (!prepared) return { diagnostics, pages: [] };
  const { model, config } = prepared;
  const pages = await publishAtomically(config.outDir, async (staged) => ({
    result: (await writeHandbook(model, { ...config, outDir: staged.dir })).written,
    commit: !control.signal?.aborted,
  }));
  return { diagnostics, pages };
}

// `jobfam import` and `jobfam init` live in import/run-import.ts: pages in, families directory out.
export type { ImportRunResult, InitResult };
export const importPages = async (...args: Parameters<typeof import('./import/run-import.ts').runImport>): Promise<ImportRunResult> =>
  (await import('./import/run-import.ts')).runImport(...args);
export const initFamiliesDir = async (...args: Parameters<typeof import('./import/run-import.ts').initFamiliesDir>): Promise<InitResult> =>
  (await import('./import/run-import.ts')).initFamiliesDir(...args);

export interface DiffResult {
  diagnostics: Diagnostic[];
  changes: Change[];
}

/** The families at one revision (`null` = working tree) through the build's preparation, as diff inputs. Errors keep `families` empty. */
async function familiesAt(revision: string | null, familiesDir: string, cwd: string): Promise<{ diagnostics: Diagnostic[]; families: FamilyVersion[]; model: Handbook | null }> {
  const { readFamiliesAtRevision } = await import('./load/read-git.ts');
  const input = await readFamiliesAtRevision(revision, familiesDir, cwd);
  if (!input) return { diagnostics: [], families: [], model: null };
  const { diagnostics, model } = prepareHandbook(input, { today: null });
  if (!model) return { diagnostics, families: [], model: null };
  return { diagnostics, families: model.families.map((f) => ({ slug: f.slug, path: f.relativePath, family: f.file.family })), model };
}

/** `jobfam diff`: the semantic changes to the families between two revisions; git only reads them. */
export async function diffRevisions(options: { from: string; to: string | null; familiesDir: string }, cwd: string): Promise<DiffResult> {
  const [before, after] = await Promise.all([familiesAt(options.from, options.familiesDir, cwd), familiesAt(options.to, options.familiesDir, cwd)]);
  const diagnostics = [...before.diagnostics, ...after.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, changes: [] };
  const { diffFamilies } = await import('./diff/diff-families.ts');
  const { diffCompensation } = await import('./pay/diff-compensation.ts');
  const bands = diffCompensation(before.model?.pay?.compensation ?? null, after.model?.pay?.compensation ?? null, {
    families: after.model?.families.map((f) => f.file) ?? [],
    openings: after.model?.openings ?? [],
  });
  return { diagnostics, changes: [...diffFamilies(before.families, after.families), ...bands] };
}

