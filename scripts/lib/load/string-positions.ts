// Maps a position inside a YAML string value back to the file: index i of the value (after YAML
// undid quoting, escapes, folding and block indentation) → the offset of the source character that
// produced it. Checks that find a word inside a text (the policy's forbidden phrases, the language
// checks) report the word's own line and column through this one module. Pure.
//
// How: the scalar's raw source slice (node.range) is read again by the same rules YAML uses for its
// type (plain, '…', "…", | and >), keeping the source offset of every character produced. The result
// is accepted only when it spells exactly the value the yaml package parsed; otherwise (a case these
// rules do not cover) the caller gets null and falls back to the start of the node.
import { Scalar } from 'yaml';

interface Unit {
  text: string;
  /** Source offset of the character(s) that produced `text`. */
  at: number;
  /** Literal whitespace may be trimmed by folding; escaped whitespace ("\t") may not. */
  space: boolean;
}

interface Line {
  units: Unit[];
  /** Offset of the line break that ends the line. */
  breakAt: number;
  /** The line ends in a backslash-escaped line break (double-quoted only): joined without a space. */
  escapedBreak: boolean;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Splits a flow scalar's content (quotes removed) into lines of units, decoding escapes on the way. */
function flowLines(source: string, start: number, end: number, style: 'plain' | 'single' | 'double'): Line[] | null {
  const lines: Line[] = [];
  let units: Unit[] = [];
  let i = start;
  while (i < end) {
    const c = source[i]!;
    if (c === '\r' && source[i + 1] === '\n') {
      i += 1;
      continue;
    }
    if (c === '\n') {
      lines.push({ units, breakAt: i, escapedBreak: false });
      units = [];
      i += 1;
      continue;
    }
    if (style === 'single' && c === "'" && source[i + 1] === "'") {
      units.push({ text: "'", at: i, space: false });
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return null;
      if (next === '\n' || (next === '\r' && source[i + 2] === '\n')) {
        const breakAt = next === '\n' ? i + 1 : i + 2;
        lines.push({ units, breakAt, escapedBreak: true });
        units = [];
        i = breakAt + 1;
        continue;
      }
      const digits = HEX_DIGITS[next];
      if (digits !== undefined) {
        const hex = source.slice(i + 2, i + 2 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null;
        units.push({ text: String.fromCodePoint(parseInt(hex, 16)), at: i, space: false });
        i += 2 + digits;
        continue;
      }
      const decoded = ESCAPES[next];
      if (decoded === undefined) return null;
      units.push({ text: decoded, at: i, space: false });
      i += 2;
      continue;
    }
    units.push({ text: c, at: i, space: c === ' ' || c === '\t' });
    i += 1;
  }
  lines.push({ units, breakAt: end, escapedBreak: false });
  return lines;
}

const trimStart = (units: Unit[]) => {
  let i = 0;
  while (i < units.length && units[i]!.space) i += 1;
  return units.slice(i);
};
const trimEnd = (units: Unit[]) => {
  let i = units.length;
  while (i > 0 && units[i - 1]!.space) i -= 1;
  return units.slice(0, i);
};

/** YAML's line folding of flow scalars: a single break is a space, n breaks are n-1 newlines. */
function foldFlow(lines: Line[]): Unit[] {
  const out: Unit[] = [];
  let pendingEmpty = 0;
  let previous: Line | null = null;
  lines.forEach((line, index) => {
    let units = line.units;
    if (index > 0) units = trimStart(units);
    if (index < lines.length - 1 && !line.escapedBreak) units = trimEnd(units);
    const empty = units.length === 0 && index > 0 && index < lines.length - 1;
    if (empty && !line.escapedBreak) {
      pendingEmpty += 1;
      return;
    }
    if (previous) {
      if (previous.escapedBreak) {
        for (let k = 0; k < pendingEmpty; k++) out.push({ text: '\n', at: previous.breakAt, space: false });
      } else if (pendingEmpty === 0) {
        out.push({ text: ' ', at: previous.breakAt, space: false });
      } else {
        for (let k = 0; k < pendingEmpty; k++) out.push({ text: '\n', at: previous.breakAt, space: false });
      }
    }
    pendingEmpty = 0;
    out.push(...units);
    previous = line;
  });
  return out;
}

/** Lines of a block scalar's body with `indent` columns removed; null when a text line is indented less. */
function blockLines(source: string, bodyStart: number, end: number, indent: number): Array<{ units: Unit[]; breakAt: number; empty: boolean; more: boolean }> | null {
  const result: Array<{ units: Unit[]; breakAt: number; empty: boolean; more: boolean }> = [];
  let i = bodyStart;
  while (i < end) {
    let lineEnd = source.indexOf('\n', i);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const contentEnd = lineEnd > i && source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const raw = source.slice(i, contentEnd);
    if (raw.trim() === '' && raw.length <= indent) {
      result.push({ units: [], breakAt: lineEnd, empty: true, more: false });
    } else {
      if (!/^ *$/.test(raw.slice(0, indent))) return null;
      const units: Unit[] = [];
      for (let k = i + indent; k < contentEnd; k++) units.push({ text: source[k]!, at: k, space: source[k] === ' ' || source[k] === '\t' });
      result.push({ units, breakAt: lineEnd, empty: false, more: source[i + indent] === ' ' || source[i + indent] === '\t' });
    }
    i = lineEnd + 1;
  }
  return result;
}

function foldBlock(lines: NonNullable<ReturnType<typeof blockLines>>, folded: boolean): Unit[] {
  const out: Unit[] = [];
  let previous: (typeof lines)[number] | null = null;
  let empties: Array<(typeof lines)[number]> = [];
  for (const line of lines) {
    if (line.empty) {
      empties.push(line);
      continue;
    }
    if (previous) {
      const fold = folded && !previous.more && !line.more;
      if (fold && empties.length === 0) out.push({ text: ' ', at: previous.breakAt, space: false });
      else {
        if (!fold) out.push({ text: '\n', at: previous.breakAt, space: false });
        for (const empty of empties) out.push(...empty.units, { text: '\n', at: empty.breakAt, space: false });
      }
    } else {
      for (const empty of empties) out.push(...empty.units, { text: '\n', at: empty.breakAt, space: false });
    }
    empties = [];
    out.push(...line.units);
    previous = line;
  }
  return out;
}

function blockUnits(source: string, start: number, end: number, folded: boolean, value: string): Unit[] | null {
  const headerEnd = source.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return [];
  const header = source.slice(start + 1, headerEnd).replace(/\s+#.*$/, '').trim();
  const explicit = /[1-9]/.exec(header);
  const bodyStart = headerEnd + 1;
  const firstText = /^( *)\S/m.exec(source.slice(bodyStart, end));
  const detected = firstText ? firstText[1]!.length : 0;
  // An explicit indentation indicator counts from the parent node's indentation, which the slice
  // does not show: try each candidate and keep the one that spells the parsed value.
  const candidates = explicit ? Array.from({ length: detected + 1 }, (_, k) => detected - k) : [detected];
  const wanted = value.replace(/\n+$/, '');
  for (const indent of candidates) {
    const lines = blockLines(source, bodyStart, end, indent);
    if (!lines) continue;
    const units = foldBlock(lines, folded);
    if (units.map((u) => u.text).join('').replace(/\n+$/, '') === wanted) return units;
  }
  return null;
}

/**
 * Source offsets of the characters of a scalar's string value (one per UTF-16 code unit), or null
 * when the value cannot be traced back character by character.
 */
export function sourceOffsets(source: string, node: Scalar): number[] | null {
  if (typeof node.value !== 'string' || !node.range) return null;
  const value = node.value;
  const [start, end] = node.range;
  // Only whitespace: no word to place, and indentation rules for empty blocks do not matter.
  if (value.trim() === '') return Array.from({ length: value.length }, () => start);
  let units: Unit[] | null;
  let compare = value;
  switch (node.type) {
    case Scalar.PLAIN: {
      const lines = flowLines(source, start, end, 'plain');
      units = lines && foldFlow(lines);
      break;
    }
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE: {
      const quote = node.type === Scalar.QUOTE_SINGLE ? "'" : '"';
      if (source[start] !== quote || source[end - 1] !== quote) return null;
      const lines = flowLines(source, start + 1, end - 1, quote === "'" ? 'single' : 'double');
      units = lines && foldFlow(lines);
      break;
    }
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      units = blockUnits(source, start, end, node.type === Scalar.BLOCK_FOLDED, value);
      compare = value.replace(/\n+$/, '');
      break;
    default:
      return null;
  }
  if (!units) return null;
  const offsets: number[] = [];
  let built = '';
  for (const unit of units) {
    built += unit.text;
    for (let k = 0; k < unit.text.length; k++) offsets.push(unit.at);
  }
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) built = built.replace(/\n+$/, '');
  if (built !== compare) return null;
  // Trailing newlines a block scalar keeps (clip/keep chomping) point at the last character's place.
  while (offsets.length < value.length) offsets.push(offsets[offsets.length - 1] ?? start);
  return offsets.slice(0, value.length);
}

/** Line starts of a text, for turning offsets into 1-based line and column in O(log lines). */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
