// The three pipelines behind the CLI. Effects (reading, writing) happen here at the edges; everything
// between is the pure load → validate → model → render chain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Change, Diagnostic, Output } from './types.ts';
import { readFamilies } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { validateFamilies, validateWithLanguage, hasErrors, type ValidationResult } from './validate/index.ts';
import { writeValidationReports, type ReportRequest } from './report/write-reports.ts';
import { writeOutputs } from './publish/write-outputs.ts';
import { publishAtomically } from './publish/staging.ts';
import type { PdfRunOptions, PdfRunResult } from './pdf/write-pdfs.ts';
import type { FamilyVersion } from './diff/diff-families.ts';
import type { ImportRunResult, InitResult } from './import/run-import.ts';
// The stages and commands below load their libraries (puppeteer-core, pdf-lib, execa, markdown-it ...)
// with import() when they run, so `jobfam validate` never pays for a browser driver it does not use.

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLED_TEMPLATES = path.join(PACKAGE_DIR, 'templates');
export const BUNDLED_FAMILIES = path.join(PACKAGE_DIR, 'job-families');

/** The build date that decides which openings have expired: JOBFAM_TODAY (YYYY-MM-DD, for reproducible
 *  builds and tests) or the clock's UTC day. */
export function todayOf(env: Readonly<Record<string, string | undefined>>, now: Date = new Date()): string {
  const pinned = env.JOBFAM_TODAY;
  if (pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return now.toISOString().slice(0, 10);
}

/** Validates the families under `paths`; writes the CI report files `reports` asks for (none by default). */
export async function validatePaths(
  paths: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
  reports: ReportRequest = {},
) {
  const input = await readFamilies(paths, cwd);
  // `input` too: CI reports list every family file checked and read the YAML for stable fingerprints.
  const result = { ...(await validateWithLanguage(input, { today: todayOf(env) })), files: input.families.length, input };
  await writeValidationReports(result, reports, cwd);
  return result;
}

export interface RenderResult {
  diagnostics: Diagnostic[];
  outputs: Output[];
}

/** What every output stage of `jobfam build` gets: the families validated once, and where to write. */
export interface BuildContext {
  cwd: string;
  /** Absolute directory the stages write into: the run's staging tree (publish/staging.ts), which
   *  starts as the previous output and is swapped in only when every stage succeeded. */
  outDir: string;
  /** Absolute output directory as given (default `public`): where the result appears; for messages. */
  publishedDir: string;
  /** Absolute templates directory. */
  templatesDir: string;
  validation: ValidationResult;
  env: Readonly<Record<string, string | undefined>>;
  /** Build date (YYYY-MM-DD) that decided which openings expired; see todayOf. */
  today: string;
  /** Aborted when the run is asked to stop (the CLI wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal | undefined;
}

export interface StageResult {
  stage: string;
  diagnostics: Diagnostic[];
  /** One line for the build summary, e.g. "12 handbook pages in public/handbook". */
  summary: string;
}

/** An output stage: reads the validated model from the context, writes under `outDir`, never throws for bad data. */
export type Stage = (context: BuildContext) => Promise<StageResult>;

export interface BuildOptions {
  familiesDir: string;
  outDir: string;
  templatesDir?: string | undefined;
}

/** Reads and validates the families once; `null` context when any file has an error (then nothing is written). */
export async function prepareBuild(
  options: BuildOptions,
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<{ diagnostics: Diagnostic[]; context: BuildContext | null }> {
  const input = await readFamilies([options.familiesDir], cwd);
  const today = todayOf(env);
  const validation = await validateWithLanguage(input, { today });
  if (hasErrors(validation.diagnostics)) return { diagnostics: validation.diagnostics, context: null };
  const outDir = path.resolve(cwd, options.outDir);
  return {
    diagnostics: validation.diagnostics,
    context: {
      cwd,
      outDir,
      publishedDir: outDir,
      templatesDir: path.resolve(cwd, options.templatesDir ?? BUNDLED_TEMPLATES),
      validation,
      env,
      today,
    },
  };
}

/** Renders every family's handbook page(s) and replaces OUT/handbook/ with them as a whole. */
async function writeHandbook(context: BuildContext): Promise<Output[]> {
  const [{ createMarkdownTemplates }, { renderMarkdown }] = await Promise.all([import('./render/templates.ts'), import('./render/markdown.ts')]);
  const templates = createMarkdownTemplates(await readTemplates(context.templatesDir));
  const outputs = renderMarkdown(
    context.validation.families.map((f) => ({ relativePath: f.source.relativePath, family: f.family })),
    context.validation.grades,
    templates,
  );
  await writeOutputs(outputs, context.outDir, ['handbook']);
  return outputs;
}

/** The handbook stage: one markdown page per family under OUT/handbook/. */
export const markdownStage: Stage = async (context) => {
  const outputs = await writeHandbook(context);
  const where = path.join(path.relative(context.cwd, context.publishedDir) || '.', 'handbook');
  return { stage: 'handbook', diagnostics: [], summary: `${outputs.length} handbook pages in ${where}` };
};

/** The offer-packet stage: one PDF per level and specialty under OUT/pdf/, incremental, all shards' work. */
export const pdfStage: Stage = async (context) => {
  const { summarizePdfRun, writePdfs } = await import('./pdf/write-pdfs.ts');
  const result = await writePdfs(context, { signal: context.signal });
  const where = path.join(path.relative(context.cwd, context.publishedDir) || '.', 'pdf');
  return { stage: 'pdf', diagnostics: result.diagnostics, summary: summarizePdfRun(result, where) };
};

const postingsStage: Stage = async (context) => (await import('./jobboard/stage.ts')).postingsStage(context);
const siteStage: Stage = async (context) => (await import('./site/stage.ts')).siteStage(context);

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links PDFs). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage, pdfStage, postingsStage, siteStage];

/** The stages behind each command that runs a part of the build. */
export const COMMAND_STAGES = { build: BUILD_STAGES, postings: [postingsStage], site: [siteStage] } as const;

/** What a run of the CLI passes down: a signal that asks it to stop (nothing is published then). */
export interface RunControl {
  signal?: AbortSignal | undefined;
}

/** `jobfam pdf`: validates, then runs the PDF stage alone with the command's flags; null result when data is invalid.
 *  Published atomically like a build: an interrupted or failed run leaves OUT as it was. */
export async function generatePdfs(
  options: BuildOptions & Omit<PdfRunOptions, 'signal' | 'progress'>,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  control: RunControl = {},
): Promise<{ diagnostics: Diagnostic[]; result: PdfRunResult | null; summary: string }> {
  const prepared = await prepareBuild(options, cwd, env);
  if (!prepared.context) return { diagnostics: prepared.diagnostics, result: null, summary: '' };
  const context = prepared.context;
  const { summarizePdfRun, writePdfs } = await import('./pdf/write-pdfs.ts');
  const result = await publishAtomically(context.outDir, async (staged) => {
    const run = await writePdfs({ ...context, outDir: staged.dir }, { ...options, signal: control.signal });
    return { result: run, commit: !run.interrupted && !hasErrors(run.diagnostics) };
  });
  const where = path.join(path.relative(cwd, context.outDir) || '.', 'pdf');
  return { diagnostics: [...prepared.diagnostics, ...result.diagnostics], result, summary: summarizePdfRun(result, where) };
}

/**
 * Validates once, then runs every stage into one staging tree; stops at the first stage that reports
 * an error or when `control.signal` aborts. The tree is swapped in as OUT only when every stage
 * succeeded (`published`); otherwise OUT stays byte for byte as it was.
 */
export async function buildAll(
  options: BuildOptions,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  stages: readonly Stage[] = BUILD_STAGES,
  control: RunControl = {},
): Promise<{ diagnostics: Diagnostic[]; stages: StageResult[]; published: boolean }> {
  const prepared = await prepareBuild(options, cwd, env);
  if (!prepared.context) return { diagnostics: prepared.diagnostics, stages: [], published: false };
  const base = prepared.context;
  return publishAtomically(base.outDir, async (staged) => {
    const context: BuildContext = { ...base, outDir: staged.dir, signal: control.signal };
    const diagnostics = [...prepared.diagnostics];
    const results: StageResult[] = [];
    for (const stage of stages) {
      if (control.signal?.aborted) break;
      const result = await stage(context);
      results.push(result);
      diagnostics.push(...result.diagnostics);
      if (hasErrors(result.diagnostics)) break;
    }
    const published = !control.signal?.aborted && !hasErrors(diagnostics);
    return { result: { diagnostics, stages: results, published }, commit: published };
  });
}

/** Validates every family and renders them all, or writes nothing when any file has an error. */
export async function renderFamilies(options: BuildOptions, cwd: string, control: RunControl = {}): Promise<RenderResult> {
  const prepared = await prepareBuild(options, cwd);
  if (!prepared.context) return { diagnostics: prepared.diagnostics, outputs: [] };
  const context = prepared.context;
  const outputs = await publishAtomically(context.outDir, async (staged) => ({
    result: await writeHandbook({ ...context, outDir: staged.dir }),
    commit: !control.signal?.aborted,
  }));
  return { diagnostics: prepared.diagnostics, outputs };
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

/** The families validated at one revision (`null` = working tree), as diff inputs. Errors keep `families` empty. */
async function familiesAt(revision: string | null, familiesDir: string, cwd: string): Promise<{ diagnostics: Diagnostic[]; families: FamilyVersion[] }> {
  const { readFamiliesAtRevision } = await import('./load/read-git.ts');
  const input = await readFamiliesAtRevision(revision, familiesDir, cwd);
  if (!input) return { diagnostics: [], families: [] };
  const validation = validateFamilies(input);
  if (hasErrors(validation.diagnostics)) return { diagnostics: validation.diagnostics, families: [] };
  return { diagnostics: validation.diagnostics, families: validation.families.map((f) => ({ slug: f.slug, path: f.source.relativePath, family: f.family })) };
}

/** `jobfam diff`: the semantic changes to the families between two revisions; git only reads them. */
export async function diffRevisions(options: { from: string; to: string | null; familiesDir: string }, cwd: string): Promise<DiffResult> {
  const [before, after] = await Promise.all([familiesAt(options.from, options.familiesDir, cwd), familiesAt(options.to, options.familiesDir, cwd)]);
  const diagnostics = [...before.diagnostics, ...after.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, changes: [] };
  const { diffFamilies } = await import('./diff/diff-families.ts');
  return { diagnostics, changes: diffFamilies(before.families, after.families) };
}
