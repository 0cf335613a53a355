// The three pipelines behind the CLI. Effects (reading, writing) happen here at the edges; everything
// between is the pure load → validate → model → render chain.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from './errors.ts';
import type { Diagnostic, Output, SourceFile } from './types.ts';
import { findFamiliesRoot, readFamilies, readSource, sourceFile } from './load/read-families.ts';
import { readTemplates } from './load/read-templates.ts';
import { validateFamilies, hasErrors, type ValidationResult } from './validate/index.ts';
import { importPage } from './import/import-page.ts';
import { familyToYaml } from './import/to-yaml.ts';
import { createMarkdownTemplates } from './render/templates.ts';
import { renderMarkdown } from './render/markdown.ts';
import { safeOutputPath, writeOutputs } from './publish/write-outputs.ts';
import { postingsStage } from './jobboard/stage.ts';
import { siteStage } from './site/stage.ts';

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

export async function validatePaths(
  paths: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<ValidationResult & { files: number }> {
  const input = await readFamilies(paths, cwd);
  return { ...validateFamilies(input, { today: todayOf(env) }), files: input.families.length };
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
  const validation = validateFamilies(input, { today });
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

/** Every stage `jobfam build` runs, in order. Later stages may read what earlier ones wrote (the catalog links PDFs). */
export const BUILD_STAGES: readonly Stage[] = [markdownStage, postingsStage, siteStage];

/** The stages behind each command that runs a part of the build. */
export const COMMAND_STAGES = { build: BUILD_STAGES, postings: [postingsStage], site: [siteStage] } as const;

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

/** "area-sales-manager.md" → "area-sales-manager"; "index.html.md.erb" → "index". */
export function slugOfPage(file: string): string {
  return path.basename(file).replace(/\..*$/, '');
}

/** Imports handbook pages into `outDir`, then validates what it wrote against the families it joins. */
export async function importPages(files: readonly string[], outDir: string, cwd: string): Promise<RenderResult> {
  const out = path.resolve(cwd, outDir);
  // The families directory the pages join decides the grade table and the schema path; outside
  // any, the bundled one does.
  const root = findFamiliesRoot(out) ?? BUNDLED_FAMILIES;
  const grades = await readSource(path.join(root, '_grades.yml'), root, cwd);
  const gradeTable = validateFamilies({ root, families: [], grades, config: null }).grades;
  const schemaPath = path.relative(out, path.join(root, 'job-family.schema.json')).split(path.sep).join('/');
  const pages = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.resolve(cwd, file), 'utf8').catch(() => {
        throw new PipelineError('path-missing', `${file} does not exist.`);
      });
      return { file, ...importPage(file, text, gradeTable) };
    }),
  );
  const outputs: Output[] = pages.map(({ file, family }) => ({
    path: `${slugOfPage(file)}.yml`,
    content: familyToYaml(family, schemaPath),
  }));
  await mkdir(out, { recursive: true });
  const written: SourceFile[] = [];
  for (const output of outputs) {
    const target = safeOutputPath(out, output.path);
    await writeFile(target, output.content);
    written.push(sourceFile(target, root, cwd, String(output.content)));
  }
  const check = validateFamilies({ root: path.relative(cwd, root) || '.', families: written, grades, config: null });
  return { diagnostics: [...pages.flatMap((p) => p.warnings), ...check.diagnostics], outputs };
}
