// Splits a handbook page into front matter and a flat list of markdown blocks (headings, paragraphs,
// lists, shortcodes), keeping the blank-line spacing between them. Pure. The block structure is
// CommonMark's, read by markdown-it: its tokens' source lines (`map`) say where each top-level block
// starts and ends, and blocks the model has no place for (ordered lists, block quotes, indented code,
// setext headings, thematic breaks, `+` lists) are kept as the page wrote them. Lists and paragraphs are
// then read line by line inside those bounds, so that broken markdown real pages contain (a lost
// bullet, lazy lines, mixed markers) is repaired and every repair reported: the caller says what changed.
import { MarkdownIt } from '../markdown/markdown-it.ts';
import { parseDocument, isMap, isNode, isScalar, type Scalar } from 'yaml';
import type { DIAGNOSTICS } from '../errors.ts';
import type { Bullet } from '../types.ts';
import { indentContinuationLines } from '../model/front-matter.ts';

export interface FrontMatterEntry {
  key: string;
  /** The value as YAML reads it: text for the typed keys, any YAML value for the rest. */
  value: unknown;
  quoted: boolean;
  /** The entry's lines exactly as the page wrote them. */
  text: string;
}

export interface ParsedItem {
  text: string;
  items: ParsedItem[];
  line: number;
}

interface BlockBase {
  /** Blank lines before the block. */
  gap: number;
  /** 1-based line in the source file. */
  line: number;
}
export interface HeadingBlock extends BlockBase {
  kind: 'heading';
  depth: number;
  text: string;
}
export interface ParagraphBlock extends BlockBase {
  kind: 'paragraph';
  text: string;
}
export interface ListBlock extends BlockBase {
  kind: 'list';
  bullet: Bullet;
  items: ParsedItem[];
  /** The list exactly as the page wrote it (after repairs), for verbatim fallbacks. */
  text: string;
}
export interface ShortcodeBlock extends BlockBase {
  kind: 'shortcode';
  name: string;
}
/** A fenced code block, kept as written: its lines are never read as headings or lists. */
export interface CodeBlock extends BlockBase {
  kind: 'code';
  text: string;
}
export type Block = HeadingBlock | ParagraphBlock | ListBlock | ShortcodeBlock | CodeBlock;

/** A repair of broken markdown, as a catalogue entry and where it happened. */
export type Repair = {
  [K in RepairCode]: { code: K; line: number; column: number; context: Parameters<(typeof DIAGNOSTICS)[K]>[0] };
}[RepairCode];
type RepairCode = 'import-lost-bullet' | 'import-lazy-paragraph' | 'import-lazy-continuation' | 'import-mixed-bullets' | 'import-blank-lines';

export interface MarkdownPage {
  /** The YAML between the page's `---` lines, as written; null when the page has no front matter block. */
  frontMatterYaml: string | null;
  frontMatter: FrontMatterEntry[];
  blocks: Block[];
  repairs: Repair[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const SHORTCODE = /^\{\{%\s*(.+?)\s*%\}\}$/;
const TOP_BULLET = /^([-*+])\s+(.*)$/;
const NESTED_BULLET = /^(\s+)([-*+])\s+(.*)$/;
const INDENTED = /^\s+(\S.*)$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})/;

/** Index of the line after the fenced code block opening at `start` (after its closing fence, or the end). */
function fenceEnd(lines: readonly string[], start: number, indent = 0): number {
  const open = FENCE.exec(lines[start]!.slice(indent))!;
  const marker = open[2]!;
  for (let j = start + 1; j < lines.length; j++) {
    const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(lines[j]!.slice(Math.min(indent, lines[j]!.search(/\S|$/))));
    if (close && close[2]![0] === marker[0] && close[2]!.length >= marker.length) return j + 1;
  }
  return lines.length;
}

const indentOf = (line: string) => line.search(/\S|$/);

export function parseMarkdownPage(source: string): MarkdownPage {
  const lines = source.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const { entries, bodyStart, yaml } = readFrontMatter(lines);
  const repairs: Repair[] = [];
  const blocks = readBlocks(lines, bodyStart, commonMarkBlocks(lines, bodyStart), repairs);
  return { frontMatterYaml: yaml, frontMatter: entries, blocks, repairs };
}

/** Where CommonMark's top-level blocks start, and which of them are kept exactly as written. */
interface BlockBounds {
  /** Lines (0-based) a top-level block starts on: a paragraph read line by line stops there. */
  starts: Set<number>;
  /** Start line → end line (exclusive) of the blocks kept verbatim. */
  verbatim: Map<number, number>;
}

// Only the block structure is read (each top-level token's type and `map`), so markdown-it's inline
// pass, about half its time on a page, is switched off: the block tokens are the same without it. Its
// normalize step is done here, where it is cheap: the lines are already split on every line ending,
// so only a NUL is left for it to replace.
const commonMark = new MarkdownIt('commonmark');
commonMark.core.ruler.enableOnly(['block']);

function commonMarkBlocks(lines: readonly string[], bodyStart: number): BlockBounds {
  const starts = new Set<number>();
  const verbatim = new Map<number, number>();
  const body = lines.slice(bodyStart).join('\n');
  const tokens = commonMark.parse(body.includes('\0') ? body.replace(/\0/g, '\uFFFD') : body, {});
  for (const token of tokens) {
    if (token.level !== 0 || token.nesting === -1 || !token.map) continue;
    const [from, to] = [token.map[0] + bodyStart, token.map[1] + bodyStart];
    starts.add(from);
    const line = lines[from]!;
    const atx = token.type === 'heading_open' && token.markup.startsWith('#');
    // A heading is structured only when it reads back as written ("## C#" or "  ## X" would not).
    const plainAtx = atx && HEADING.test(line) && line === `${token.markup} ${HEADING.exec(line)![2]}`;
    const kept =
      (token.type === 'heading_open' && !plainAtx) ||
      token.type === 'ordered_list_open' ||
      token.type === 'blockquote_open' ||
      token.type === 'code_block' ||
      token.type === 'hr' ||
      (token.type === 'bullet_list_open' && token.markup === '+');
    if (kept) verbatim.set(from, to);
  }
  return { starts, verbatim };
}

function readFrontMatter(lines: string[]): { entries: FrontMatterEntry[]; bodyStart: number; yaml: string | null } {
  if (lines[0] !== '---') return { entries: [], bodyStart: 0, yaml: null };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { entries: [], bodyStart: 0, yaml: null };
  const yamlText = lines.slice(1, end).join('\n');
  return { entries: simpleFrontMatterEntries(yamlText) ?? frontMatterEntries(yamlText), bodyStart: end + 1, yaml: yamlText };
}

// One `key: value` line whose value YAML reads as exactly the text written: double-quoted without an
// escape, or plain text that starts with a letter and holds no character YAML gives a meaning there
// (no ":", "#", quote or bracket...). Keys and values that YAML's core schema reads as null or a
// boolean are not simple.
const SIMPLE_ENTRY = /^([A-Za-z_][A-Za-z0-9_-]*): (?:"([^"\\\x00-\x1f\x7f]*)"|([A-Za-z](?:[A-Za-z0-9 ,.;'()&/_+-]*[A-Za-z0-9,.;'()&/_+-])?))$/;
const CORE_SCHEMA_WORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The entries of front matter made only of simple `key: value` lines (most pages have one to three),
 * read without a YAML parser; null for anything else, which frontMatterEntries reads. The same entries
 * as the parser gives (tests/import-front-matter.test.ts compares both on every real page and on
 * generated front matter).
 */
export function simpleFrontMatterEntries(yamlText: string): FrontMatterEntry[] | null {
  const entries: FrontMatterEntry[] = [];
  const keys = new Set<string>();
  for (const line of yamlText.split('\n')) {
    const m = SIMPLE_ENTRY.exec(line);
    if (!m) return null;
    const [, key, quoted, plain] = m as unknown as [string, string, string | undefined, string | undefined];
    if (keys.has(key) || CORE_SCHEMA_WORD.test(key) || (plain !== undefined && CORE_SCHEMA_WORD.test(plain))) return null;
    keys.add(key);
    entries.push({ key, value: quoted ?? plain, quoted: quoted !== undefined, text: line });
  }
  return entries;
}

/** The entries of front matter as the YAML parser reads it (leniently, as Hugo does); [] when it is not a map. */
export function frontMatterEntries(yamlText: string): FrontMatterEntry[] {
  // Read as Hugo does: unindented continuation lines of a quoted value are allowed. Offsets still
  // line up with the page's text because only lines that belong to a value get indented.
  const strict = parseDocument(yamlText);
  const readable = strict.errors.length === 0 ? yamlText : indentContinuationLines(yamlText);
  const doc = readable === yamlText ? strict : parseDocument(readable);
  const entries: FrontMatterEntry[] = [];
  if (isMap(doc.contents) && doc.errors.length === 0) {
    const pairs = doc.contents.items.filter((pair) => isScalar(pair.key) && pair.key.range);
    pairs.forEach((pair, i) => {
      const key = pair.key as Scalar;
      const from = key.range![0];
      const next = pairs[i + 1]?.key as Scalar | undefined;
      const to = next ? next.range![0] : readable.length;
      let value: unknown;
      try {
        value = isScalar(pair.value) ? pair.value.value : isNode(pair.value) ? pair.value.toJS(doc, { maxAliasCount: 100 }) : null;
      } catch {
        return; // an alias bomb in front matter: the entry is left out
      }
      entries.push({
        key: String(key.value),
        value: value ?? null,
        quoted: isScalar(pair.value) && pair.value.type === 'QUOTE_DOUBLE',
        text: unindent(readable.slice(from, to).replace(/\s+$/, ''), readable === yamlText ? '' : yamlText),
      });
    });
  }
  return entries;
}

/** The entry's text as the page wrote it: lines the lenient reading indented lose that indent again. */
function unindent(entry: string, original: string): string {
  if (original === '') return entry;
  const originalLines = new Set(original.split('\n'));
  return entry
    .split('\n')
    .map((line) => (!originalLines.has(line) && line.startsWith('  ') && originalLines.has(line.slice(2)) ? line.slice(2) : line))
    .join('\n');
}

function readBlocks(lines: string[], start: number, bounds: BlockBounds, repairs: Repair[]): Block[] {
  const blocks: Block[] = [];
  let i = start;
  let gap = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === '') {
      gap++;
      i++;
      continue;
    }
    if (gap > 1) {
      repairs.push({
        code: 'import-blank-lines',
        line: i + 1 - gap + 1,
        column: 1,
        context: { count: gap },
      });
      gap = 1;
    }
    const heading = HEADING.exec(line);
    const shortcode = SHORTCODE.exec(line);
    const keptTo = bounds.verbatim.get(i);
    if (keptTo !== undefined) {
      // CommonMark structure the model has no place for: kept exactly as written, never read as prose.
      let end = keptTo;
      while (end > i && lines[end - 1] === '') end--;
      blocks.push({ kind: 'code', gap, line: i + 1, text: lines.slice(i, end).join('\n') });
      i = end;
    } else if (heading) {
      blocks.push({ kind: 'heading', gap, line: i + 1, depth: heading[1]!.length, text: heading[2]! });
      i++;
    } else if (shortcode) {
      blocks.push({ kind: 'shortcode', gap, line: i + 1, name: shortcode[1]! });
      i++;
    } else if (FENCE.test(line)) {
      const end = fenceEnd(lines, i);
      blocks.push({ kind: 'code', gap, line: i + 1, text: lines.slice(i, end).join('\n') });
      i = end;
    } else if (TOP_BULLET.test(line)) {
      i = readList(lines, i, gap, blocks, repairs, bounds);
    } else {
      const first = i;
      // A paragraph ends where CommonMark starts another block (a heading, a fence, a list...).
      while (i < lines.length && lines[i] !== '' && !HEADING.test(lines[i]!) && (i === first || (!FENCE.test(lines[i]!) && !bounds.starts.has(i)))) i++;
      blocks.push({ kind: 'paragraph', gap, line: first + 1, text: lines.slice(first, i).join('\n') });
    }
    gap = 0;
  }
  return blocks;
}

/** Reads one list starting at `start`; returns the index after it. */
function readList(lines: string[], start: number, gap: number, blocks: Block[], repairs: Repair[], bounds: BlockBounds): number {
  const bullet = TOP_BULLET.exec(lines[start]!)![1] as Bullet;
  const items: ParsedItem[] = [];
  // Open items by indentation, so nested bullets and continuation lines attach to the right parent.
  let stack: { indent: number; item: ParsedItem }[] = [];
  const rendered: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    // Another CommonMark block starts here (an ordered list, a quote...): the list ends. A bullet
    // with another marker starts a new list for CommonMark too, but is repaired into this one below.
    if (i !== start && bounds.starts.has(i) && !TOP_BULLET.test(line)) break;
    const open = stack[stack.length - 1];
    const contentIndent = open ? open.indent + (open.indent === 0 ? bullet.length + 1 : 2) : 0;
    if (line === '' && open) {
      // A blank line, then text indented to the item's content: a further paragraph (or code) of the
      // same item, so the list goes on (CommonMark); the item keeps the blank line.
      let j = i;
      while (j < lines.length && lines[j] === '') j++;
      const next = lines[j];
      if (next !== undefined && indentOf(next) >= contentIndent && !NESTED_BULLET.test(next)) {
        let end = j;
        while (end < lines.length && lines[end] !== '' && indentOf(lines[end]!) >= contentIndent) {
          end = FENCE.test(lines[end]!.slice(contentIndent)) ? fenceEnd(lines, end, contentIndent) : end + 1;
        }
        const more = lines.slice(i, end);
        open.item.text += `\n${more.map((l) => l.slice(Math.min(contentIndent, indentOf(l)))).join('\n')}`;
        rendered.push(...more);
        i = end - 1;
        continue;
      }
    }
    if (line === '' || HEADING.test(line) || SHORTCODE.test(line)) break;
    if (open && indentOf(line) >= contentIndent && FENCE.test(line.slice(contentIndent))) {
      // A fenced code block inside the item: its lines, blank ones too, belong to the item.
      const end = fenceEnd(lines, i, contentIndent);
      const code = lines.slice(i, end);
      open.item.text += `\n${code.map((l) => l.slice(Math.min(contentIndent, indentOf(l)))).join('\n')}`;
      rendered.push(...code);
      i = end - 1;
      continue;
    }
    const top = TOP_BULLET.exec(line);
    const nested = NESTED_BULLET.exec(line);
    const indented = INDENTED.exec(line);
    if (top) {
      if (top[1] !== bullet) {
        repairs.push({
          code: 'import-mixed-bullets',
          line: i + 1,
          column: 1,
          context: { used: top[1]!, bullet },
        });
      }
      const item = { text: top[2]!, items: [], line: i + 1 };
      items.push(item);
      stack = [{ indent: 0, item }];
      rendered.push(`${bullet} ${top[2]}`);
    } else if (nested && stack.length > 0) {
      const indent = nested[1]!.length;
      while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const item = { text: nested[3]!, items: [], line: i + 1 };
      stack[stack.length - 1]!.item.items.push(item);
      stack.push({ indent, item });
      rendered.push(line);
    } else if (indented && stack.length > 0) {
      const open = stack[stack.length - 1]!.item;
      open.text += `\n${indented[1]}`;
      rendered.push(line);
    } else if (/^[a-z]/.test(line) && stack.length > 0) {
      // CommonMark reads an unindented line after an item's text as more of that text ("lazy
      // continuation"); a line in lower case cannot start a new item, so it is indented to show that.
      const open = stack[stack.length - 1]!;
      repairs.push({ code: 'import-lazy-continuation', line: i + 1, column: 1, context: { line: excerpt(line) } });
      open.item.text += `\n${line}`;
      rendered.push(`${' '.repeat(open.indent + bullet.length + 1)}${line}`);
    } else if (continuesList(lines, i + 1)) {
      // A line between two bullets without a marker of its own is an item that lost its dash:
      // markdown would glue it onto the previous item.
      repairs.push({
        code: 'import-lost-bullet',
        line: i + 1,
        column: 1,
        context: { line: excerpt(line), bullet },
      });
      const item = { text: line, items: [], line: i + 1 };
      items.push(item);
      stack = [{ indent: 0, item }];
      rendered.push(`${bullet} ${line}`);
    } else {
      // Text right after the last item, with no blank line: markdown would glue it onto that item.
      repairs.push({
        code: 'import-lazy-paragraph',
        line: i + 1,
        column: 1,
        context: { line: excerpt(line) },
      });
      blocks.push({ kind: 'list', gap, line: start + 1, bullet, items, text: rendered.join('\n') });
      const first = i;
      while (i < lines.length && lines[i] !== '' && !HEADING.test(lines[i]!)) i++;
      blocks.push({ kind: 'paragraph', gap: 1, line: first + 1, text: lines.slice(first, i).join('\n') });
      return i;
    }
  }
  blocks.push({ kind: 'list', gap, line: start + 1, bullet, items, text: rendered.join('\n') });
  return i;
}

/** True when a top-level bullet follows before the block ends. */
function continuesList(lines: string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j]!;
    if (line === '' || HEADING.test(line)) return false;
    if (TOP_BULLET.test(line)) return true;
  }
  return false;
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
