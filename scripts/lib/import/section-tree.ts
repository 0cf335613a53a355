// The section tree of a handbook page and what each section is: headings nest their blocks (with the
// depths real pages get wrong corrected), a heading's keyword says which job-family section it is
// (Job Grade, Responsibilities...), and which sections hold a level's content. Pure; read by the
// classifier (classify-page.ts), the converter (convert-page.ts) and the planner's page rules.
import type { Block, HeadingBlock, MarkdownPage } from './markdown-page.ts';

export type SectionKind =
  | 'grade'
  | 'responsibilities'
  | 'requirements'
  | 'niceToHaves'
  | 'performanceIndicators'
  | 'hiringProcess'
  | 'careerLadder'
  | 'levels'
  | 'specialties';

export const KEYWORDS: [RegExp, SectionKind][] = [
  [/\bjob grade$/i, 'grade'],
  // Misspelt as real pages spell it: "Responsibilites", "Responsibilties".
  [/\bresponsib\w*$/i, 'responsibilities'],
  [/^what you'll do$/i, 'responsibilities'],
  [/^expectations$/i, 'responsibilities'],
  [/\bnice[- ]to[- ]haves?$/i, 'niceToHaves'],
  [/\bpreferred (requirements|qualifications)$/i, 'niceToHaves'],
  [/\brequirements$/i, 'requirements'],
  [/^what you'll bring$/i, 'requirements'],
  [/\bperformance indicators$/i, 'performanceIndicators'],
  [/\bhiring process$/i, 'hiringProcess'],
  [/^career ladder$/i, 'careerLadder'],
  [/^levels?$/i, 'levels'],
  [/^specialties$/i, 'specialties'],
];
export const LEVEL_KINDS = new Set<SectionKind>(['grade', 'responsibilities', 'requirements']);

export interface Section {
  heading: HeadingBlock | null;
  children: Node[];
}
export type Node = Block | Section;

export const isSection = (node: Node): node is Section => 'children' in node;

/** Heading text without emphasis markers, trailing colon or curly apostrophes. */
export function plain(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/:$/, '')
    .trim();
}

export type Keyword = Readonly<{ kind: SectionKind; prefix: string }>;

// One import asks for a heading's keyword several times (nesting, classifying, each enclosing section's
// level checks): each heading text is matched against KEYWORDS once. Bounded, for imports of many pages.
const keywords = new Map<string, Keyword | null>();

export function keywordOf(text: string): Keyword | null {
  let keyword = keywords.get(text);
  if (keyword === undefined) {
    if (keywords.size >= 2000) keywords.clear();
    keyword = matchKeyword(text);
    keywords.set(text, keyword);
  }
  return keyword;
}

function matchKeyword(text: string): Keyword | null {
  const p = plain(text);
  for (const [pattern, kind] of KEYWORDS) {
    const m = pattern.exec(p);
    if (m) return Object.freeze({ kind, prefix: p.slice(0, m.index).trim() });
  }
  return null;
}

/** True when a heading of the page names a job-family section (responsibilities, requirements, job grade, levels...). */
export function hasJobContent(page: MarkdownPage): boolean {
  return page.blocks.some((block) => block.kind === 'heading' && keywordOf(block.text) !== null);
}

export function buildTree(blocks: Block[]): Section {
  const root: Section = { heading: null, children: [] };
  const stack: { section: Section; depth: number }[] = [{ section: root, depth: 0 }];
  const depths = nestingDepths(blocks);
  for (const block of blocks) {
    if (block.kind !== 'heading') {
      stack[stack.length - 1]!.section.children.push(block);
      continue;
    }
    const depth = depths.get(block) ?? block.depth;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const section: Section = { heading: block, children: [] };
    stack[stack.length - 1]!.section.children.push(section);
    stack.push({ section, depth });
  }
  return root;
}

/**
 * How deep each heading nests, where that differs from its number of "#". Pages get heading depths
 * wrong, but they name a level's sections after the level ("### Manager, Tax", then "#### Manager,
 * Tax Job Grade"). So a section named after the level above it belongs to that level even when its
 * heading is no deeper ("#### Senior Manager, X" then "### Senior Manager, X Job Grade"), and a level
 * heading deeper than the previous level, once that level has had its own sections, is the next
 * level rather than a part of it.
 */
export function nestingDepths(blocks: readonly Block[]): Map<HeadingBlock, number> {
  const headings = blocks.filter((b): b is HeadingBlock => b.kind === 'heading');
  const depths = new Map<HeadingBlock, number>();
  let level: { title: string; depth: number; sections: number; kinds: Set<SectionKind> } | null = null;
  headings.forEach((heading, i) => {
    const keyword = keywordOf(heading.text);
    const next = headings[i + 1];
    const nextKeyword = next ? keywordOf(next.text) : null;
    const title = plain(heading.text);
    const opensLevel = !keyword && nextKeyword !== null && LEVEL_KINDS.has(nextKeyword.kind) && namesLevel(nextKeyword.prefix, title, true);
    if (opensLevel) {
      const depth = level && level.sections > 0 && heading.depth > level.depth ? level.depth : heading.depth;
      if (depth !== heading.depth) depths.set(heading, depth);
      level = { title, depth, sections: 0, kinds: new Set() };
      return;
    }
    if (!level) return;
    // An unnamed list heading at the level's own depth, once the level has opened (its Job Grade)
    // and before it has that list: "## VP, People", "### Job Grade", "## Responsibilities".
    const unnamedList = keyword !== null && keyword.prefix === '' && LIST_KINDS.has(keyword.kind) && level.kinds.has('grade') && !level.kinds.has(keyword.kind);
    if (keyword && (namesLevel(keyword.prefix, level.title, false) || (unnamedList && heading.depth === level.depth))) {
      level.sections++;
      level.kinds.add(keyword.kind);
      if (heading.depth <= level.depth) depths.set(heading, level.depth + 1);
    } else if (keyword && keyword.prefix === '' && heading.depth > level.depth) level.kinds.add(keyword.kind);
    else if (heading.depth <= level.depth) level = null;
  });
  return depths;
}

export const LIST_KINDS = new Set<SectionKind>(['responsibilities', 'requirements', 'niceToHaves']);

/** Titles as people abbreviate them: "Sr Director" is "Senior Director". */
export const unabbreviated = (title: string) =>
  title
    .toLowerCase()
    .replace(/\bsr\.?(?=\s)/g, 'senior')
    .replace(/\bjr\.?(?=\s)/g, 'junior')
    .replace(/\s+/g, ' ');

/** "Senior Manager, Multinational Tax" names the level "Senior Manager, Multinational Tax (Non US)". */
export function namesLevel(prefix: string, title: string, allowEmpty: boolean): boolean {
  if (prefix === '') return allowEmpty;
  const a = unabbreviated(prefix);
  const b = unabbreviated(title);
  return a === b || b.startsWith(a) || a.startsWith(b);
}

/** Sub-sections that each hold a level's sections: two or more make the section a group of levels, not a
 *  level ("## Career paths" > "### Job Grades" > one "####" per level). */
export function isLevelGroup(section: Section): boolean {
  const levelLike = section.children.filter((c): c is Section => isSection(c) && !keywordOf(c.heading!.text) && hasLevelContent(c));
  return levelLike.length >= 2 || (levelLike.length === 1 && isLevelGroup(levelLike[0]!));
}

export function hasLevelContent(section: Section): boolean {
  return section.children.some(
    (child) => isSection(child) && (LEVEL_KINDS.has(keywordOf(child.heading!.text)?.kind as SectionKind) || hasLevelContent(child)),
  );
}

export const GRADE_LINK = /\[((?:grade\s*)?#?)(\d+)\]\(([^)\s]*grade[^)\s]*)\)/i;
export const GRADE_PLAIN = /\b(grade\s*#?)(\d+)\b/i;

/** "… is a [grade 8](…/#gitlab-job-grades)." or "… is a grade 5." on one line. */
export function matchGrade(text: string): { at: number; length: number; prefix: string; grade: number; link: string | null } | null {
  if (text.includes('\n')) return null;
  const linked = GRADE_LINK.exec(text);
  if (linked) return { at: linked.index, length: linked[0].length, prefix: linked[1]!, grade: Number(linked[2]), link: linked[3]! };
  const bare = / is an? /.test(text) ? GRADE_PLAIN.exec(text) : null;
  if (bare) return { at: bare.index, length: bare[0].length, prefix: bare[1]!, grade: Number(bare[2]), link: null };
  return null;
}

/** The blocks of a section before its first subsection. */
export function leadingBlocks(section: Section): Block[] {
  const at = section.children.findIndex(isSection);
  return (at < 0 ? section.children : section.children.slice(0, at)) as Block[];
}

export function hasGrade(section: Section): boolean {
  return section.children.some(
    (child) => isSection(child) && (keywordOf(child.heading!.text)?.kind === 'grade' || hasGrade(child)),
  );
}

export function findGradeSentence(nodes: Node[]): string | undefined {
  for (const node of nodes) {
    if (isSection(node)) {
      const found = findGradeSentence(node.children);
      if (found) return found;
    } else if (node.kind === 'paragraph' && matchGrade(node.text)) {
      return node.text;
    }
  }
  return undefined;
}
