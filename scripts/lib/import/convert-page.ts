// The converter of the importer: a classified page (classify-page.ts) → a JobFamily whose `handbook` outline
// renders the page back, plus the sections kept verbatim as warnings. Pure functions: each returns its
// outline nodes and its warnings as values. The family is built inside one `convertPage` call: levels and
// specialties are appended in page order (ids stay unique, inheritance names the levels before) and a scope's
// `filled` set records which fields it has taken, so a second Responsibilities section stays verbatim.
import type { Diagnostic, FieldName, FrontMatter, Grade, Inheritance, JobFamily, Level, OutlineNode, SectionNode, ShowNode, Specialty } from '../types.ts';
import type { Block, HeadingBlock, ListBlock } from './markdown-page.ts';
import { DEFAULT_TEXT, slugify } from '../family-format.ts';
import { diagnostic } from '../errors.ts';
import { isSection, leadingBlocks, matchGrade, plain, type Node, type Section } from './section-tree.ts';
import type { ClassifiedPage, SectionFacts, Staged } from './classify-page.ts';
import {
  ALL_FILLED,
  blocksText,
  blockText,
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
  type Scope,
} from './outline-parts.ts';

export interface ConvertedPage {
  family: JobFamily;
  /** Where in the page a level or specialty came from, by JSON pointer ("/levels/2" → its heading's line). */
  sourceLines: Record<string, number>;
}

/** What every conversion step reads: the page's facts, and the family being built by this one call. */
interface Draft {
  readonly file: string;
  readonly grades: readonly Grade[];
  readonly page: ClassifiedPage;
  readonly family: JobFamily;
  /** The heading line each level and specialty was opened at. */
  readonly lines: Map<Level | Specialty, number>;
}

type Nodes = Staged<OutlineNode[]>;

export function convertPage(file: string, page: ClassifiedPage, frontMatter: FrontMatter, quoted: readonly string[], grades: readonly Grade[]): Staged<ConvertedPage> {
  const family: JobFamily = {
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
  const draft: Draft = { file, grades, page, family, lines: new Map() };
  const outline = page.role === 'level' ? convertLevelPage(draft) : convertRoot(draft);
  family.levels = levelsByGrade(family.levels);
  family.handbook = {
    bullet: page.bullet,
    ...(quoted.length > 0 ? { quoted: [...quoted] } : {}),
    outline: outline.value,
  };
  const sourceLines: Record<string, number> = {};
  family.levels.forEach((level, i) => (sourceLines[`/levels/${i}`] = draft.lines.get(level)!));
  family.specialties.forEach((specialty, i) => (sourceLines[`/specialties/${i}`] = draft.lines.get(specialty)!));
  return { value: { family, sourceLines }, warnings: outline.warnings };
}

/** The model lists levels junior to senior; a page may list a second track after the first (a manager
 *  ladder after the individual contributors, grades dropping back). The outline keeps the page's order. */
function levelsByGrade(levels: Level[]): Level[] {
  let last = -Infinity;
  const keyed = levels.map((level, index) => {
    if (level.grade !== null) last = level.grade;
    return { level, index, key: last };
  });
  if (keyed.every((k, i) => i === 0 || k.key >= keyed[i - 1]!.key)) return levels;
  return [...keyed].sort((a, b) => a.key - b.key || a.index - b.index).map((k) => k.level);
}

/** Runs steps in order, keeping their warnings in that order. */
function collector() {
  const warnings: Diagnostic[] = [];
  const take = <T>(staged: Staged<T>): T => {
    warnings.push(...staged.warnings);
    return staged.value;
  };
  return { warnings, take };
}

function convertRoot(draft: Draft): Nodes {
  const scope: Scope = { kind: 'family', family: draft.family, filled: new Set() };
  const children = draft.page.root.children;
  const span = draft.page.implicitLevel;
  if (!span) return convertChildren(draft, children, scope, true);
  const { warnings, take } = collector();
  const value = mergeMarkdown([
    ...take(convertChildren(draft, children.slice(0, span.from), scope, true)),
    take(convertImplicitLevel(draft, children.slice(span.from, span.to + 1))),
    ...take(convertChildren(draft, children.slice(span.to + 1), scope, false)),
  ]);
  return { value, warnings };
}

/** A level page of a split family: the whole page is that one level, titled by its front matter. */
function convertLevelPage(draft: Draft): Nodes {
  const level = newLevel(draft, draft.family.frontMatter.title, 1);
  const scope: Scope = { kind: 'level', level, filled: new Set() };
  const body = convertChildren(draft, draft.page.root.children, scope, true);
  return { value: [{ level: level.id, body: body.value }], warnings: body.warnings };
}

/** A page without level sections describes one role: its grade, responsibilities and
 *  requirements sections (and whatever lies between them) form its only level. */
function convertImplicitLevel(draft: Draft, sections: Node[]): Staged<SectionNode> {
  const { title, line } = draft.page.implicitLevel!;
  const level = newLevel(draft, title, line);
  const scope: Scope = { kind: 'level', level, filled: new Set() };
  const body = convertChildren(draft, sections, scope, false);
  return { value: { level: level.id, body: body.value }, warnings: body.warnings };
}

function newLevel(draft: Draft, title: string, line: number): Level {
  const levels = draft.family.levels;
  let id = slugify(title);
  if (levels.some((l) => l.id === id)) {
    let n = 2;
    while (levels.some((l) => l.id === `${id}-${n}`)) n++;
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
  draft.lines.set(level, line);
  levels.push(level);
  return level;
}

const factsOf = (draft: Draft, section: Section): SectionFacts => draft.page.facts.get(section)!;

function convertSection(draft: Draft, section: Section, scope: Scope): Staged<OutlineNode> {
  const heading = section.heading!;
  const { keyword, levelContent } = factsOf(draft, section);
  if (scope.kind === 'family' && draft.page.levels.has(section)) return convertLevel(draft, section);
  if (scope.kind === 'family' && keyword?.kind === 'specialties') return convertSpecialties(draft, section, scope);
  // In a split family the levels are pages; a titled section with lists of its own, after the
  // lists of the page's own scope, is a specialty (the first such section holds the scope's lists).
  const ownLists = scope.filled.has('responsibilities') || scope.filled.has('requirements');
  if (draft.page.role !== 'family' && scope.kind !== 'specialty' && ownLists && !keyword && levelContent) return convertSpecialty(draft, section);
  const field = keyword?.kind as FieldName | undefined;
  if (field && LIST_FIELDS.has(field)) {
    const lists = convertListSection(draft, section, scope, field);
    return { value: sectionNode(heading, scope, lists.value), warnings: lists.warnings };
  }
  if (field === 'careerLadder' && scope.kind === 'family' && leadingBlocks(section).length > 0 && !scope.filled.has(field)) {
    scope.filled.add(field);
    const prose = leadingBlocks(section);
    draft.family.careerLadder = blocksText(prose);
    const rest = convertChildren(draft, section.children.slice(prose.length), scope, false);
    return { value: sectionNode(heading, scope, [gapped<OutlineNode>('careerLadder', prose[0]!.gap), ...rest.value]), warnings: rest.warnings };
  }
  // The first prose section of a page without an intro introduces the family.
  const leading = scope.kind === 'family' && draft.family.levels.length === 0 && !scope.filled.has('intro');
  const body = convertChildren(draft, section.children, scope, leading);
  const kept = body.value.some((n) => typeof n === 'object' && 'markdown' in n);
  const warnings = kept ? [...body.warnings, verbatimWarning(draft, heading, 'it is not part of the job-family model')] : body.warnings;
  return { value: sectionNode(heading, scope, body.value), warnings };
}

/** The outline node of a section: its heading as a pattern of the scope, what it opens, its body. */
function sectionNode(heading: HeadingBlock, scope: Scope, body: OutlineNode[], opens: Pick<SectionNode, 'level' | 'specialty'> = {}): SectionNode {
  return gapped({ heading: headingTemplate(heading, scope), ...opens, body }, heading.gap);
}

function convertChildren(draft: Draft, children: Node[], scope: Scope, leading: boolean): Nodes {
  const { warnings, take } = collector();
  const out: OutlineNode[] = [];
  let stillLeading = leading;
  let introRun = false;
  for (const child of children) {
    if (isSection(child)) {
      stillLeading = false;
      introRun = false;
      out.push(take(convertSection(draft, child, scope)));
      continue;
    }
    if (introRun && child.kind === 'paragraph' && child.gap === 1 && !isLevelSentence(draft, child.text, scope)) {
      // Paragraphs straight after the intro belong to it.
      const owner = scopeOwner(scope) as { intro: string | null };
      owner.intro += `\n\n${child.text}`;
      continue;
    }
    const hadIntro = scope.filled.has('intro');
    out.push(convertBlock(draft, child, scope, stillLeading));
    introRun = !hadIntro && scope.filled.has('intro');
  }
  return { value: mergeMarkdown(out), warnings };
}

function isLevelSentence(draft: Draft, text: string, scope: Scope): boolean {
  if (scope.kind !== 'level') return false;
  return gradeSentence(draft.grades, text, scope.level.title) !== null || reportsToSentence(text, scope.level.title) !== null;
}

function convertLevel(draft: Draft, section: Section): Staged<SectionNode> {
  const level = newLevel(draft, factsOf(draft, section).title, section.heading!.line);
  const scope: Scope = { kind: 'level', level, filled: new Set() };
  const body = convertChildren(draft, section.children, scope, true);
  return { value: sectionNode(section.heading!, scope, body.value, { level: level.id }), warnings: body.warnings };
}

function convertSpecialties(draft: Draft, section: Section, scope: Scope): Staged<SectionNode> {
  const { warnings, take } = collector();
  const body: OutlineNode[] = [];
  for (const child of section.children) body.push(isSection(child) ? take(convertSpecialty(draft, child)) : verbatim(child));
  return { value: sectionNode(section.heading!, scope, mergeMarkdown(body)), warnings };
}

function convertSpecialty(draft: Draft, section: Section): Staged<SectionNode> {
  const { title: name, specialtyTitle } = factsOf(draft, section);
  const { levels, specialties } = draft.family;
  let id = slugify(name) || 'specialty';
  for (let n = 2; specialties.some((s) => s.id === id) || levels.some((l) => l.id === id); n++) id = `${slugify(name) || 'specialty'}-${n}`;
  const specialty: Specialty = {
    id,
    name,
    title: specialtyTitle,
    intro: null,
    extends: undefined,
    responsibilities: [],
    requirements: [],
  };
  draft.lines.set(specialty, section.heading!.line);
  specialties.push(specialty);
  const scope: Scope = { kind: 'specialty', specialty, filled: new Set() };
  const body = convertChildren(draft, section.children, scope, true);
  return { value: sectionNode(section.heading!, scope, body.value, { specialty: specialty.id }), warnings: body.warnings };
}

/** "### Manager, Sales Systems Job Grade" → "### {{title}} Job Grade" inside that level. */
function headingTemplate(heading: HeadingBlock, scope: Scope): string {
  const hashes = '#'.repeat(heading.depth);
  let text = literal(heading.text);
  if (scope.kind === 'level') text = replaceOnce(text, scope.level.title, '{{title}}');
  if (scope.kind === 'specialty') {
    text = text === scope.specialty.name ? '{{name}}' : replaceOnce(text, scope.specialty.title, '{{title}}');
  }
  return `${hashes} ${text}`;
}

function convertListSection(draft: Draft, section: Section, scope: Scope, field: FieldName): Nodes {
  const lists = section.children.filter((c): c is ListBlock => !isSection(c) && c.kind === 'list');
  const owner = scopeOwner(scope);
  const run = listRun(section.children);
  if (!run || scope.filled.has(field) || !LISTS_OF[scope.kind].has(field)) {
    const why = lists.length > 1 ? `it holds ${lists.length} lists that are neither one loose list nor labelled groups` : lists.length === 0 ? 'it holds no list' : 'its content is already given above';
    const warning = verbatimWarning(draft, section.heading!, why);
    const body = convertChildren(draft, section.children, { ...scope, filled: new Set(ALL_FILLED) }, false);
    return { value: body.value, warnings: [warning, ...body.warnings] };
  }
  scope.filled.add(field);
  const { warnings, take } = collector();
  const out: OutlineNode[] = [];
  for (const [index, child] of section.children.entries()) {
    if (index > run.from && index <= run.to) continue;
    if (index !== run.from) {
      out.push(...take(convertChildren(draft, [child], scope, false)));
      continue;
    }
    const list = run.lists[0]!;
    const show: ShowNode = { show: field };
    if (list.bullet !== draft.page.bullet) show.bullet = list.bullet;
    if (run.breaks.length > 0) show.breaks = run.breaks;
    if (run.labelled !== undefined) show.labelled = run.labelled;
    let items = run.items;
    const inherited = scope.kind === 'family' || run.labelled === 0 ? null : inheritance(draft.family.levels, items[0], scope, field);
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
  return { value: mergeMarkdown(out), warnings };
}

/** One block: a shortcode, a level's grade or reports-to sentence, the scope's intro, or prose kept verbatim. */
function convertBlock(draft: Draft, block: Block, scope: Scope, leading: boolean): OutlineNode {
  if (block.kind === 'shortcode') return gapped({ shortcode: block.name }, block.gap);
  if (block.kind === 'paragraph' && scope.kind === 'level') {
    const level = scope.level;
    const grade = !scope.filled.has('grade') ? gradeSentence(draft.grades, block.text, level.title) : null;
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
  return verbatim(block);
}

/** "The Manager is a [grade 8](…)." → the grade and the sentence as a pattern ({{title}}, {{grade}}, {{gradeLink}}). */
function gradeSentence(grades: readonly Grade[], text: string, title: string): { grade: number; text: string } | null {
  const m = matchGrade(text);
  if (!m) return null;
  const before = replaceOnce(literal(text.slice(0, m.at)), title, '{{title}}');
  const after = literal(text.slice(m.at + m.length));
  if (m.link === null) return { grade: m.grade, text: `${before}${m.prefix}{{grade}}${after}` };
  const known = grades.find((g) => g.grade === m.grade);
  const link = known?.link === m.link ? '{{gradeLink}}' : m.link;
  return { grade: m.grade, text: `${before}[${m.prefix}{{grade}}](${link})${after}` };
}

function verbatim(block: Block): OutlineNode {
  return gapped({ markdown: blockText(block) }, block.gap);
}

function verbatimWarning(draft: Draft, heading: HeadingBlock, why: string): Diagnostic {
  const at = { file: draft.file, line: heading.line, column: 1 };
  return diagnostic('import-verbatim', at, { section: plain(heading.text), why }, 'warning');
}
