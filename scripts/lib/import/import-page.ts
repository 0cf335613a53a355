// Turns one handbook page into a JobFamily in three pure stages, each returning its warnings as values:
// the section tree (markdown-page.ts reads the blocks and reports its repairs, section-tree.ts nests them),
// the classifier (classify-page.ts: what each section is) and the converter (convert-page.ts: levels,
// grades, lists and inheritance become values; the page's headings, bullets and order become the
// `handbook` outline; prose the model does not cover is kept verbatim in place). The grade table comes in
// as a parameter.
import type { Diagnostic, FrontMatter, Grade, JobFamily } from '../types.ts';
import { parseMarkdownPage } from './markdown-page.ts';
import { diagnostic } from '../errors.ts';
import { buildTree, plain, type Section } from './section-tree.ts';
import { classifyPage, type PageRole, type Staged } from './classify-page.ts';
import { convertPage } from './convert-page.ts';
import { readPageFrontMatter, withFrontMatterText } from './page-front-matter.ts';

export { hasJobContent } from './section-tree.ts';
export type { PageRole } from './classify-page.ts';

export interface ImportResult {
  family: JobFamily;
  /** Repairs and verbatim fallbacks, as warnings located in the markdown file. */
  warnings: Diagnostic[];
  /** Where in the page a part of the family came from, by JSON pointer ("/levels/2" → its heading's line),
   *  so a problem found in the YAML can be reported at the page. */
  sourceLines: Record<string, number>;
  /** The page a part came from, by JSON pointer, when the family was made from several pages. */
  sourceFiles?: Record<string, string>;
}

/** The page's blocks nested under their headings, its front matter, and the parser's repairs as warnings. */
function readSectionTree(file: string, source: string) {
  const page = parseMarkdownPage(source);
  const warnings: Diagnostic[] = page.repairs.map((r) =>
    diagnostic(r.code, { file, line: r.line, column: r.column }, r.context as never, 'warning'),
  );
  const tree: Staged<{ page: typeof page; root: Section }> = { value: { page, root: buildTree(page.blocks) }, warnings };
  return tree;
}

export function importPage(file: string, source: string, grades: readonly Grade[], role: PageRole = 'family'): ImportResult {
  const tree = readSectionTree(file, source);
  const { page, root } = tree.value;
  const { frontMatter, quoted, text, order } = readPageFrontMatter(page.frontMatter);
  const warnings = [...tree.warnings];
  if (!frontMatter.title) {
    const heading = page.blocks.find((b) => b.kind === 'heading');
    frontMatter.title = heading && heading.kind === 'heading' ? plain(heading.text) : file;
    warnings.push(diagnostic('import-no-title', { file, line: 1, column: 1 }, { title: frontMatter.title as string }, 'warning'));
  }
  const typed = frontMatter as unknown as FrontMatter;
  const classified = classifyPage(page.blocks, root, typed, role);
  const converted = convertPage(file, classified.value, typed, quoted, grades);
  const { family, sourceLines } = converted.value;
  if (family.handbook && (Object.keys(text).length > 0 || order)) family.handbook = withFrontMatterText(family.handbook, text, order);
  if (family.handbook && page.frontMatter.length === 0 && !/^---\r?\n/.test(source)) family.handbook.withoutFrontMatter = true;
  warnings.push(...classified.warnings, ...converted.warnings);
  return { family, warnings: warnings.sort((a, b) => a.line - b.line), sourceLines };
}
