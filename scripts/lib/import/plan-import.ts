// Decides what `jobfam import` makes of a set of handbook pages, before anything is written: which
// files are pages, which are left alone (with a note), how Hugo section folders group, and the path
// and name of every family. Pure: the pages come in as text, the grade table as a parameter.
import path from 'node:path';
import { diagnostic } from '../errors.ts';
import { parseYaml } from '../load/parse-yaml.ts';
import { depthOf, MAX_NESTING } from '../load/input-limits.ts';
import type { Diagnostic, Grade, JobFamily } from '../types.ts';
import { hasJobContent, importPage, type ImportResult } from './import-page.ts';
import type { PageInput } from './page-input.ts';
import { importSplitFamily, isSplitFamilyIndex } from './split-family.ts';

export type { PageInput };

export interface PlannedFamily {
  /** Path of the YAML under --out, forward slashes. */
  path: string;
  family: JobFamily;
  /** The page (the section index, for a split family) problems are reported at. */
  page: PageInput;
  result: Omit<ImportResult, 'family'>;
  /** Pages the family was made from. */
  sources: PageInput[];
}

export interface ImportPlan {
  families: PlannedFamily[];
  /** Notes and errors about pages that are not imported, and every page's import warnings. */
  diagnostics: Diagnostic[];
}

export type PageKind = 'empty' | 'not-a-page' | 'bare-index' | 'page';

const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/;

/** What a markdown file is, by its format: a page has front matter, or job content under its headings
 *  (a Responsibilities, Requirements, Job Grade... section); a bare section index has nothing below its front matter. */
export function pageKind(name: string, text: string): PageKind {
  if (text.trim() === '') return 'empty';
  const front = FRONT_MATTER.exec(text);
  const body = front ? text.slice(front[0].length) : text;
  if (!front && !hasJobContent(body)) return 'not-a-page';
  if (front && isSectionIndex(name) && body.trim() === '') return 'bare-index';
  return 'page';
}

export const isSectionIndex = (name: string) => /^_index\.md$/i.test(name);

/** "area-sales-manager.md" → "area-sales-manager"; "index.html.md.erb" → "index"; a section's _index.md → its folder's name. */
export function slugOfPage(page: Pick<PageInput, 'folder' | 'name' | 'file'>): string {
  const base = path.posix.basename(page.name).replace(/\..*$/, '');
  if (base !== '_index' && base !== 'index') return base;
  const folder = path.posix.basename(page.folder) || path.basename(path.dirname(path.resolve(page.file)));
  return folder || base;
}

export function planImport(pages: readonly PageInput[], grades: readonly Grade[], takenSlugs: ReadonlySet<string> = new Set()): ImportPlan {
  const diagnostics: Diagnostic[] = [];
  const at = (page: PageInput) => ({ file: page.file, line: 1, column: 1 });
  const candidates: PageInput[] = [];
  for (const page of pages) {
    const kind = pageKind(page.name, page.text);
    if (kind === 'empty') diagnostics.push(diagnostic('page-empty', at(page), { file: page.file }));
    else if (kind === 'not-a-page') {
      const found = page.named ? 'command line' : 'folder';
      diagnostics.push(diagnostic('import-not-a-page', at(page), { found }, page.named ? 'error' : 'warning'));
    } else if (kind === 'bare-index') diagnostics.push(diagnostic('import-bare-index', at(page), {}, 'warning'));
    else {
      const hostile = hostileFrontMatter(page);
      if (hostile) diagnostics.push(hostile);
      else candidates.push(page);
    }
  }

  // A folder whose _index.md holds what all its levels share is one split family; the other pages
  // of the folder are its levels, whether found by folder search or named one by one.
  const splitIndexes = candidates.filter((p) => isSectionIndex(p.name) && isSplitFamilyIndex(p.text));
  const inSplit = new Set<PageInput>();
  const families: PlannedFamily[] = [];
  for (const index of splitIndexes) {
    const levels = candidates.filter((p) => p !== index && p.folder === index.folder && sameDir(p, index));
    if (levels.length === 0) continue; // an index imported without its level pages is a page of its own
    inSplit.add(index);
    for (const level of levels) inSplit.add(level);
    const split = importSplitFamily(index, levels, grades);
    diagnostics.push(...split.warnings);
    families.push({ path: '', family: split.family, page: index, result: split, sources: [index, ...levels] });
  }
  for (const page of candidates) {
    if (inSplit.has(page)) continue;
    const imported = importSafely(page, grades);
    if ('code' in imported) {
      diagnostics.push(imported);
      continue;
    }
    const { family, ...result } = imported;
    diagnostics.push(...result.warnings);
    if (isSectionIndex(page.name) && family.handbook) family.handbook.file = '_index';
    families.push({ path: '', family, page, result, sources: [page] });
  }
  nameFamilies(families, takenSlugs, diagnostics);
  return { families: families.sort((a, b) => a.path.localeCompare(b.path)), diagnostics };
}

/** An alias bomb or absurd nesting in the page's front matter, reported as validate reports it in a YAML file. */
function hostileFrontMatter(page: PageInput): Diagnostic | null {
  const front = FRONT_MATTER.exec(page.text);
  if (!front) return null;
  const parsed = parseYaml({ path: page.file, relativePath: page.name, text: front[1] ?? '' });
  const found = parsed.diagnostics.find((d) => d.code === 'yaml-alias-bomb' || d.code === 'file-too-deep');
  return found ? { ...found, line: found.line + 1 } : null;
}

/** importPage never throws for real pages; should a page still break it, that page is an error, not a crash. */
function importSafely(page: PageInput, grades: readonly Grade[]): ImportResult | Diagnostic {
  try {
    const result = importPage(page.file, page.text, grades);
    // Lists nested past any real page's depth would nest the YAML past what validate reads.
    if (depthOf(result.family) > MAX_NESTING) {
      const deep = page.text.split('\n').findIndex((line) => /^\s{32,}[-*+]\s/.test(line));
      return diagnostic('file-too-deep', { file: page.file, line: deep + 1 || 1, column: 1 }, { limit: MAX_NESTING });
    }
    return result;
  } catch (error) {
    const detail = error instanceof RangeError ? 'it is nested too deeply to read' : (error as Error).message.split('\n')[0]!;
    return diagnostic('import-invalid', { file: page.file, line: 1, column: 1 }, { code: 'import', detail });
  }
}

function sameDir(a: PageInput, b: PageInput): boolean {
  return path.dirname(path.resolve(a.file)) === path.dirname(path.resolve(b.file));
}

/** Gives every family a path under --out and a slug no other family has: pages and PDFs are named by slug.
 *  A name taken twice is made unique with the names of the folders above it, the section index first. */
function nameFamilies(families: PlannedFamily[], taken: ReadonlySet<string>, diagnostics: Diagnostic[]): void {
  const slugOf = (f: PlannedFamily, prefix: number) => {
    const folders = f.page.folder.split('/').filter(Boolean);
    const own = isSectionIndex(f.page.name) ? folders.slice(0, -1) : folders;
    const parts = [...own.slice(Math.max(0, own.length - prefix)), slugOfPage(f.page)];
    return parts.join('-');
  };
  const prefixes = new Map<PlannedFamily, number>(families.map((f) => [f, 0]));
  const ordered = [...families].sort((a, b) => Number(isSectionIndex(b.page.name)) - Number(isSectionIndex(a.page.name)) || a.page.file.localeCompare(b.page.file));
  for (let round = 0; round < 8; round++) {
    const bySlug = new Map<string, PlannedFamily[]>();
    for (const f of families) {
      const slug = slugOf(f, prefixes.get(f)!);
      bySlug.set(slug, [...(bySlug.get(slug) ?? []), f]);
    }
    let changed = false;
    for (const [slug, group] of bySlug) {
      const clash = taken.has(slug) ? group : group.length > 1 ? ordered.filter((f) => group.includes(f)).slice(0, group.length - 1) : [];
      for (const f of clash) {
        prefixes.set(f, prefixes.get(f)! + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const f of families) {
    const slug = slugOf(f, prefixes.get(f)!);
    f.path = [f.page.folder, `${slug}.yml`].filter(Boolean).join('/');
    if (prefixes.get(f)! > 0) {
      diagnostics.push(diagnostic('import-renamed', { file: f.page.file, line: 1, column: 1 }, { slug: slugOf(f, 0), other: slug }, 'warning'));
    }
  }
}
