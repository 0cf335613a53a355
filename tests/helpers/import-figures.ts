// Figures of the importer on real pages: does each page import to valid YAML, render back exactly
// (after reported repairs), and how many bullets under responsibility/requirement headings became list
// items in the YAML rather than staying inside verbatim markdown. Counted from the page text itself,
// independently of the importer's own section recognition.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { planImport, type PageInput } from '../../scripts/lib/import/plan-import.ts';
import { familyToYaml } from '../../scripts/lib/import/to-yaml.ts';
import { renderMarkdown } from '../../scripts/lib/render/markdown.ts';
import { type MarkdownTemplates } from '../../scripts/lib/render/templates.ts';
import { type Diagnostic, type Grade, type Item, type JobFamily, type OutlineNode, type SourceFile } from '../../scripts/lib/types.ts';
import { validateFamilies } from '../../scripts/lib/validate/index.ts';

/** Headings a handbook reader would call a responsibilities or requirements section. */
export const LIST_HEADING = /responsibilit|requirement|qualification|what you('|’)ll (do|bring)|nice[- ]to[- ]have|you (should|will) have|skills/i;

/** Bullet lines under responsibility/requirement headings, nested ones included. */
export function countSectionBullets(page: string): number {
  return sectionBullets(page).length;
}

/** The text of each bullet under responsibility/requirement headings (after its marker), in page order. */
export function sectionBullets(page: string): string[] {
  const lines = page.replace(/\r\n?/g, '\n').split('\n');
  let inside = false;
  let depth = 0;
  const bullets: string[] = [];
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const d = heading[1]!.length;
      if (LIST_HEADING.test(heading[2]!)) {
        inside = true;
        depth = d;
      } else if (inside && d <= depth) inside = false;
      continue;
    }
    const bullet = /^\s*[-*+]\s+(\S.*)$/.exec(line);
    if (inside && bullet) bullets.push(bullet[1]!.trimEnd());
  }
  return bullets;
}

/** First lines of every entry of the structured responsibility/requirement lists, nested ones included. */
function itemLines(items: readonly Item[] | undefined, into: Set<string>): void {
  for (const item of items ?? []) {
    into.add((typeof item === 'string' ? item : item.text).split('\n')[0]!.trimEnd());
    if (typeof item !== 'string') itemLines(item.items, into);
  }
}

type Listed = { extends?: Record<string, unknown> } & Record<string, unknown>;

/** How many of the page's section bullets are entries of a structured list of the parts it shows, or an
 *  "Extends the ..." line that became an `extends` reference. */
function countStructured(bullets: readonly string[], owners: readonly Listed[]): number {
  const lines = new Set<string>();
  let inherits = false;
  for (const owner of owners) {
    for (const field of ['responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess'] as const) itemLines(owner[field] as Item[] | undefined, lines);
    if (owner.extends) inherits = true;
  }
  return bullets.filter((b) => lines.has(b) || (inherits && /\b(extends|inherits)\b/i.test(b))).length;
}

export interface PageFigures {
  /** Page path relative to the shared folder, e.g. "handbook-pages-2/engineering/backend/senior.md". */
  page: string;
  valid: boolean;
  /** Renders back byte for byte after trailing whitespace, except for the repairs the importer reported. */
  exact: boolean;
  bullets: number;
  structured: number;
}

/** Imports every page under `dirs` the way `jobfam import DIR...` plans it, renders it back and counts. */
export function measureImport(
  shared: string,
  dirs: readonly string[],
  tools: {
    readPages: (shared: string, dir: string) => PageInput[];
    grades: readonly Grade[];
    gradesSource: SourceFile;
    templates: MarkdownTemplates;
    applyRepairs: (source: string, warnings: readonly Diagnostic[]) => string;
    normalise: (text: string) => string;
  },
): PageFigures[] {
  const pages = dirs.flatMap((dir) => tools.readPages(shared, dir));
  const plan = planImport(pages, tools.grades);
  const rows: PageFigures[] = [];
  for (const planned of plan.families) {
    const yaml = familyToYaml(planned.family, 'job-family.schema.json');
    const check = validateFamilies({
      root: '.',
      families: [{ path: planned.path, relativePath: planned.path, text: yaml }],
      grades: tools.gradesSource,
      config: null,
    });
    const valid = !check.diagnostics.some((d) => d.severity === 'error');
    const outputs = renderMarkdown([{ relativePath: planned.path, family: planned.family }], tools.grades, tools.templates);
    for (const source of planned.sources) {
      const file = `handbook/${[source.folder, source.name].filter(Boolean).join('/')}`;
      const output = outputs.find((o) => o.path === file);
      const warnings = plan.diagnostics.filter((d) => d.file === source.file);
      let exact = false;
      try {
        exact = output !== undefined && tools.normalise(String(output.content)) === tools.applyRepairs(source.text, warnings);
      } catch {
        exact = false;
      }
      const bullets = sectionBullets(source.text);
      const structured = countStructured(bullets, ownersOfPage(planned.family, source, planned.sources));
      rows.push({ page: source.file, valid, exact, bullets: bullets.length, structured });
    }
  }
  return rows.sort((a, b) => a.page.localeCompare(b.page));
}

/** The parts of a family one page shows: all of it, or for a page of a split family the levels and
 *  specialties its outline opens (the index also shows the family-wide lists). */
function ownersOfPage(family: JobFamily, source: PageInput, sources: readonly PageInput[]): Listed[] {
  const pages = family.handbook?.pages;
  if (!pages || sources.length === 1) return [family, ...family.levels, ...family.specialties] as unknown as Listed[];
  const file = source.name.replace(/\.md$/, '');
  const page = pages.find((p) => p.file === file);
  const ids = new Set<string>();
  const visit = (nodes: readonly OutlineNode[]) => {
    for (const node of nodes) {
      if (typeof node !== 'object' || !('body' in node)) continue;
      if (node.level) ids.add(`level:${node.level}`);
      if (node.specialty) ids.add(`specialty:${node.specialty}`);
      visit(node.body);
    }
  };
  visit(page ? page.outline : family.handbook!.outline);
  const shown = [...family.levels.filter((l) => ids.has(`level:${l.id}`)), ...family.specialties.filter((sp) => ids.has(`specialty:${sp.id}`))];
  return (page ? shown : [family, ...shown]) as unknown as Listed[];
}

/** The markdown files under shared/<dir> as `jobfam import` finds them: sub-folders kept, found by folder search. */
export function readSharedPages(shared: string, dir: string): PageInput[] {
  return readdirSync(path.join(shared, dir), { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md'))
    .sort()
    .map((p) => {
      const folder = path.posix.dirname(p.split(path.sep).join('/'));
      return { file: `${dir}/${p}`, folder: folder === '.' ? '' : folder, name: path.basename(p), named: false, text: readFileSync(path.join(shared, dir, p), 'utf8') };
    });
}
