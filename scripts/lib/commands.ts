// The three pipelines behind the CLI. Effects (reading, writing) happen here at the edges; everything
// between is the pure load → validate → model → render chain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Change, Diagnostic, Output } from './types.ts';
import { readFamilies } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { validateFamilies, validateWithLanguage, hasErrors, type ValidationResult } from './validate/index.ts';
import { writeValidationReports, type ReportRequest } from './report/write-reports.ts';
import { createMarkdownTemplates } from './render/templates.ts';
import { renderMarkdown } from './render/markdown.ts';
import { writeOutputs } from './publish/write-outputs.ts';
import { signalExitCode, summarizePdfRun, withTerminationSignals, writePdfs, type PdfRunOptions, type PdfRunResult } from './pdf/write-pdfs.ts';
import { postingsStage } from './jobboard/stage.ts';
import { siteStage } from './site/stage.ts';
import { readFamiliesAtRevision } from './load/read-git.ts';
import { diffFamilies, type FamilyVersion } from './diff/diff-families.ts';

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
  /** Absolute output directory (default `public`). */
  outDir: string;
  /** Absolute templates directory. */
  templatesDir: string;
  validation: ValidationResult;
  env: Readonly<Record<string, string | undefined>>;
  /** Build date (YYYY-MM-DD) that decided which openings expired; see todayOf. */
  today: string;
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
  return {
    diagnostics: validation.diagnostics,
    context: {
      cwd,
      outDir: path.resolve(cwd, options.outDir),
      templatesDir: path.resolve(cwd, options.templatesDir ?? BUNDLED_TEMPLATES),
      validation,
      env,
      today,
    },
  };
}

/** Renders every family's handbook page(s) and replaces OUT/handbook/ with them as a whole. */
async function writeHandbook(context: BuildContext): Promise<Output[]> {
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
  const where = path.join(path.relative(context.cwd, context.outDir) || '.', 'handbook');
  return { stage: 'handbook', diagnostics: [], summary: `${outputs.length} handbook pages in ${where}` };
};

/** The offer-packet stage: one PDF per level and specialty under OUT/pdf/, incremental, all shards' work. */
export const pdfStage: Stage = async (context) => {
  const result = await withTerminationSignals((signal) => writePdfs(context, { signal }));
  const where = path.join(path.relative(context.cwd, context.outDir) || '.', 'pdf');
  return { stage: 'pdf', diagnostics: result.diagnostics, summary: summarizePdfRun(result, where) };
};

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links PDFs). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage, pdfStage, postingsStage, siteStage];

/** The stages behind each command that runs a part of the build. */
export const COMMAND_STAGES = { build: BUILD_STAGES, postings: [postingsStage], site: [siteStage] } as const;

/** `jobfam pdf`: validates, then runs the PDF stage alone with the command's flags; null result when data is invalid. */
export async function generatePdfs(
  options: BuildOptions & Omit<PdfRunOptions, 'signal' | 'progress'>,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ diagnostics: Diagnostic[]; result: PdfRunResult | null; summary: string; exitCode: number | null }> {
  const prepared = await prepareBuild(options, cwd, env);
  if (!prepared.context) return { diagnostics: prepared.diagnostics, result: null, summary: '', exitCode: null };
  const context = prepared.context;
  let exitCode: number | null = null;
  const result = await withTerminationSignals(async (signal) => {
    const run = await writePdfs(context, { ...options, signal });
    exitCode = signalExitCode(signal);
    return run;
  });
  const where = path.join(path.relative(cwd, context.outDir) || '.', 'pdf');
  return { diagnostics: [...prepared.diagnostics, ...result.diagnostics], result, summary: summarizePdfRun(result, where), exitCode };
}

/** Validates once, then runs every stage; stops at the first stage that reports an error. */
export async function buildAll(
  options: BuildOptions,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  stages: readonly Stage[] = BUILD_STAGES,
): Promise<{ diagnostics: Diagnostic[]; stages: StageResult[] }> {
  const prepared = await prepareBuild(options, cwd, env);
  const results: StageResult[] = [];
  if (!prepared.context) return { diagnostics: prepared.diagnostics, stages: results };
  const diagnostics = [...prepared.diagnostics];
  for (const stage of stages) {
    const result = await stage(prepared.context);
    results.push(result);
    diagnostics.push(...result.diagnostics);
    if (hasErrors(result.diagnostics)) break;
  }
  return { diagnostics, stages: results };
}

/** Validates every family and renders them all, or writes nothing when any file has an error. */
export async function renderFamilies(options: BuildOptions, cwd: string): Promise<RenderResult> {
  const prepared = await prepareBuild(options, cwd);
  if (!prepared.context) return { diagnostics: prepared.diagnostics, outputs: [] };
  return { diagnostics: prepared.diagnostics, outputs: await writeHandbook(prepared.context) };
}

// `jobfam import` and `jobfam init` live in import/run-import.ts: pages in, families directory out.
export { runImport as importPages, initFamiliesDir, type ImportRunResult, type InitResult } from './import/run-import.ts';


export interface DiffResult {
  diagnostics: Diagnostic[];
  changes: Change[];
}

/** The families validated at one revision (`null` = working tree), as diff inputs. Errors keep `families` empty. */
async function familiesAt(revision: string | null, familiesDir: string, cwd: string): Promise<{ diagnostics: Diagnostic[]; families: FamilyVersion[] }> {
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
  return { diagnostics, changes: diffFamilies(before.families, after.families) };
}
