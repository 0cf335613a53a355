// The three pipelines behind the CLI. Effects (reading, writing) happen here at the edges; everything
// between is the pure load → validate → model → render chain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Output } from './types.ts';
import { readFamilies } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { validateFamilies, hasErrors, type ValidationResult } from './validate/index.ts';
import { createMarkdownTemplates } from './render/templates.ts';
import { renderMarkdown } from './render/markdown.ts';
import { writeOutputs } from './publish/write-outputs.ts';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLED_TEMPLATES = path.join(PACKAGE_DIR, 'templates');
export const BUNDLED_FAMILIES = path.join(PACKAGE_DIR, 'job-families');

export async function validatePaths(paths: readonly string[], cwd: string): Promise<ValidationResult & { files: number }> {
  const input = await readFamilies(paths, cwd);
  return { ...validateFamilies(input), files: input.families.length };
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
  const validation = validateFamilies(input);
  if (hasErrors(validation.diagnostics)) return { diagnostics: validation.diagnostics, context: null };
  return {
    diagnostics: validation.diagnostics,
    context: {
      cwd,
      outDir: path.resolve(cwd, options.outDir),
      templatesDir: path.resolve(cwd, options.templatesDir ?? BUNDLED_TEMPLATES),
      validation,
      env,
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

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links PDFs). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage];

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
