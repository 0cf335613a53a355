// The prose of a family file, each string with the way back from a character to its line and column:
// what the house rules (forbidden phrases) and the language checks read. Each text is listed once,
// where it is written: a level that inherits a list does not repeat it, so a finding in inherited
// text is reported once, at its source. Pure.
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { PathSegment } from '../load/parse-yaml.ts';
import { lineIndex, sourceOffsets } from '../load/string-positions.ts';

export type TextKind =
  /** A job title: the family's, a level's or specialty's, a reportsTo. */
  | 'title'
  /** Prose: intros, list items, the career ladder, descriptions. */
  | 'text'
  /** Page prose the model does not structure (an outline `markdown` node). */
  | 'markdown';

export interface FamilyText {
  path: PathSegment[];
  /** JSON pointer of the string, for CI report fingerprints. */
  pointer: string;
  kind: TextKind;
  value: string;
  /** The value with what is not prose blanked out (same length): link targets, URLs, inline code,
   *  shortcodes, HTML tags and markdown heading lines. Checks search this. */
  prose: string;
  /** Line and column in the file of the value's character at `index`. */
  at: (index: number) => { line: number; column: number };
}

// Keys whose values are identifiers or Hugo's own parameters rather than prose. Under `handbook:`
// (the page layout) only `markdown` nodes are prose; headings and sentences there are templates.
const SKIPPED_KEYS = new Set(['id', 'extends', 'grade', 'layout', 'params']);
const TITLE_KEYS = new Set(['title', 'name', 'reportsTo', 'RoleName']);

const pointerOf = (path: readonly PathSegment[]) => path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** Blanks (with spaces, keeping offsets) the parts of markdown that are not words a reader reads. */
export function proseOf(value: string, kind: TextKind): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  let prose = value
    .replace(/\]\([^)\s]*(\s+"[^"]*")?\)/g, (m) => `]${blank(m.slice(1))}`)
    .replace(/\bhttps?:\/\/[^\s)>\]]+/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/\{\{[<%][\s\S]*?[%>]\}\}|\{\{[\s\S]*?\}\}/g, blank)
    .replace(/<\/?[a-zA-Z][^>\n]*>/g, blank);
  // Headings name sections ("Responsibilities"), which would count as coded words in every family.
  if (kind === 'markdown') prose = prose.replace(/^ {0,3}#{1,6}(?: [^\n]*)?$/gm, blank);
  return prose;
}

/** Every prose string of a parsed family file, in document order. */
export function familyTexts(document: Document, sourceText: string): FamilyText[] {
  const position = lineIndex(sourceText);
  const texts: FamilyText[] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (SKIPPED_KEYS.has(key)) continue;
        visit(pair.value, [...path, key]);
      }
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const key = [...path].reverse().find((s): s is string => typeof s === 'string');
    if (path[0] === 'handbook' && key !== 'markdown') return;
    const kind: TextKind = key === 'markdown' ? 'markdown' : key !== undefined && TITLE_KEYS.has(key) ? 'title' : 'text';
    const value = node.value;
    const start = (node as YamlNode).range?.[0] ?? 0;
    const offsets = sourceOffsets(sourceText, node);
    texts.push({
      path,
      pointer: pointerOf(path),
      kind,
      value,
      prose: proseOf(value, kind),
      at: (index) => position(offsets?.[index] ?? start),
    });
  };
  visit(document.contents, []);
  return texts;
}
