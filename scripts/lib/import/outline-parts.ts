// The pieces of the page-to-outline conversion that need no state: scopes (the family, a level, a
// specialty) and what they own, list runs (one loose list, labelled groups), the level sentences (grade,
// reports to, "Extends the X"), and page text as outline patterns and markdown nodes. Pure.
import type { Block, ListBlock, ParagraphBlock, ParsedItem } from './markdown-page.ts';
import { isSection, type Node } from './section-tree.ts';
import type { FieldName, Inheritance, Item, JobFamily, Level, OutlineNode, Specialty } from '../types.ts';

export const LIST_FIELDS = new Set<FieldName>(['responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess']);
export const LISTS_OF: Record<Scope['kind'], ReadonlySet<FieldName>> = {
  family: LIST_FIELDS,
  level: LIST_FIELDS,
  specialty: new Set<FieldName>(['responsibilities', 'requirements', 'niceToHaves']),
};
/** Marks every field taken, so a section converted under it stays verbatim. */
export const ALL_FILLED: readonly string[] = ['intro', 'grade', 'reportsTo', 'careerLadder', ...LIST_FIELDS];

export type Scope =
  | { kind: 'family'; family: JobFamily; filled: Set<string> }
  | { kind: 'level'; level: Level; filled: Set<string> }
  | { kind: 'specialty'; specialty: Specialty; filled: Set<string> };

export const REPORTS_TO = /^The (.+?) reports to (.+?)(\.?)$/;

export interface ListRun {
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
export function listRun(children: readonly Node[]): ListRun | null {
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

export function reportsToSentence(text: string, title: string): { reportsTo: string; text: string } | null {
  if (text.includes('\n')) return null;
  const m = REPORTS_TO.exec(text);
  // One sentence only: a full stop inside link text ("[Sr. Director](…)") does not end it.
  if (!m || /[.!?] /.test(m[2]!.replace(/\[[^\]]*\]\([^)]*\)/g, 'link'))) return null;
  const subject = m[1] === title ? '{{title}}' : literal(m[1]!);
  return { reportsTo: m[2]!, text: `The ${subject} reports to {{reportsTo}}${m[3]}` };
}

export function scopeOwner(scope: Scope): JobFamily | Level | Specialty {
  if (scope.kind === 'level') return scope.level;
  if (scope.kind === 'specialty') return scope.specialty;
  return scope.family;
}

export function scopeOwnerExtends(scope: Scope): Inheritance | undefined {
  if (scope.kind === 'level') return scope.level.extends;
  if (scope.kind === 'specialty') return scope.specialty.extends;
  return undefined;
}

export function setExtends(scope: Scope, value: Inheritance): void {
  if (scope.kind === 'level') scope.level.extends = value;
  if (scope.kind === 'specialty') scope.specialty.extends = value;
}

export function toItem(item: ParsedItem): Item {
  return item.items.length === 0 ? item.text : { text: item.text, items: item.items.map(toItem) };
}

/** Page text as a Handlebars pattern that renders back to itself: "{{" is escaped. */
export function literal(text: string): string {
  return text.replace(/\{\{/g, '\\{{');
}

export function replaceOnce(text: string, search: string, replacement: string): string {
  if (!search) return text;
  const at = text.indexOf(search);
  return at < 0 ? text : text.slice(0, at) + replacement + text.slice(at + search.length);
}

export function gapped<T extends OutlineNode>(node: T, gap: number): T {
  if (gap === 1) return node;
  if (typeof node === 'string') return { show: node, gap } as unknown as T;
  return { ...(node as object), gap } as T;
}

export function blockText(block: Block): string {
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

export function blocksText(blocks: Block[]): string {
  return blocks.map((b, i) => (i === 0 ? '' : '\n'.repeat(b.gap + 1)) + blockText(b)).join('');
}

/** Neighbouring verbatim blocks become one markdown node; empty placeholders disappear. */
export function mergeMarkdown(nodes: OutlineNode[]): OutlineNode[] {
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

/** "Extends the X Responsibilities" / "... inherits the responsibilities of the X as well as ...". */
export function inheritance(
levels: readonly Level[],
first: ParsedItem | undefined,
scope: Scope,
field: FieldName,
): { ids: string[]; text: string } | null {
  if (!first || first.items.length > 0 || !/\b(extends|inherits)\b/i.test(first.text)) return null;
  if (field !== 'responsibilities' && field !== 'requirements') return null;
  const self = scope.kind === 'level' ? scope.level.id : null;
  const candidates = levels.filter((l) => l.id !== self).sort((a, b) => b.title.length - a.title.length);
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
