// The classifier of the importer: given a page's section tree, decides once what each section is (which
// job-family section its heading names, whether it holds a level's content, which sections are levels,
// which are family-wide), the page's own bullet, and the implicit level of a page that describes one role.
// Pure and stateless: the converter (convert-page.ts) reads these facts instead of deciding as it walks.
import type { Bullet, Diagnostic } from '../types.ts';
import type { Block, ListBlock } from './markdown-page.ts';
import { findGradeSentence, hasGrade, hasLevelContent, isLevelGroup, isSection, keywordOf, LEVEL_KINDS, plain, type Node, type Section, type SectionKind } from './section-tree.ts';

/** What a page is to its family: the whole family, the family-wide index of a split family (its
 *  levels are other pages), or one level page of a split family. */
export type PageRole = 'family' | 'index' | 'level';

/** A stage's result: its value and the warnings it found, both as values. */
export interface Staged<T> {
  value: T;
  warnings: Diagnostic[];
}

export interface SectionFacts {
  /** The heading's text without emphasis markers or trailing colon. */
  title: string;
  /** The job-family section the heading names ("Senior Manager Job Grade" → grade, prefix "Senior Manager"). */
  keyword: { kind: SectionKind; prefix: string } | null;
  /** A Job Grade, Responsibilities or Requirements section lies somewhere below it. */
  levelContent: boolean;
  /** The title a specialty opened by this section takes: the prefix of its first titled sub-section, else its own. */
  specialtyTitle: string;
}

export interface ClassifiedPage {
  root: Section;
  role: PageRole;
  /** The page's own bullet marker: the one most of its lists use ("-" on a tie). */
  bullet: Bullet;
  facts: ReadonlyMap<Section, SectionFacts>;
  /** Sections that are levels of the family (only on a whole-family page), found before conversion so
   *  inheritance can name any level converted before it. */
  levels: ReadonlySet<Section>;
  /** Gradeless sections named after the family, left out of `levels`: they describe the whole family. */
  familyWide: ReadonlySet<Section>;
  /** A whole-family page without level sections describes one role: the root's children from its first to its
   *  last grade, responsibilities or requirements section form that level. */
  implicitLevel: { from: number; to: number; title: string; line: number } | null;
}

export interface PageTitles {
  title: string;
  RoleName?: string;
}

export function classifyPage(blocks: readonly Block[], root: Section, titles: PageTitles, role: PageRole): Staged<ClassifiedPage> {
  const facts = new Map<Section, SectionFacts>();
  const visit = (section: Section) => {
    for (const child of section.children) {
      if (!isSection(child)) continue;
      facts.set(child, factsOf(child));
      visit(child);
    }
  };
  visit(root);
  const found = role === 'family' ? levelSections(root, facts, titles.title) : { levels: [], familyWide: [] };
  const implicitLevel = found.levels.length === 0 && role === 'family' ? implicitLevelOf(root.children, facts, titles) : null;
  const page: ClassifiedPage = {
    root,
    role,
    bullet: pageBullet(blocks),
    facts,
    levels: new Set(found.levels),
    familyWide: new Set(found.familyWide),
    implicitLevel,
  };
  // Nothing the classifier decides is a problem of the page: every section is something (a level, a
  // field, or prose kept verbatim, which the converter reports where it keeps it).
  return { value: page, warnings: [] };
}

function factsOf(section: Section): SectionFacts {
  const title = plain(section.heading!.text);
  const titled = section.children.find((c): c is Section => isSection(c) && !!keywordOf(c.heading!.text)?.prefix);
  return {
    title,
    keyword: keywordOf(section.heading!.text),
    levelContent: hasLevelContent(section),
    specialtyTitle: titled ? keywordOf(titled.heading!.text)!.prefix : title,
  };
}

function pageBullet(blocks: readonly Block[]): Bullet {
  const lists = blocks.filter((b): b is ListBlock => b.kind === 'list');
  const dashes = lists.filter((l) => l.bullet === '-').length;
  return dashes * 2 >= lists.length ? '-' : '*';
}

/** The sections holding a level's content, under "Levels" sections and groups of levels, in page order. */
function levelSections(root: Section, facts: ReadonlyMap<Section, SectionFacts>, familyTitle: string): { levels: Section[]; familyWide: Section[] } {
  const found: Section[] = [];
  const familyWide: Section[] = [];
  const visit = (section: Section, underLevels: boolean) => {
    for (const child of section.children) {
      if (!isSection(child)) continue;
      const { keyword, levelContent, title } = facts.get(child)!;
      const kind = keyword?.kind;
      if (kind === 'levels') visit(child, true);
      else if (kind === undefined && isLevelGroup(child)) visit(child, underLevels);
      else if (kind === undefined && levelContent) {
        found.push(child);
        if (!underLevels && title.toLowerCase() === familyTitle.toLowerCase() && !hasGrade(child)) familyWide.push(child);
      }
    }
  };
  visit(root, false);
  // A gradeless section named after the family describes the whole family when real levels follow it.
  if (found.length > familyWide.length) return { levels: found.filter((s) => !familyWide.includes(s)), familyWide };
  return { levels: found, familyWide: [] };
}

/** The span of a page's one implicit level and its title: the subject of its grade sentence ("The Senior
 *  Analyst is a grade 7."), else the page's RoleName or title. */
function implicitLevelOf(children: readonly Node[], facts: ReadonlyMap<Section, SectionFacts>, titles: PageTitles): ClassifiedPage['implicitLevel'] {
  const at = children
    .map((child, index) => ({ child, index }))
    .filter(({ child }) => isSection(child) && LEVEL_KINDS.has(facts.get(child)!.keyword?.kind as SectionKind));
  if (at.length === 0) return null;
  const from = at[0]!.index;
  const to = at[at.length - 1]!.index;
  const sections = children.slice(from, to + 1);
  const gradeSentence = findGradeSentence([...sections]);
  const subject = gradeSentence ? /^The (.+?) (?:role )?is a /.exec(gradeSentence)?.[1] : undefined;
  const title = subject ? subject.replace(/[*_]/g, '').trim() : (titles.RoleName ?? titles.title);
  const first = sections.find(isSection);
  return { from, to, title, line: first?.heading?.line ?? 1 };
}
