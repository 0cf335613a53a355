// Decides what `jobfam import` makes of a set of handbook pages, before anything is written: which
// files are pages, which are left alone (with a note), how Hugo section folders group, and the path
// and name of every family. Pure: the pages come in as text, the grade table as a parameter.
import path from 'node:path';
import { diagnostic } from '../errors.ts';
import { parseDocument } from 'yaml';
import { parseYaml } from '../load/parse-yaml.ts';
import { indentContinuationLines } from '../model/front-matter.ts';
import { depthOf, MAX_NESTING } from '../load/input-limits.ts';
import type { Diagnostic, Grade, JobFamily } from '../types.ts';
import { hasJobContent, importPage, type ImportResult } from './import-page.ts';
import { parseMarkdownPage } from './markdown-page.ts';
import { pageExtension, type PageInput } from './page-input.ts';
import { importSplitFamily, isSplitFamilyIndex } from './split-family.ts';
import { keepBrokenLinks } from './kept-links.ts';

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

/** What a markdown file is, by its format: a page has front matter, or job content under its headings
 *  (a Responsibilities, Requirements, Job Grade... section); a bare section index has nothing below its front matter. */
export function pageKind(name: string, text: string): PageKind {
  if (text.trim() === '') return 'empty';
  const page = parseMarkdownPage(text);
  const front = page.frontMatterYaml !== null;
  if (!front && !hasJobContent(page)) return 'not-a-page';
  if (front && isSectionIndex(name) && page.blocks.length === 0) return 'bare-index';
  return 'page';
}

/** What `handbook.file` may hold (the schema's pattern). */
const PAGE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** "index.html.md.erb" → "index.html": the page's file name as render writes it back (it adds the extension). */
const pageFileName = (name: string) => path.posix.basename(name).replace(/\.md(\.erb)?$/i, '');

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
      const hostile = unreadableFrontMatter(page);
      if (hostile) diagnostics.push(hostile);
      else candidates.push(page);
    }
  }

  // A folder whose _index.md holds what all its levels share is one split family; the other pages
  // of the folder are its levels, whether found by folder search or named one by one.
  const siblingsOf = (index: PageInput) => candidates.filter((p) => p !== index && p.folder === index.folder && sameDir(p, index));
  const splitIndexes = candidates.filter(
    (p) => isSectionIndex(p.name) && (isSplitFamilyIndex(p.text) || holdsOnlyFamilyWideSections(p, siblingsOf(p), grades)),
  );
  const inSplit = new Set<PageInput>();
  const families: PlannedFamily[] = [];
  for (const index of splitIndexes) {
    const levels = siblingsOf(index);
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
  for (const planned of families) diagnostics.push(...keepBrokenLinks(planned.family, planned.sources));
  return { families: families.sort((a, b) => a.path.localeCompare(b.path)), diagnostics };
}

/** Front matter that cannot be read: an alias bomb or absurd nesting (reported as validate reports it in
 *  a YAML file), or YAML that does not parse even as Hugo reads it (an unclosed quote in `title:`).
 *  Either is an error at its line: the page's title and keys would otherwise be lost without a word. */
function unreadableFrontMatter(page: PageInput): Diagnostic | null {
  const text = parseMarkdownPage(page.text).frontMatterYaml;
  if (text === null) return null;
  const parsed = parseYaml({ path: page.file, relativePath: page.name, text });
  const found = parsed.diagnostics.find((d) => d.code === 'yaml-alias-bomb' || d.code === 'file-too-deep');
  if (found) return { ...found, line: found.line + 1 };
  const syntax = parsed.diagnostics.find((d) => d.code === 'yaml-syntax' || d.code === 'yaml-duplicate-key');
  // Hugo reads unindented continuation lines of a quoted value; so does the importer.
  if (!syntax || parseDocument(indentContinuationLines(text)).errors.length === 0) return null;
  const detail = syntax.message.replace(/^The file is not valid YAML: /, '').replace(/\.$/, '');
  return diagnostic('import-front-matter', { file: page.file, line: syntax.line + 1, column: syntax.column }, { detail });
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

/**
 * A section index without levels of its own (only family-wide sections: performance indicators, career
 * ladder, hiring process...; no Job Grade) whose siblings are each one graded level: one split family,
 * not a page of its own. An index of prose only (no job section) stays a page, whatever lies beside it.
 */
function holdsOnlyFamilyWideSections(index: PageInput, siblings: readonly PageInput[], grades: readonly Grade[]): boolean {
  if (siblings.length === 0 || !hasJobContent(parseMarkdownPage(index.text))) return false;
  const own = importSafely(index, grades);
  if ('code' in own || own.family.levels.length > 0) return false;
  return siblings.every((page) => {
    const imported = importSafely(page, grades);
    return !('code' in imported) && imported.family.levels.length === 1 && imported.family.levels[0]!.grade !== null;
  });
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
    // The page comes back where it came from (the bot reconciles pages by path): a Middleman-era
    // <slug>/index.html.md, or a page whose family was renamed, names its file in the layout.
    // A page that came as .md.erb (or .MD) keeps that extension too.
    const extension = pageExtension(f.page.name);
    const own = extension !== undefined ? pageFileName(f.page.name) : slug;
    if (f.family.handbook && f.family.handbook.file === undefined && own !== slug && PAGE_FILE.test(own)) f.family.handbook.file = own;
    if (f.family.handbook && extension !== undefined && extension !== '.md') f.family.handbook.extension = extension;
    if (prefixes.get(f)! > 0) {
      diagnostics.push(diagnostic('import-renamed', { file: f.page.file, line: 1, column: 1 }, { slug: slugOf(f, 0), other: slug }, 'warning'));
    }
  }
}
