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

/** Validates every family and renders them all, or writes nothing when any file has an error. */
export async function renderFamilies(
  options: { familiesDir: string; outDir: string; templatesDir?: string | undefined },
  cwd: string,
): Promise<RenderResult> {
  const input = await readFamilies([options.familiesDir], cwd);
  const result = validateFamilies(input);
  if (hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics, outputs: [] };
  const templates = createMarkdownTemplates(await readTemplates(path.resolve(cwd, options.templatesDir ?? BUNDLED_TEMPLATES)));
  const outputs = renderMarkdown(
    result.families.map((f) => ({ relativePath: f.source.relativePath, family: f.family })),
    result.grades,
    templates,
  );
  await writeOutputs(outputs, path.resolve(cwd, options.outDir), ['handbook']);
  return { diagnostics: result.diagnostics, outputs };
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
