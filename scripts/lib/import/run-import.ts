// `jobfam import` and `jobfam init` at the edge: find the pages (files, or folders searched for
// markdown), make --out a families directory when it is not one yet, plan the import (pure), check
// every family against the directory it lands in, and write only the valid ones.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic, PipelineError } from '../errors.ts';
import { unreadableText } from '../load/input-limits.ts';
import { findFamiliesRoot, readFamilies, readLimited, readSource, sourceFile } from '../load/read-families.ts';
import { validateFamilies } from '../validate/index.ts';
import { safeOutputPath } from '../publish/write-outputs.ts';
import type { Diagnostic, Output } from '../types.ts';
import { familyToYaml } from './to-yaml.ts';
import { planImport, slugOfPage, type PageInput, type PlannedFamily } from './plan-import.ts';

const BUNDLED_FAMILIES = fileURLToPath(new URL('../../../job-families/', import.meta.url));

/** What makes a folder a families directory; `init` writes the missing ones. */
export const STARTER_FILES = ['_grades.yml', '_config.yml', 'job-family.schema.json', 'grades.schema.json', 'config.schema.json'] as const;

export interface InitResult {
  dir: string;
  written: string[];
  kept: string[];
}

/** Makes `dir` a families directory: copies the standard grade table, config and JSON Schemas it lacks. */
export async function initFamiliesDir(dir: string, cwd: string): Promise<InitResult> {
  const target = path.resolve(cwd, dir);
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  for (const name of STARTER_FILES) {
    const file = path.join(target, name);
    if (existsSync(file)) kept.push(name);
    else {
      await copyFile(path.join(BUNDLED_FAMILIES, name), file);
      written.push(name);
    }
  }
  return { dir: path.relative(cwd, target) || '.', written, kept };
}

export interface ImportRunResult {
  diagnostics: Diagnostic[];
  /** The YAML files written. */
  outputs: Output[];
  /** Set when --out was not a families directory and import made it one. */
  initialised: InitResult | null;
  /** Pages read (files that were markdown job-family candidates). */
  pages: number;
}

const isMarkdown = (name: string) => /\.md(\.erb)?$/i.test(name);

/** Pages named on the command line, and the markdown files under named folders (their sub-folders kept). */
export async function collectPages(inputs: readonly string[], cwd: string): Promise<{ pages: PageInput[]; diagnostics: Diagnostic[] }> {
  const pages: PageInput[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = async (full: string, folder: string, named: boolean) => {
    if (seen.has(full)) return;
    seen.add(full);
    const file = path.relative(cwd, full) || full;
    const { text, bytes, unreadable: found } = await readLimited(full);
    const unreadable = unreadableText(file, text, bytes, found);
    if (unreadable) diagnostics.push(unreadable);
    else pages.push({ file, folder, name: path.basename(full), named, text });
  };
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    const info = await stat(full).catch(() => null);
    if (!info) throw new PipelineError('path-missing', `${input} does not exist.`);
    if (!info.isDirectory()) {
      await add(full, '', true);
      continue;
    }
    const entries = await readdir(full, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && isMarkdown(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => !path.relative(full, f).split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
      .sort();
    for (const f of files) await add(f, path.relative(full, path.dirname(f)).split(path.sep).join('/'), false);
  }
  return { pages, diagnostics };
}

/** Imports handbook pages into `outDir`; a family that would not validate where it lands is reported at its page and not written. */
export async function runImport(inputs: readonly string[], outDir: string, cwd: string): Promise<ImportRunResult> {
  const out = path.resolve(cwd, outDir);
  const collected = await collectPages(inputs, cwd);
  // The families directory the pages join decides the grade table and the schema path; a folder
  // that is none yet becomes one, so the next command (render, validate) works on it as it is.
  const initialised = findFamiliesRoot(out) ? null : await initFamiliesDir(out, cwd);
  const root = findFamiliesRoot(out)!;
  const missingSchemas = STARTER_FILES.filter((name) => name.endsWith('.json') && !existsSync(path.join(root, name)));
  for (const name of missingSchemas) await copyFile(path.join(BUNDLED_FAMILIES, name), path.join(root, name));

  const grades = await readSource(path.join(root, '_grades.yml'), root, cwd);
  const config = existsSync(path.join(root, '_config.yml')) ? await readSource(path.join(root, '_config.yml'), root, cwd) : null;
  const gradeTable = validateFamilies({ root, families: [], grades, config: null }).grades;
  const existing = (await readFamilies([root], cwd)).families;

  // Files this import replaces do not count as other families.
  const replaced = new Set(collected.pages.map((p) => path.join(out, p.folder, `${slugOfPage(p)}.yml`)));
  const others = existing.filter((f) => !replaced.has(path.resolve(cwd, f.path)));
  const takenSlugs = new Set(others.map((f) => path.posix.basename(f.relativePath).replace(/\.ya?ml$/, '')));
  const plan = planImport(collected.pages, gradeTable, takenSlugs);

  const candidates = plan.families.map((planned) => {
    const target = safeOutputPath(out, planned.path);
    const schemaPath = path.relative(path.dirname(target), path.join(root, 'job-family.schema.json')).split(path.sep).join('/');
    const content = familyToYaml(planned.family, schemaPath);
    return { planned, target, content, source: sourceFile(target, root, cwd, content) };
  });
  const check = validateFamilies({
    root: path.relative(cwd, root) || '.',
    families: [...others.filter((f) => !candidates.some((c) => c.source.path === f.path)), ...candidates.map((c) => c.source)],
    grades,
    config,
  });
  const diagnostics: Diagnostic[] = [...collected.diagnostics, ...plan.diagnostics];
  const outputs: Output[] = [];
  for (const candidate of candidates) {
    const errors = check.diagnostics.filter((d) => d.file === candidate.source.path && d.severity === 'error');
    if (errors.length > 0) {
      diagnostics.push(...errors.map((error) => atPage(error, candidate.planned)));
      continue;
    }
    await mkdir(path.dirname(candidate.target), { recursive: true });
    await writeFile(candidate.target, candidate.content);
    outputs.push({ path: path.relative(out, candidate.target).split(path.sep).join('/'), content: candidate.content });
  }
  return { diagnostics, outputs, initialised, pages: collected.pages.length };
}

/** A problem found in the YAML, reported at the part of the page it came from. */
function atPage(error: Diagnostic, planned: PlannedFamily): Diagnostic {
  const lines = planned.result.sourceLines;
  const pointer = error.pointer ?? '';
  const owner = Object.keys(lines)
    .filter((prefix) => pointer === prefix || pointer.startsWith(`${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
  const file = (owner && planned.result.sourceFiles?.[owner]) || planned.page.file;
  const at = { file, line: owner ? lines[owner]! : 1, column: 1 };
  return diagnostic('import-invalid', at, { code: error.code, detail: error.message.replace(/\.$/, '') });
}

