// Turns a parsed handbook page into a JobFamily: levels, grades, lists and inheritance become values;
// the page's heading scheme, bullet markers and section order become the `handbook` outline; prose the
// model does not cover is kept verbatim in place. Pure: the grade table comes in as a parameter.
// The section tree and the classification of sections live in section-tree.ts, the stateless parts of the
// conversion in outline-parts.ts; this class walks the tree once and fills the family as it goes.
import type { Bullet, Diagnostic, FieldName, FrontMatter, Grade, Inheritance, JobFamily, Level, OutlineNode, SectionNode, ShowNode, Specialty } from '../types.ts';
import { parseMarkdownPage, type Block, type HeadingBlock, type ListBlock } from './markdown-page.ts';
import { DEFAULT_TEXT, slugify } from '../model/family.ts';
import { diagnostic } from '../errors.ts';
import { buildTree, findGradeSentence, hasGrade, matchGrade, hasLevelContent, isLevelGroup, isSection, keywordOf, leadingBlocks, LEVEL_KINDS, plain, type Node, type Section, type SectionKind } from './section-tree.ts';
import {
  ALL_FILLED,
  blocksText,
  gapped,
  inheritance,
  LIST_FIELDS,
  listRun,
  LISTS_OF,
  literal,
  mergeMarkdown,
  replaceOnce,
  reportsToSentence,
  scopeOwner,
  scopeOwnerExtends,
  setExtends,
  toItem,
  blockText,
  type Scope,
} from './outline-parts.ts';
import { readPageFrontMatter, withFrontMatterText } from './page-front-matter.ts';

export { hasJobContent } from './section-tree.ts';

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
      const inherited = scope.kind === 'family' || run.labelled === 0 ? null : inheritance(this.family.levels, items[0], scope, field);
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

export function importPage(file: string, source: string, grades: readonly Grade[], role: PageRole = 'family'): ImportResult {
  const page = parseMarkdownPage(source);
  const { frontMatter, quoted, text, order } = readPageFrontMatter(page.frontMatter);
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

