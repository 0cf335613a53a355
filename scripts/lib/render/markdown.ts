// Lays a family out as its handbook page: walks the outline, resolves each field to its value and
// hands the templates a flat list of blocks. Pure; the templates come in as a parameter.
import type {
  Bullet,
  FieldName,
  Grade,
  HandbookLayout,
  HandbookPage,
  Item,
  JobFamily,
  Level,
  OutlineNode,
  Output,
  SectionNode,
  ShowNode,
  Specialty,
} from '../types.ts';
import { frontMatterEntries, frontMatterText } from '../model/front-matter.ts';
import { DEFAULT_TEXT, refList } from '../family-format.ts';
import { gradeInfo } from '../model/grades.ts';
import { handbookPagePath } from '../model/paths.ts';
import type { MarkdownTemplates } from './templates.ts';

interface ItemView {
  indent: string;
  bullet: Bullet;
  firstLine: string;
  moreLines: string[];
  /** moreLines as written: indented under the item's text, blank lines left blank. */
  continuation: string[];
  hangingIndent: string;
  items: ItemView[];
}

type BlockView =
  | { partial: 'heading' | 'paragraph' | 'markdown'; gap: string; text: string }
  | { partial: 'shortcode'; gap: string; name: string }
  | { partial: 'list'; gap: string; items: ItemView[] };

export interface PageView {
  /** One entry per key; `text` is the whole entry as written ("key: value", or several lines for a list). */
  frontMatter: { key: string; value: string; text: string }[];
  blocks: BlockView[];
}

type Scope = { family: JobFamily } & (
  | { kind: 'family' }
  | { kind: 'level'; level: Level }
  | { kind: 'specialty'; specialty: Specialty }
);

/** The family's main page; with `page`, one of its further pages (a level page of a split family). */
export function renderHandbookPage(family: JobFamily, grades: readonly Grade[], templates: MarkdownTemplates, page?: HandbookPage): string {
  return templates.page(layoutHandbookPage(family, grades, templates.fill, page));
}

/** One handbook page per family, at handbook/<path of the YAML>.md (or <folder>/<handbook.file>.md). */
export function renderMarkdown(
  families: readonly { relativePath: string; family: JobFamily }[],
  grades: readonly Grade[],
  templates: MarkdownTemplates,
): Output[] {
  return families.flatMap(({ relativePath, family }) => familyHandbookPages(relativePath, family, grades, templates));
}

/** The page(s) of one family: its main page, then the further pages of a split family. (The build
 *  renders family by family and writes each as it goes, so it never holds every page.) */
export function familyHandbookPages(relativePath: string, family: JobFamily, grades: readonly Grade[], templates: MarkdownTemplates): Output[] {
  return [
    { path: handbookPagePath(relativePath, family.handbook?.file, family.handbook?.extension), content: renderHandbookPage(family, grades, templates) },
    ...(family.handbook?.pages ?? []).map((page) => ({
      path: handbookPagePath(relativePath, page.file, page.extension),
      content: renderHandbookPage(family, grades, templates, page),
    })),
  ];
}


export function layoutHandbookPage(
  family: JobFamily,
  grades: readonly Grade[],
  fill: MarkdownTemplates['fill'],
  page?: HandbookPage,
): PageView {
  const layout: Omit<HandbookPage, 'file'> = page ?? { ...(family.handbook ?? defaultLayout(family)), frontMatter: family.frontMatter };
  const quoted = new Set(layout.quoted ?? []);
  const frontMatter = (layout.withoutFrontMatter ? [] : frontMatterEntries(layout.frontMatter, layout.frontMatterOrder)).map((entry) => {
    const text = frontMatterText(entry, quoted.has(entry.key), layout.frontMatterText?.[entry.key]);
    return { key: entry.key, value: text.slice(entry.key.length + 1).replace(/^ /, ''), text };
  });
  const blocks: BlockView[] = [];
  const gapOf = (node: { gap?: number }) => '\n'.repeat(node.gap ?? 1);

  // Exactly the placeholders of TEMPLATE_VARIABLES, which validation holds the outline to.
  const contextOf = (scope: Scope): Record<string, unknown> => {
    if (scope.kind === 'level') {
      const { id, title, grade, reportsTo } = scope.level;
      const entry = grade === null ? null : gradeInfo(grade, grades);
      return { id, title, grade, gradeLabel: entry?.label ?? '', gradeLink: entry?.link ?? '', reportsTo };
    }
    if (scope.kind === 'specialty') {
      const { id, name, title } = scope.specialty;
      return { id, name, title };
    }
    return { title: family.frontMatter.title };
  };

  const show = (field: FieldName, node: Partial<ShowNode>, scope: Scope) => {
    const owner: Partial<Record<FieldName, unknown>> & { extends?: Level['extends'] } =
      scope.kind === 'level' ? scope.level : scope.kind === 'specialty' ? scope.specialty : family;
    const value = owner[field];
    const gap = gapOf(node);
    if (field === 'grade' || field === 'reportsTo') {
      if (value === null || value === undefined) return;
      blocks.push({ partial: 'paragraph', gap, text: fill(node.text ?? DEFAULT_TEXT[field], contextOf(scope)) });
    } else if (field === 'intro' || field === 'careerLadder') {
      if (typeof value === 'string') blocks.push({ partial: 'paragraph', gap, text: value });
    } else {
      const items = [...((value as Item[] | undefined) ?? [])];
      const targets = field === 'responsibilities' || field === 'requirements' ? refList(owner.extends?.[field]) : [];
      if (targets.length > 0) {
        const titles = targets.map((id) => family.levels.find((l) => l.id === id)?.title ?? id);
        const section = field === 'responsibilities' ? 'Responsibilities' : 'Requirements';
        const note = fill(node.text ?? DEFAULT_TEXT.extends, { ...contextOf(scope), targets: titles.join(' or '), section });
        items.unshift(note);
      }
      if (items.length === 0) return;
      const bullet = node.bullet ?? layout.bullet;
      // The inherited-list note goes in front of the field's own items, which the indexes count.
      const offset = items.length - ((value as Item[] | undefined)?.length ?? 0);
      const breaks = new Set((node.breaks ?? []).map((i) => i + offset));
      const labelledFrom = node.labelled === undefined ? Infinity : node.labelled + offset;
      let run: Item[] = [];
      let nextGap = gap;
      const push = (block: BlockView) => {
        blocks.push(block);
        nextGap = '\n';
      };
      const flush = () => {
        if (run.length > 0) push({ partial: 'list', gap: nextGap, items: run.map((item) => itemView(item, bullet, '')) });
        run = [];
      };
      items.forEach((item, i) => {
        if (i >= labelledFrom && typeof item === 'object') {
          flush();
          push({ partial: 'paragraph', gap: nextGap, text: item.text });
          push({ partial: 'list', gap: '\n', items: item.items.map((child) => itemView(child, bullet, '')) });
          return;
        }
        if (breaks.has(i)) flush();
        run.push(item);
      });
      flush();
    }
  };

  const walk = (nodes: readonly OutlineNode[], scope: Scope) => {
    for (const node of nodes) {
      if (typeof node === 'string') show(node, {}, scope);
      else if ('show' in node) show(node.show, node, scope);
      else if ('markdown' in node) blocks.push({ partial: 'markdown', gap: gapOf(node), text: node.markdown });
      else if ('shortcode' in node) blocks.push({ partial: 'shortcode', gap: gapOf(node), name: node.shortcode });
      else walkSection(node, scope);
    }
  };

  const walkSection = (node: SectionNode, outer: Scope) => {
    let scope = outer;
    const level = node.level === undefined ? undefined : family.levels.find((l) => l.id === node.level);
    const specialty = node.specialty === undefined ? undefined : family.specialties.find((s) => s.id === node.specialty);
    if (level) scope = { family, kind: 'level', level };
    else if (specialty) scope = { family, kind: 'specialty', specialty };
    if (node.heading !== undefined) {
      blocks.push({ partial: 'heading', gap: gapOf(node), text: fill(node.heading, contextOf(scope)) });
    }
    walk(node.body, scope);
  };

  walk(layout.outline, { family, kind: 'family' });
  return { frontMatter, blocks };
}

function itemView(item: Item, bullet: Bullet, indent: string): ItemView {
  const text = typeof item === 'string' ? item : item.text;
  const [firstLine = '', ...moreLines] = text.split('\n');
  const hangingIndent = indent + ' '.repeat(bullet.length + 1);
  return {
    indent,
    bullet,
    firstLine,
    moreLines,
    continuation: moreLines.map((line) => (line === '' ? '' : hangingIndent + line)),
    hangingIndent,
    items: typeof item === 'string' ? [] : item.items.map((child) => itemView(child, bullet, hangingIndent)),
  };
}

/** The page a hand-written family gets when its YAML has no `handbook` outline. */
export function defaultLayout(family: JobFamily): HandbookLayout {
  const outline: OutlineNode[] = [];
  const section = (heading: string, body: OutlineNode[]): SectionNode => ({ heading, body });
  if (family.intro) outline.push('intro');
  if (family.responsibilities.length > 0) outline.push(section('## Responsibilities', ['responsibilities']));
  if (family.requirements.length > 0) outline.push(section('## Requirements', ['requirements']));
  if (family.niceToHaves?.length) outline.push(section('## Nice-to-haves', ['niceToHaves']));
  if (family.levels.length > 0) {
    outline.push(
      section(
        '## Levels',
        family.levels.map((level) => ({
          heading: '### {{title}}',
          level: level.id,
          body: ([
            'reportsTo',
            'intro',
            section('#### {{title}} Job Grade', ['grade']),
            section('#### {{title}} Responsibilities', ['responsibilities']),
            section('#### {{title}} Requirements', ['requirements']),
            ...(level.niceToHaves?.length ? [section('#### {{title}} Nice-to-haves', ['niceToHaves'])] : []),
            ...(level.performanceIndicators?.length ? [section('#### {{title}} Performance Indicators', ['performanceIndicators'])] : []),
            ...(level.hiringProcess?.length ? [section('#### {{title}} Hiring Process', ['hiringProcess'])] : []),
          ] satisfies OutlineNode[]).filter((node) => typeof node !== 'object' || node.body[0] !== 'grade' || level.grade !== null),
        })),
      ),
    );
  }
  if (family.specialties.length > 0) {
    outline.push(
      section(
        '## Specialties',
        family.specialties.map((specialty): SectionNode => ({
          heading: '### {{name}}',
          specialty: specialty.id,
          body: [
            'intro',
            section('#### {{title}} Responsibilities', ['responsibilities']),
            section('#### {{title}} Requirements', ['requirements']),
            ...(specialty.niceToHaves?.length ? [section('#### {{title}} Nice-to-haves', ['niceToHaves'])] : []),
          ],
        })),
      ),
    );
  }
  if (family.performanceIndicators.length > 0) outline.push(section('## Performance Indicators', ['performanceIndicators']));
  if (family.careerLadder) outline.push(section('## Career Ladder', ['careerLadder']));
  if (family.hiringProcess.length > 0) outline.push(section('## Hiring Process', ['hiringProcess']));
  return { bullet: '-', outline };
}
