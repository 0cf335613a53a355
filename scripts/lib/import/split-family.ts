// A split family: a Hugo section folder whose _index.md holds what all levels share and whose other
// pages are each one level of it (engineering/backend/: _index.md, associate.md, senior.md...).
// Imported as ONE family whose levels come from the level pages; each level page's layout is kept as
// a further page of the family, so render writes the same set of files back. Pure.
import path from 'node:path';
import type { Diagnostic, Grade, HandbookPage, JobFamily, Level, OutlineNode } from '../types.ts';
import { importPage, type ImportResult } from './import-page.ts';
import { parseMarkdownPage } from './markdown-page.ts';
import { pageExtension, type PageInput } from './page-input.ts';

const SHARED_LIST = /\b(responsibilities|requirements)\s*:?\s*$/i;
const GRADE = /\bjob grades?\s*:?\s*$/i;

/**
 * An index page that opens with what all its levels share: a Responsibilities or Requirements
 * section comes before any Job Grade section. A section index whose first list sections belong to a
 * level of its own (a "## Levels" page) is a family page of its own instead.
 */
export function isSplitFamilyIndex(text: string): boolean {
  for (const block of parseMarkdownPage(text).blocks) {
    if (block.kind !== 'heading') continue;
    if (GRADE.test(block.text)) return false;
    if (SHARED_LIST.test(block.text.replace(/\*\*|__/g, ''))) return true;
  }
  return false;
}

export function importSplitFamily(index: PageInput, levelPages: readonly PageInput[], grades: readonly Grade[]): ImportResult {
  const shared = importPage(index.file, index.text, grades, 'index');
  const family: JobFamily = shared.family;
  const warnings: Diagnostic[] = [...shared.warnings];
  const sourceLines: Record<string, number> = { ...shared.sourceLines };
  const sourceFiles: Record<string, string> = {};
  const imported = levelPages.map((page) => ({ page, ...importPage(page.file, page.text, grades, 'level') }));
  // Junior to senior by grade; pages without a grade keep their place after the one before them.
  let last = -Infinity;
  const ordered = imported
    .map((entry, order) => {
      const grade = entry.family.levels[0]?.grade ?? null;
      if (grade !== null) last = grade;
      return { ...entry, order, key: last };
    })
    .sort((a, b) => a.key - b.key || a.order - b.order);

  const pages: HandbookPage[] = [];
  // Levels and specialties share one id space; the index's specialties keep theirs.
  const ids = new Set<string>(family.specialties.map((sp) => sp.id));
  for (const entry of ordered) {
    warnings.push(...entry.warnings);
    const level = entry.family.levels[0]!;
    const layout = entry.family.handbook!;
    const id = uniqueId(level.id, ids);
    let outline = renameScope(layout.outline, 'level', level.id, id);
    for (const [k, specialty] of entry.family.specialties.entries()) {
      const specialtyId = uniqueId(specialty.id, ids);
      outline = renameScope(outline, 'specialty', specialty.id, specialtyId);
      const pointer = `/specialties/${family.specialties.length}`;
      sourceLines[pointer] = entry.sourceLines[`/specialties/${k}`] ?? 1;
      sourceFiles[pointer] = entry.page.file;
      family.specialties.push({ ...specialty, id: specialtyId });
    }
    const { bullet, quoted, frontMatterText, frontMatterOrder, withoutFrontMatter } = layout;
    const pointer = `/levels/${family.levels.length}`;
    sourceLines[pointer] = entry.sourceLines['/levels/0'] ?? 1;
    sourceFiles[pointer] = entry.page.file;
    family.levels.push({ ...level, id } satisfies Level);
    const extension = pageExtension(entry.page.name);
    pages.push({
      file: path.posix.basename(entry.page.name).replace(/\.md(\.erb)?$/i, ''),
      ...(extension !== undefined && extension !== '.md' ? { extension } : {}),
      frontMatter: entry.family.frontMatter,
      bullet,
      ...(quoted ? { quoted } : {}),
      ...(frontMatterText ? { frontMatterText } : {}),
      ...(frontMatterOrder ? { frontMatterOrder } : {}),
      ...(withoutFrontMatter ? { withoutFrontMatter } : {}),
      outline,
    });
  }
  family.handbook = { ...family.handbook!, file: '_index', pages };
  return { family, warnings, sourceLines, sourceFiles };
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

function renameScope(outline: readonly OutlineNode[], kind: 'level' | 'specialty', from: string, to: string): OutlineNode[] {
  if (from === to) return [...outline];
  return outline.map((node) => {
    if (typeof node !== 'object' || !('body' in node)) return node;
    return { ...node, ...(node[kind] === from ? { [kind]: to } : {}), body: renameScope(node.body, kind, from, to) };
  });
}
