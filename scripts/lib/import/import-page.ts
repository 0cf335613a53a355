// Turns a parsed handbook page into a JobFamily: levels, grades, lists and inheritance become values;
// the page's heading scheme, bullet markers and section order become the `handbook` outline; prose the
// model does not cover is kept verbatim in place. Pure: the grade table comes in as a parameter.
import type {
  Bullet,
  Diagnostic,
  FieldName,
  FrontMatter,
  Grade,
  HandbookLayout,
  Inheritance,
  Item,
  JobFamily,
  Level,
  OutlineNode,
  SectionNode,
  ShowNode,
  Specialty,
} from '../types.ts';
import { parseMarkdownPage, type MarkdownPage, type FrontMatterEntry, type Block, type HeadingBlock, type ListBlock, type ParagraphBlock, type ParsedItem } from './markdown-page.ts';
import { DEFAULT_TEXT, slugify } from '../model/family.ts';
import { frontMatterEntries, writeFrontMatterEntry } from '../model/front-matter.ts';
import { diagnostic } from '../errors.ts';

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

type SectionKind =
  | 'grade'
  | 'responsibilities'
  | 'requirements'
  | 'niceToHaves'
  | 'performanceIndicators'
  | 'hiringProcess'
  | 'careerLadder'
  | 'levels'
  | 'specialties';

const KEYWORDS: [RegExp, SectionKind][] = [
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
const LEVEL_KINDS = new Set<SectionKind>(['grade', 'responsibilities', 'requirements']);
const LIST_FIELDS = new Set<FieldName>(['responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess']);
const LISTS_OF: Record<Scope['kind'], ReadonlySet<FieldName>> = {
  family: LIST_FIELDS,
  level: LIST_FIELDS,
  specialty: new Set<FieldName>(['responsibilities', 'requirements', 'niceToHaves']),
};
/** Marks every field taken, so a section converted under it stays verbatim. */
const ALL_FILLED: readonly string[] = ['intro', 'grade', 'reportsTo', 'careerLadder', ...LIST_FIELDS];

interface Section {
  heading: HeadingBlock | null;
  children: Node[];
}
type Node = Block | Section;

const isSection = (node: Node): node is Section => 'children' in node;

/** Heading text without emphasis markers, trailing colon or curly apostrophes. */
function plain(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/:$/, '')
    .trim();
}

function keywordOf(text: string): { kind: SectionKind; prefix: string } | null {
  const p = plain(text);
  for (const [pattern, kind] of KEYWORDS) {
    const m = pattern.exec(p);
    if (m) return { kind, prefix: p.slice(0, m.index).trim() };
  }
  return null;
}

/** True when a heading of the page names a job-family section (responsibilities, requirements, job grade, levels...). */
export function hasJobContent(page: MarkdownPage): boolean {
  return page.blocks.some((block) => block.kind === 'heading' && keywordOf(block.text) !== null);
}

function buildTree(blocks: Block[]): Section {
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
function nestingDepths(blocks: readonly Block[]): Map<HeadingBlock, number> {
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

const LIST_KINDS = new Set<SectionKind>(['responsibilities', 'requirements', 'niceToHaves']);

/** Titles as people abbreviate them: "Sr Director" is "Senior Director". */
const unabbreviated = (title: string) =>
  title
    .toLowerCase()
    .replace(/\bsr\.?(?=\s)/g, 'senior')
    .replace(/\bjr\.?(?=\s)/g, 'junior')
    .replace(/\s+/g, ' ');

/** "Senior Manager, Multinational Tax" names the level "Senior Manager, Multinational Tax (Non US)". */
function namesLevel(prefix: string, title: string, allowEmpty: boolean): boolean {
  if (prefix === '') return allowEmpty;
  const a = unabbreviated(prefix);
  const b = unabbreviated(title);
  return a === b || b.startsWith(a) || a.startsWith(b);
}

/** Sub-sections that each hold a level's sections: two or more make the section a group of levels, not a
 *  level ("## Career paths" > "### Job Grades" > one "####" per level). */
function isLevelGroup(section: Section): boolean {
  const levelLike = section.children.filter((c): c is Section => isSection(c) && !keywordOf(c.heading!.text) && hasLevelContent(c));
  return levelLike.length >= 2 || (levelLike.length === 1 && isLevelGroup(levelLike[0]!));
}

function hasLevelContent(section: Section): boolean {
  return section.children.some(
    (child) => isSection(child) && (LEVEL_KINDS.has(keywordOf(child.heading!.text)?.kind as SectionKind) || hasLevelContent(child)),
  );
}

type Scope =
  | { kind: 'family'; family: JobFamily; filled: Set<string> }
  | { kind: 'level'; level: Level; filled: Set<string> }
  | { kind: 'specialty'; specialty: Specialty; filled: Set<string> };

const GRADE_LINK = /\[((?:grade\s*)?#?)(\d+)\]\(([^)\s]*grade[^)\s]*)\)/i;
const GRADE_PLAIN = /\b(grade\s*#?)(\d+)\b/i;

/** "… is a [grade 8](…/#gitlab-job-grades)." or "… is a grade 5." on one line. */
function matchGrade(text: string): { at: number; length: number; prefix: string; grade: number; link: string | null } | null {
  if (text.includes('\n')) return null;
  const linked = GRADE_LINK.exec(text);
  if (linked) return { at: linked.index, length: linked[0].length, prefix: linked[1]!, grade: Number(linked[2]), link: linked[3]! };
  const bare = / is an? /.test(text) ? GRADE_PLAIN.exec(text) : null;
  if (bare) return { at: bare.index, length: bare[0].length, prefix: bare[1]!, grade: Number(bare[2]), link: null };
  return null;
}
const REPORTS_TO = /^The (.+?) reports to (.+?)(\.?)$/;

/** What a page is to its family: the whole family, the family-wide index of a split family (its
 *  levels are other pages), or one level page of a split family. */
export type PageRole = 'family' | 'index' | 'level';

class PageImporter {
  readonly warnings: Diagnostic[] = [];
  readonly sourceLines: Record<string, number> = {};
  private readonly family: JobFamily;
  private bullet: Bullet = '-';
  private familyScope: Scope | null = null;
  /** Sections that are levels, found before conversion so inheritance can name any of them. */
  private explicitLevels = new Set<Section>();

  constructor(
    private readonly file: string,
    private readonly grades: readonly Grade[],
    frontMatter: FrontMatter,
    private readonly role: PageRole = 'family',
  ) {
    this.family = {
      frontMatter,
      intro: null,
      responsibilities: [],
      requirements: [],
      levels: [],
      specialties: [],
      performanceIndicators: [],
      careerLadder: null,
      hiringProcess: [],
    };
  }

  run(blocks: Block[], quoted: string[]): JobFamily {
    const lists = blocks.filter((b): b is ListBlock => b.kind === 'list');
    const dashes = lists.filter((l) => l.bullet === '-').length;
    this.bullet = dashes * 2 >= lists.length ? '-' : '*';
    const root = buildTree(blocks);
    this.explicitLevels = this.role === 'family' ? new Set(this.levelSections(root)) : new Set();
    const outline = this.role === 'level' ? this.convertLevelPage(root) : this.convertRoot(root);
    this.orderLevelsByGrade();
    this.family.handbook = {
      bullet: this.bullet,
      ...(quoted.length > 0 ? { quoted } : {}),
      outline,
    };
    return this.family;
  }

  /** The model lists levels junior to senior; a page may list a second track after the first (a manager
   *  ladder after the individual contributors, grades dropping back). The outline keeps the page's order. */
  private orderLevelsByGrade(): void {
    const levels = this.family.levels;
    let last = -Infinity;
    const keyed = levels.map((level, index) => {
      if (level.grade !== null) last = level.grade;
      return { level, index, key: last };
    });
    if (keyed.every((k, i) => i === 0 || k.key >= keyed[i - 1]!.key)) return;
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    const lines = { ...this.sourceLines };
    keyed.forEach((k, i) => {
      levels[i] = k.level;
      const line = lines[`/levels/${k.index}`];
      if (line !== undefined) this.sourceLines[`/levels/${i}`] = line;
    });
  }

  // ---- pass 1: which sections are levels ----

  private isFamilySection(section: Section): boolean {
    return plain(section.heading!.text).toLowerCase() === this.family.frontMatter.title.toLowerCase();
  }

  private levelSections(root: Section): Section[] {
    const found: Section[] = [];
    const familyWide: Section[] = [];
    const visit = (section: Section, underLevels: boolean) => {
      for (const child of section.children) {
        if (!isSection(child)) continue;
        const kind = keywordOf(child.heading!.text)?.kind;
        if (kind === 'levels') visit(child, true);
        else if (kind === undefined && isLevelGroup(child)) visit(child, underLevels);
        else if (kind === undefined && hasLevelContent(child)) {
          found.push(child);
          if (!underLevels && this.isFamilySection(child) && !hasGrade(child)) familyWide.push(child);
        }
      }
    };
    visit(root, false);
    // A gradeless section named after the family describes the whole family when real levels follow it.
    return found.length > familyWide.length ? found.filter((s) => !familyWide.includes(s)) : found;
  }

  // ---- pass 2: conversion ----

  private convertRoot(root: Section): OutlineNode[] {
    const scope: Scope = { kind: 'family', family: this.family, filled: new Set() };
    this.familyScope = scope;
    const children = root.children;
    const span = this.explicitLevels.size === 0 && this.role === 'family' ? this.implicitLevelSpan(children) : null;
    if (!span) return this.convertChildren(children, scope, true);
    return mergeMarkdown([
      ...this.convertChildren(children.slice(0, span.from), scope, true),
      this.convertImplicitLevel(children.slice(span.from, span.to + 1)),
      ...this.convertChildren(children.slice(span.to + 1), scope, false),
    ]);
  }

  /** A level page of a split family: the whole page is that one level, titled by its front matter. */
  private convertLevelPage(root: Section): OutlineNode[] {
    this.familyScope = { kind: 'family', family: this.family, filled: new Set(ALL_FILLED) };
    const level = this.newLevel(this.family.frontMatter.title, 1);
    const scope: Scope = { kind: 'level', level, filled: new Set() };
    return [{ level: level.id, body: this.convertChildren(root.children, scope, true) }];
  }

  /** A page without level sections describes one role: its grade, responsibilities and
   *  requirements sections (and whatever lies between them) form its only level. */
  private implicitLevelSpan(children: Node[]): { from: number; to: number } | null {
    const at = children
      .map((child, index) => ({ child, index }))
      .filter(({ child }) => isSection(child) && LEVEL_KINDS.has(keywordOf(child.heading!.text)?.kind as SectionKind));
    if (at.length === 0) return null;
    return { from: at[0]!.index, to: at[at.length - 1]!.index };
  }

  private convertImplicitLevel(sections: Node[]): SectionNode {
    const gradeSentence = findGradeSentence(sections);
    const subject = gradeSentence ? /^The (.+?) (?:role )?is a /.exec(gradeSentence)?.[1] : undefined;
    const title = subject
      ? subject.replace(/[*_]/g, '').trim()
      : (this.family.frontMatter.RoleName ?? this.family.frontMatter.title);
    const first = sections.find(isSection);
    const level = this.newLevel(title, first?.heading?.line ?? 1);
    const scope: Scope = { kind: 'level', level, filled: new Set() };
    return { level: level.id, body: this.convertChildren(sections, scope, false) };
  }

  private newLevel(title: string, line: number): Level {
    let id = slugify(title);
    if (this.family.levels.some((l) => l.id === id)) {
      let n = 2;
      while (this.family.levels.some((l) => l.id === `${id}-${n}`)) n++;
      id = `${id}-${n}`;
    }
    const level: Level = {
      id,
      title,
      grade: null,
      reportsTo: null,
      intro: null,
      extends: undefined, // keeps `extends` above the lists in the YAML when it is set
      responsibilities: [],
      requirements: [],
    };
    this.sourceLines[`/levels/${this.family.levels.length}`] = line;
    this.family.levels.push(level);
    return level;
  }

  private convertSection(section: Section, scope: Scope): OutlineNode {
    const heading = section.heading!;
    const keyword = keywordOf(heading.text);
    if (scope.kind === 'family' && this.explicitLevels.has(section)) return this.convertLevel(section);
    if (scope.kind === 'family' && keyword?.kind === 'specialties') return this.convertSpecialties(section);
    // In a split family the levels are pages; a titled section with lists of its own, after the
    // lists of the page's own scope, is a specialty (the first such section holds the scope's lists).
    const ownLists = scope.filled.has('responsibilities') || scope.filled.has('requirements');
    if (this.role !== 'family' && scope.kind !== 'specialty' && ownLists && !keyword && hasLevelContent(section)) return this.convertSpecialty(section);
    const field = keyword?.kind as FieldName | undefined;
    if (field && LIST_FIELDS.has(field)) {
      return this.sectionNode(heading, scope, this.convertListSection(section, scope, field));
    }
    if (field === 'careerLadder' && scope.kind === 'family' && leadingBlocks(section).length > 0 && !scope.filled.has(field)) {
      scope.filled.add(field);
      const prose = leadingBlocks(section);
      this.family.careerLadder = blocksText(prose);
      const rest = this.convertChildren(section.children.slice(prose.length), scope, false);
      return this.sectionNode(heading, scope, [gapped<OutlineNode>('careerLadder', prose[0]!.gap), ...rest]);
    }
    // The first prose section of a page without an intro introduces the family.
    const leading = scope.kind === 'family' && this.family.levels.length === 0 && !scope.filled.has('intro');
    const body = this.convertChildren(section.children, scope, leading);
    if (body.some((n) => typeof n === 'object' && 'markdown' in n)) this.warnVerbatim(heading, 'it is not part of the job-family model');
    return this.sectionNode(heading, scope, body);
  }

  /** The outline node of a section: its heading as a pattern of the scope, what it opens, its body. */
  private sectionNode(heading: HeadingBlock, scope: Scope, body: OutlineNode[], opens: Pick<SectionNode, 'level' | 'specialty'> = {}): SectionNode {
    return gapped({ heading: this.headingTemplate(heading, scope), ...opens, body }, heading.gap);
  }

  private convertChildren(children: Node[], scope: Scope, leading: boolean): OutlineNode[] {
    const out: OutlineNode[] = [];
    let stillLeading = leading;
    let introRun = false;
    for (const child of children) {
      if (isSection(child)) {
        stillLeading = false;
        introRun = false;
        out.push(this.convertSection(child, scope));
        continue;
      }
      if (introRun && child.kind === 'paragraph' && child.gap === 1 && !this.isLevelSentence(child.text, scope)) {
        // Paragraphs straight after the intro belong to it.
        const owner = scopeOwner(scope) as { intro: string | null };
        owner.intro += `\n\n${child.text}`;
        continue;
      }
      const hadIntro = scope.filled.has('intro');
      out.push(this.convertBlock(child, scope, stillLeading));
      introRun = !hadIntro && scope.filled.has('intro');
    }
    return mergeMarkdown(out);
  }

  private isLevelSentence(text: string, scope: Scope): boolean {
    if (scope.kind !== 'level') return false;
    return this.gradeSentence(text, scope.level.title) !== null || reportsToSentence(text, scope.level.title) !== null;
  }

  private convertLevel(section: Section): SectionNode {
    const level = this.newLevel(plain(section.heading!.text), section.heading!.line);
    const scope: Scope = { kind: 'level', level, filled: new Set() };
    return this.sectionNode(section.heading!, scope, this.convertChildren(section.children, scope, true), { level: level.id });
  }

  private convertSpecialties(section: Section): SectionNode {
    const body: OutlineNode[] = [];
    for (const child of section.children) body.push(isSection(child) ? this.convertSpecialty(child) : this.verbatim(child));
    return this.sectionNode(section.heading!, this.familyScope!, mergeMarkdown(body));
  }

  private convertSpecialty(section: Section): SectionNode {
    const name = plain(section.heading!.text);
    const titled = section.children.find((c): c is Section => isSection(c) && !!keywordOf(c.heading!.text)?.prefix);
    let id = slugify(name) || 'specialty';
    for (let n = 2; this.family.specialties.some((s) => s.id === id) || this.family.levels.some((l) => l.id === id); n++) id = `${slugify(name) || 'specialty'}-${n}`;
    const specialty: Specialty = {
      id,
      name,
      title: titled ? keywordOf(titled.heading!.text)!.prefix : name,
      intro: null,
      extends: undefined,
      responsibilities: [],
      requirements: [],
    };
    this.sourceLines[`/specialties/${this.family.specialties.length}`] = section.heading!.line;
    this.family.specialties.push(specialty);
    const scope: Scope = { kind: 'specialty', specialty, filled: new Set() };
    return this.sectionNode(section.heading!, scope, this.convertChildren(section.children, scope, true), { specialty: specialty.id });
  }

  /** "### Manager, Sales Systems Job Grade" → "### {{title}} Job Grade" inside that level. */
  private headingTemplate(heading: HeadingBlock, scope: Scope): string {
    const hashes = '#'.repeat(heading.depth);
    let text = literal(heading.text);
    if (scope.kind === 'level') text = replaceOnce(text, scope.level.title, '{{title}}');
    if (scope.kind === 'specialty') {
      text = text === scope.specialty.name ? '{{name}}' : replaceOnce(text, scope.specialty.title, '{{title}}');
    }
    return `${hashes} ${text}`;
  }

  private convertListSection(section: Section, scope: Scope, field: FieldName): OutlineNode[] {
    const lists = section.children.filter((c): c is ListBlock => !isSection(c) && c.kind === 'list');
    const owner = scopeOwner(scope);
    const run = listRun(section.children);
    if (!run || scope.filled.has(field) || !LISTS_OF[scope.kind].has(field)) {
      const why = lists.length > 1 ? `it holds ${lists.length} lists that are neither one loose list nor labelled groups` : lists.length === 0 ? 'it holds no list' : 'its content is already given above';
      this.warnVerbatim(section.heading!, why);
      return this.convertChildren(section.children, { ...scope, filled: new Set(ALL_FILLED) }, false);
    }
    scope.filled.add(field);
    const out: OutlineNode[] = [];
    for (const [index, child] of section.children.entries()) {
      if (index > run.from && index <= run.to) continue;
      if (index !== run.from) {
        out.push(...this.convertChildren([child], scope, false));
        continue;
      }
      const list = run.lists[0]!;
      const show: ShowNode = { show: field };
      if (list.bullet !== this.bullet) show.bullet = list.bullet;
      if (run.breaks.length > 0) show.breaks = run.breaks;
      if (run.labelled !== undefined) show.labelled = run.labelled;
      let items = run.items;
      const inherited = scope.kind === 'family' || run.labelled === 0 ? null : this.inheritance(items[0], scope, field);
      if (inherited) {
        items = items.slice(1);
        if (show.breaks) show.breaks = show.breaks.map((i) => i - 1);
        if (show.labelled !== undefined) show.labelled -= 1;
        const extendsMap: Inheritance = { ...(scopeOwnerExtends(scope) ?? {}) };
        extendsMap[field as 'responsibilities' | 'requirements'] = inherited.ids.length === 1 ? inherited.ids[0]! : inherited.ids;
        setExtends(scope, extendsMap);
        if (inherited.text !== DEFAULT_TEXT.extends) show.text = inherited.text;
      }
      (owner as unknown as Record<string, unknown>)[field] = items.map(toItem);
      const options = Object.keys(show).length > 1;
      out.push(gapped(options ? show : field, (section.children[run.from] as Block).gap));
    }
    return mergeMarkdown(out);
  }

  /** "Extends the X Responsibilities" / "... inherits the responsibilities of the X as well as ...". */
  private inheritance(
    first: ParsedItem | undefined,
    scope: Scope,
    field: FieldName,
  ): { ids: string[]; text: string } | null {
    if (!first || first.items.length > 0 || !/\b(extends|inherits)\b/i.test(first.text)) return null;
    if (field !== 'responsibilities' && field !== 'requirements') return null;
    const self = scope.kind === 'level' ? scope.level.id : null;
    const candidates = this.family.levels.filter((l) => l.id !== self).sort((a, b) => b.title.length - a.title.length);
    const taken: { at: number; end: number; id: string; title: string }[] = [];
    for (const level of candidates) {
      let at = first.text.indexOf(level.title);
      while (at >= 0) {
        const end = at + level.title.length;
        if (!taken.some((t) => at < t.end && end > t.at)) {
          taken.push({ at, end, id: level.id, title: level.title });
          break;
        }
        at = first.text.indexOf(level.title, at + 1);
      }
    }
    if (taken.length === 0) return null;
    taken.sort((a, b) => a.at - b.at);
    const targets = taken.map((t) => t.title).join(' or ');
    const section = field === 'responsibilities' ? 'Responsibilities' : 'Requirements';
    const text = replaceOnce(replaceOnce(literal(first.text), targets, '{{targets}}'), ` ${section}`, ' {{section}}');
    return { ids: taken.map((t) => t.id), text };
  }

  private convertBlock(block: Block, scope: Scope, leading: boolean): OutlineNode {
    if (block.kind === 'shortcode') return gapped({ shortcode: block.name }, block.gap);
    if (block.kind === 'paragraph' && scope.kind === 'level') {
      const level = scope.level;
      const grade = !scope.filled.has('grade') ? this.gradeSentence(block.text, level.title) : null;
      if (grade) {
        scope.filled.add('grade');
        level.grade = grade.grade;
        return gapped(grade.text === DEFAULT_TEXT.grade ? 'grade' : { show: 'grade', text: grade.text }, block.gap);
      }
      const reports = !scope.filled.has('reportsTo') ? reportsToSentence(block.text, level.title) : null;
      if (reports) {
        scope.filled.add('reportsTo');
        level.reportsTo = reports.reportsTo;
        return gapped(reports.text === DEFAULT_TEXT.reportsTo ? 'reportsTo' : { show: 'reportsTo', text: reports.text }, block.gap);
      }
    }
    if (block.kind === 'paragraph' && leading && !scope.filled.has('intro')) {
      scope.filled.add('intro');
      (scopeOwner(scope) as { intro: string | null }).intro = block.text;
      return gapped('intro', block.gap);
    }
    return this.verbatim(block);
  }

  private gradeSentence(text: string, title: string): { grade: number; text: string } | null {
    const m = matchGrade(text);
    if (!m) return null;
    const before = replaceOnce(literal(text.slice(0, m.at)), title, '{{title}}');
    const after = literal(text.slice(m.at + m.length));
    if (m.link === null) return { grade: m.grade, text: `${before}${m.prefix}{{grade}}${after}` };
    const known = this.grades.find((g) => g.grade === m.grade);
    const link = known?.link === m.link ? '{{gradeLink}}' : m.link;
    return { grade: m.grade, text: `${before}[${m.prefix}{{grade}}](${link})${after}` };
  }

  private verbatim(block: Block): OutlineNode {
    return gapped({ markdown: blockText(block) }, block.gap);
  }

  private warnVerbatim(heading: HeadingBlock, why: string): void {
    const at = { file: this.file, line: heading.line, column: 1 };
    this.warnings.push(diagnostic('import-verbatim', at, { section: plain(heading.text), why }, 'warning'));
  }
}

interface ListRun {
  /** Children indexes of the run's first and last block. */
  from: number;
  to: number;
  lists: ListBlock[];
  items: ParsedItem[];
  /** Item indexes a new list starts at after a blank line (one loose list, as CommonMark reads it). */
  breaks: number[];
  /** Index of the first labelled group, when one-line paragraphs label the lists. */
  labelled?: number;
}

/**
 * The lists of a list section as one field. One list is the field. Lists straight after each other
 * (only a blank line between) are one loose list. Lists each introduced by a one-line paragraph are
 * labelled groups ("Scaling", then its list): each label becomes an item whose items are its list;
 * a first list without a label stays plain items. Anything else is not a run.
 */
function listRun(children: readonly Node[]): ListRun | null {
  const at = children.flatMap((c, i) => (!isSection(c) && c.kind === 'list' ? [i] : []));
  if (at.length === 0) return null;
  const lists = at.map((i) => children[i] as ListBlock);
  if (lists.length === 1) return { from: at[0]!, to: at[0]!, lists, items: lists[0]!.items, breaks: [] };
  // A label names what follows ("Scaling", "**Nice to have**", "An ideal candidate -"); a sentence is prose.
  const isLabel = (node: Node | undefined): node is ParagraphBlock =>
    node !== undefined && !isSection(node) && node.kind === 'paragraph' && !node.text.includes('\n') && node.gap === 1 && !/[.!?]\W*$/.test(node.text);
  const between = children.slice(at[0]!, at[at.length - 1]! + 1);
  if (lists.some((l) => l.bullet !== lists[0]!.bullet || (l !== lists[0] && l.gap !== 1))) return null;
  if (!between.every((node) => (!isSection(node) && node.kind === 'list') || isLabel(node))) return null;
  const labels = between.filter((node) => !isSection(node) && node.kind === 'paragraph');
  if (labels.length === 0) {
    const breaks: number[] = [];
    const items: ParsedItem[] = [];
    for (const list of lists) {
      if (items.length > 0) breaks.push(items.length);
      items.push(...list.items);
    }
    return { from: at[0]!, to: at[at.length - 1]!, lists, items, breaks };
  }
  const before = children[at[0]! - 1];
  const from = isLabel(before) ? at[0]! - 1 : at[0]!;
  const run = children.slice(from, at[at.length - 1]! + 1) as Block[];
  const items: ParsedItem[] = [];
  let labelled: number | undefined;
  for (let i = 0; i < run.length; i++) {
    const block = run[i]!;
    if (block.kind === 'paragraph') {
      const list = run[i + 1];
      // One list per label, a blank line between them (how the groups render back).
      if (!list || list.kind !== 'list' || list.gap !== 1 || run[i + 2]?.kind === 'list') return null;
      labelled ??= items.length;
      items.push({ text: block.text, items: list.items, line: block.line });
      i++;
    } else if (block.kind === 'list' && labelled === undefined && i === 0) items.push(...block.items);
    else return null;
  }
  return { from, to: at[at.length - 1]!, lists, items, breaks: [], labelled };
}

/** The blocks of a section before its first subsection. */
function leadingBlocks(section: Section): Block[] {
  const at = section.children.findIndex(isSection);
  return (at < 0 ? section.children : section.children.slice(0, at)) as Block[];
}

function hasGrade(section: Section): boolean {
  return section.children.some(
    (child) => isSection(child) && (keywordOf(child.heading!.text)?.kind === 'grade' || hasGrade(child)),
  );
}

function findGradeSentence(nodes: Node[]): string | undefined {
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

function reportsToSentence(text: string, title: string): { reportsTo: string; text: string } | null {
  if (text.includes('\n')) return null;
  const m = REPORTS_TO.exec(text);
  // One sentence only: a full stop inside link text ("[Sr. Director](…)") does not end it.
  if (!m || /[.!?] /.test(m[2]!.replace(/\[[^\]]*\]\([^)]*\)/g, 'link'))) return null;
  const subject = m[1] === title ? '{{title}}' : literal(m[1]!);
  return { reportsTo: m[2]!, text: `The ${subject} reports to {{reportsTo}}${m[3]}` };
}

function scopeOwner(scope: Scope): JobFamily | Level | Specialty {
  if (scope.kind === 'level') return scope.level;
  if (scope.kind === 'specialty') return scope.specialty;
  return scope.family;
}

function scopeOwnerExtends(scope: Scope): Inheritance | undefined {
  if (scope.kind === 'level') return scope.level.extends;
  if (scope.kind === 'specialty') return scope.specialty.extends;
  return undefined;
}

function setExtends(scope: Scope, value: Inheritance): void {
  if (scope.kind === 'level') scope.level.extends = value;
  if (scope.kind === 'specialty') scope.specialty.extends = value;
}

function toItem(item: ParsedItem): Item {
  return item.items.length === 0 ? item.text : { text: item.text, items: item.items.map(toItem) };
}

/** Page text as a Handlebars pattern that renders back to itself: "{{" is escaped. */
function literal(text: string): string {
  return text.replace(/\{\{/g, '\\{{');
}

function replaceOnce(text: string, search: string, replacement: string): string {
  if (!search) return text;
  const at = text.indexOf(search);
  return at < 0 ? text : text.slice(0, at) + replacement + text.slice(at + search.length);
}

function gapped<T extends OutlineNode>(node: T, gap: number): T {
  if (gap === 1) return node;
  if (typeof node === 'string') return { show: node, gap } as unknown as T;
  return { ...(node as object), gap } as T;
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.depth)} ${block.text}`;
    case 'paragraph':
    case 'list':
    case 'code':
      return block.text;
    case 'shortcode':
      return `{{% ${block.name} %}}`;
  }
}

function blocksText(blocks: Block[]): string {
  return blocks.map((b, i) => (i === 0 ? '' : '\n'.repeat(b.gap + 1)) + blockText(b)).join('');
}

/** Neighbouring verbatim blocks become one markdown node; empty placeholders disappear. */
function mergeMarkdown(nodes: OutlineNode[]): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (const node of nodes) {
    const prev = out[out.length - 1];
    if (typeof node === 'object' && 'markdown' in node) {
      if (node.markdown === '') continue;
      if (prev && typeof prev === 'object' && 'markdown' in prev) {
        prev.markdown += '\n'.repeat((node.gap ?? 1) + 1) + node.markdown;
        continue;
      }
    }
    out.push(node);
  }
  return out;
}

const KNOWN_FRONT_MATTER = new Set(['title', 'description', 'summary', 'layout', 'RoleName']);

/** The page's front matter as the model's typed keys plus the open params map, and how each entry was written. */
function readFrontMatter(entries: readonly FrontMatterEntry[]): {
  frontMatter: Record<string, unknown>;
  quoted: string[];
  text: Record<string, string>;
  order: string[] | undefined;
} {
  const frontMatter: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  const quoted: string[] = [];
  const text: Record<string, string> = {};
  for (const entry of entries) {
    const known = KNOWN_FRONT_MATTER.has(entry.key) && typeof entry.value === 'string' && entry.value !== '';
    if (known) frontMatter[entry.key] = entry.value;
    else params[entry.key] = entry.value;
    if (entry.quoted) quoted.push(entry.key);
    if (writeFrontMatterEntry({ key: entry.key, value: entry.value }, entry.quoted) !== entry.text) text[entry.key] = entry.text;
  }
  if (Object.keys(params).length > 0) frontMatter.params = params;
  const standard = frontMatterEntries(frontMatter as unknown as FrontMatter).map((e) => e.key);
  const written = entries.map((e) => e.key);
  const order = standard.join('\n') === written.join('\n') ? undefined : written;
  return { frontMatter, quoted, text, order };
}

export function importPage(file: string, source: string, grades: readonly Grade[], role: PageRole = 'family'): ImportResult {
  const page = parseMarkdownPage(source);
  const { frontMatter, quoted, text, order } = readFrontMatter(page.frontMatter);
  const warnings: Diagnostic[] = page.repairs.map((r) =>
    diagnostic(r.code, { file, line: r.line, column: r.column }, r.context as never, 'warning'),
  );
  if (!frontMatter.title) {
    const heading = page.blocks.find((b) => b.kind === 'heading');
    frontMatter.title = heading && heading.kind === 'heading' ? plain(heading.text) : file;
    warnings.push(diagnostic('import-no-title', { file, line: 1, column: 1 }, { title: frontMatter.title as string }, 'warning'));
  }
  const importer = new PageImporter(file, grades, frontMatter as unknown as FrontMatter, role);
  const family = importer.run(page.blocks, quoted);
  if (family.handbook && (Object.keys(text).length > 0 || order)) family.handbook = withFrontMatterText(family.handbook, text, order);
  if (family.handbook && page.frontMatter.length === 0 && !/^---\r?\n/.test(source)) family.handbook.withoutFrontMatter = true;
  return { family, warnings: [...warnings, ...importer.warnings].sort((a, b) => a.line - b.line), sourceLines: importer.sourceLines };
}

/** Puts frontMatterText after quoted, so the YAML reads in the order the schema documents. */
function withFrontMatterText(layout: HandbookLayout, text: Record<string, string>, order: string[] | undefined): HandbookLayout {
  const { bullet, quoted, ...rest } = layout;
  return {
    bullet,
    ...(quoted ? { quoted } : {}),
    ...(Object.keys(text).length > 0 ? { frontMatterText: text } : {}),
    ...(order ? { frontMatterOrder: order } : {}),
    ...rest,
  };
}
