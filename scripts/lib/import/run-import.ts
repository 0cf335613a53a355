// `jobfam import` and `jobfam init` at the edge: find the pages (files, or folders searched for
// markdown), make --out a families directory when it is not one yet, plan the import (pure), check
// every family against the directory it lands in, and write only the valid ones.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import path from 'node:path';
import { BUNDLED_FAMILIES } from '../config.ts';
import { diagnostic, PipelineError } from '../errors.ts';
import { unreadableText } from '../load/input-limits.ts';
import { findFamiliesRoot, readFamilies, readLimited, readSource, sourceFile } from '../load/read-families.ts';
import { validateFamilies } from '../validate/index.ts';
import { safeOutputPath, writeFilesInPlace } from '../publish/write-outputs.ts';
import type { Diagnostic, Grade, Output } from '../types.ts';
import { familyToYaml } from './to-yaml.ts';
import { planImport, slugOfPage, type PageInput, type PlannedFamily } from './plan-import.ts';


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
      if (name === '_config.yml') await writeFile(file, starterConfig(await readFile(path.join(BUNDLED_FAMILIES, name), 'utf8')));
      else await copyFile(path.join(BUNDLED_FAMILIES, name), file);
      written.push(name);
    }
  }
  return { dir: path.relative(cwd, target) || '.', written, kept };
}

/** The bundled config for a new directory: its language exemptions name the bundled families, which a
 *  new directory does not hold (each would be reported as unused), so they are left out. */
function starterConfig(bundled: string): string {
  const doc = parseDocument(bundled);
  doc.deleteIn(['language', 'exemptions']);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
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
    // A Hugo section folder given directly (it has an _index.md) keeps its name: its pages are
    // published under <folder>/, so they come back there, not at the handbook's root.
    const section = existsSync(path.join(full, '_index.md')) ? path.basename(full) : '';
    for (const f of files) {
      const folder = [section, path.relative(full, path.dirname(f)).split(path.sep).join('/')].filter(Boolean).join('/');
      await add(f, folder, false);
    }
  }
  return { pages, diagnostics };
}

export interface ImportOptions {
  /** Replace existing files whose content differs; without it each is reported and skipped. */
  force?: boolean;
}

/** Imports handbook pages into `outDir`; a family that would not validate where it lands is reported at its page and not written. */
export async function runImport(inputs: readonly string[], outDir: string, cwd: string, options: ImportOptions = {}): Promise<ImportRunResult> {
  const out = path.resolve(cwd, outDir);
  const collected = await collectPages(inputs, cwd);
  // The families directory the pages join decides the grade table and the schema path; a folder
  // that is none yet becomes one, so the next command (render, validate) works on it as it is.
  const initialised = findFamiliesRoot(out) ? null : await initFamiliesDir(out, cwd);
  const root = findFamiliesRoot(out)!;
  const missingSchemas = STARTER_FILES.filter((name) => name.endsWith('.json') && !existsSync(path.join(root, name)));
  for (const name of missingSchemas) await copyFile(path.join(BUNDLED_FAMILIES, name), path.join(root, name));

  const gradesPath = path.join(root, '_grades.yml');
  let grades = await readSource(gradesPath, root, cwd);
  const config = existsSync(path.join(root, '_config.yml')) ? await readSource(path.join(root, '_config.yml'), root, cwd) : null;
  const tables = validateFamilies({ root: path.relative(cwd, root) || '.', families: [], grades, config });
  // A broken grade table or config would make every family fail (or the next validate): say so, write nothing.
  const broken = tables.diagnostics.filter((d) => d.severity === 'error');
  if (broken.length > 0) return { diagnostics: [...collected.diagnostics, ...broken], outputs: [], initialised, pages: collected.pages.length };
  const existing = (await readFamilies([root], cwd)).families;

  // Files this import replaces do not count as other families.
  const replaced = new Set(collected.pages.map((p) => path.join(out, p.folder, `${slugOfPage(p)}.yml`)));
  const others = existing.filter((f) => !replaced.has(path.resolve(cwd, f.path)));
  const takenSlugs = new Set(others.map((f) => path.posix.basename(f.relativePath).replace(/\.ya?ml$/, '')));
  let plan = planImport(collected.pages, tables.grades, takenSlugs);
  const diagnostics: Diagnostic[] = [...collected.diagnostics];

  // A directory import made holds every grade the pages use (an intern page at grade 4): each added
  // grade is reported. Into an existing directory an unknown grade stays the located error it is.
  if (initialised) {
    const added = gradesToAdd(plan.families, tables.grades);
    if (added.length > 0) {
      const text = withGrades(grades.text, added, tables.grades[0]?.link ?? '/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades');
      await writeFilesInPlace([{ path: '_grades.yml', content: text }], root);
      grades = await readSource(gradesPath, root, cwd);
      plan = planImport(collected.pages, validateFamilies({ root, families: [], grades, config: null }).grades, takenSlugs);
      diagnostics.push(...added.map((a) => diagnostic('import-grade-added', a.at, { grade: a.grade, file: path.relative(cwd, gradesPath) }, 'warning')));
    }
  }
  diagnostics.push(...plan.diagnostics);

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
  const outputs: Output[] = [];
  for (const candidate of candidates) {
    const errors = check.diagnostics.filter((d) => d.file === candidate.source.path && d.severity === 'error');
    if (errors.length > 0) {
      diagnostics.push(...errors.map((error) => atPage(error, candidate.planned)));
      continue;
    }
    const before = await readFile(candidate.target, 'utf8').catch(() => null);
    if (before === candidate.content) continue; // already imported, nothing to replace
    if (before !== null && !options.force) {
      const at = { file: candidate.planned.page.file, line: 1, column: 1 };
      diagnostics.push(diagnostic('import-would-replace', at, { file: path.relative(cwd, candidate.target) }));
      continue;
    }
    outputs.push({ path: path.relative(out, candidate.target).split(path.sep).join('/'), content: candidate.content });
  }
  await writeFilesInPlace(outputs, out);
  return { diagnostics, outputs, initialised, pages: collected.pages.length };
}

interface AddedGrade {
  grade: number;
  /** The first page line that gives the grade. */
  at: { file: string; line: number; column: number };
}

/** Grades the planned families use that the table lacks, each with where it is first used. */
function gradesToAdd(families: readonly PlannedFamily[], table: readonly Grade[]): AddedGrade[] {
  const added = new Map<number, AddedGrade>();
  for (const planned of families) {
    planned.family.levels.forEach((level, i) => {
      if (level.grade === null || level.grade === undefined || table.some((g) => g.grade === level.grade) || added.has(level.grade)) return;
      const pointer = `/levels/${i}`;
      const file = planned.result.sourceFiles?.[pointer] ?? planned.page.file;
      added.set(level.grade, { grade: level.grade, at: { file, line: planned.result.sourceLines[pointer] ?? 1, column: 1 } });
    });
  }
  return [...added.values()].sort((a, b) => a.grade - b.grade);
}

/** The grade table's text with one entry per added grade, in ascending order, written as the bundled table writes them. */
export function withGrades(text: string, added: readonly { grade: number }[], link: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  for (const { grade } of added) {
    const entry = `  - { grade: ${grade}, label: Grade ${grade}, link: ${link} }`;
    const entries = lines.flatMap((line, i) => {
      const m = /^\s*-\s*\{\s*grade:\s*(\d+)/.exec(line);
      return m ? [{ i, grade: Number(m[1]) }] : [];
    });
    const after = entries.find((e) => e.grade > grade);
    const at = after ? after.i : (entries[entries.length - 1]?.i ?? lines.length - 1) + 1;
    lines.splice(at, 0, entry);
  }
  return `${lines.join('\n')}\n`;
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

