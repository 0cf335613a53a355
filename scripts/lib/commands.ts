// The pipelines behind the CLI. Effects (reading, writing) happen here and in the stages' edges;
// everything between is the pure load → validate → model → render chain (see prepare.ts).
import type { Change, Diagnostic, Output } from './types.ts';
import type { RunOptions } from './config.ts';
import { readFamilies } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { hasErrors } from './validate/index.ts';
import { writeValidationReports, type ReportRequest } from './report/write-reports.ts';
import { createMarkdownTemplates } from './render/templates.ts';
import { renderMarkdown } from './render/markdown.ts';
import { writeOutputs } from './publish/write-outputs.ts';
import { summarizePdfRun, writePdfs, type PdfRunResult } from './pdf/write-pdfs.ts';
import { postingsStage } from './jobboard/stage.ts';
import { siteStage } from './site/stage.ts';
import { readFamiliesAtRevision } from './load/read-git.ts';
import { diffFamilies, type FamilyVersion } from './diff/diff-families.ts';
import { todayOf, type Config } from './config.ts';
import type { Handbook } from './model/handbook.ts';
import { prepareBuild, prepareHandbook } from './prepare.ts';
import { interruptibly, whereOf, type Stage, type StageEffects, type StageResult } from './stage.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Validates the families under `paths`; writes the CI report files `reports` asks for (none by default). */
export async function validatePaths(paths: readonly string[], cwd: string, env: Env = {}, reports: ReportRequest = {}) {
  const input = await readFamilies(paths, cwd);
  const { validation, diagnostics } = prepareHandbook(input, { today: todayOf(env) });
  // `input` too: CI reports list every family file checked and read the YAML for stable fingerprints.
  const result = { ...validation, diagnostics, files: input.families.length, input };
  await writeValidationReports(result, reports, cwd);
  return result;
}

export interface RenderResult {
  diagnostics: Diagnostic[];
  outputs: Output[];
}

/** Renders every family's handbook page(s) and replaces OUT/handbook/ with them as a whole. */
async function writeHandbook(model: Handbook, config: Config): Promise<Output[]> {
  const templates = createMarkdownTemplates(await readTemplates(config.templatesDir));
  const outputs = renderMarkdown(
    model.families.map((f) => ({ relativePath: f.relativePath, family: f.file.family })),
    model.grades,
    templates,
  );
  await writeOutputs(outputs, config.outDir, ['handbook']);
  return outputs;
}

/** The handbook stage: one markdown page per family under OUT/handbook/. */
export const markdownStage: Stage = async (model, config) => {
  const outputs = await writeHandbook(model, config);
  return { stage: 'handbook', diagnostics: [], summary: `${outputs.length} handbook pages in ${whereOf(config, 'handbook')}` };
};

/** The offer-packet stage: one PDF per level and specialty under OUT/pdf/, incremental, all shards' work. */
export const pdfStage: Stage = async (model, config, effects) => {
  const result = await interruptibly(effects, (signal) => writePdfs(model, config, { signal }));
  return { stage: 'pdf', diagnostics: result.diagnostics, summary: summarizePdfRun(result, whereOf(config, 'pdf')) };
};

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links PDFs). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage, pdfStage, postingsStage, siteStage];

/** The stages behind each command that runs a part of the build. */
export const COMMAND_STAGES = { build: BUILD_STAGES, postings: [postingsStage], site: [siteStage] } as const;

/** `jobfam pdf`: validates, then runs the PDF stage alone with the command's flags; null result when data is invalid. */
export async function generatePdfs(
  options: RunOptions,
  cwd: string,
  env: Env,
  effects: StageEffects = {},
): Promise<{ diagnostics: Diagnostic[]; result: PdfRunResult | null; summary: string }> {
  const { diagnostics, prepared } = await prepareBuild(options, cwd, env);
  if (!prepared) return { diagnostics, result: null, summary: '' };
  const result = await interruptibly(effects, (signal) => writePdfs(prepared.model, prepared.config, { signal }));
  return { diagnostics: [...diagnostics, ...result.diagnostics], result, summary: summarizePdfRun(result, whereOf(prepared.config, 'pdf')) };
}

/** Validates once, then runs every stage; stops at the first stage that reports an error. */
export async function buildAll(
  options: RunOptions,
  cwd: string,
  env: Env,
  stages: readonly Stage[] = BUILD_STAGES,
  effects: StageEffects = {},
): Promise<{ diagnostics: Diagnostic[]; stages: StageResult[] }> {
  const { diagnostics: found, prepared } = await prepareBuild(options, cwd, env);
  const results: StageResult[] = [];
  if (!prepared) return { diagnostics: found, stages: results };
  const diagnostics = [...found];
  for (const stage of stages) {
    const result = await stage(prepared.model, prepared.config, effects);
    results.push(result);
    diagnostics.push(...result.diagnostics);
    if (hasErrors(result.diagnostics)) break;
  }
  return { diagnostics, stages: results };
}

/** Validates every family and renders them all, or writes nothing when any file has an error. */
export async function renderFamilies(options: RunOptions, cwd: string, env: Env = {}): Promise<RenderResult> {
  const { diagnostics, prepared } = await prepareBuild(options, cwd, env);
  if (!prepared) return { diagnostics, outputs: [] };
  return { diagnostics, outputs: await writeHandbook(prepared.model, prepared.config) };
}

export interface DiffResult {
  diagnostics: Diagnostic[];
  changes: Change[];
}

/** The families validated at one revision (`null` = working tree), as diff inputs. Errors keep `families` empty. */
async function familiesAt(revision: string | null, familiesDir: string, cwd: string): Promise<{ diagnostics: Diagnostic[]; families: FamilyVersion[] }> {
  const input = await readFamiliesAtRevision(revision, familiesDir, cwd);
  if (!input) return { diagnostics: [], families: [] };
  const { diagnostics, model } = prepareHandbook(input, { today: null });
  if (!model) return { diagnostics, families: [] };
  return { diagnostics, families: model.families.map((f) => ({ slug: f.slug, path: f.relativePath, family: f.file.family })) };
}

/** `jobfam diff`: the semantic changes to the families between two revisions; git only reads them. */
export async function diffRevisions(options: { from: string; to: string | null; familiesDir: string }, cwd: string): Promise<DiffResult> {
  const [before, after] = await Promise.all([familiesAt(options.from, options.familiesDir, cwd), familiesAt(options.to, options.familiesDir, cwd)]);
  const diagnostics = [...before.diagnostics, ...after.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, changes: [] };
  return { diagnostics, changes: diffFamilies(before.families, after.families) };
}

