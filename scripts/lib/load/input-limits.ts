// What jobfam refuses to read, before any parser sees it: files that are too large, not text, or
// nested deeper than any real family or page. Pure: each check returns a diagnostic or null, so
// validate and import report hostile input as located errors instead of crashing.
import { diagnostic } from '../errors.ts';
import type { Diagnostic, Unreadable } from '../types.ts';

/** Real family files and handbook pages are a few kilobytes; the largest real page is under 40 KB. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_FILE_LABEL = '1 MiB';
/** Real data nests a handful of levels (family → level → list → item → item). */
export const MAX_NESTING = 64;
/** yaml's own default: enough for any hand-written anchors, far too few for an exponential expansion. */
export const MAX_ALIAS_COUNT = 100;

/** Problems that make a file unreadable as text: not a regular file, too large (the reader stops
 *  after the limit), binary (NUL bytes), not UTF-8 (found by the reader, which decodes strictly). */
export function unreadableText(file: string, text: string, bytes: number, found?: Unreadable): Diagnostic | null {
  const at = { file, line: 1, column: 1 };
  if (found?.kind === 'not-regular') return diagnostic('file-not-regular', at, { what: found.why });
  if (bytes > MAX_FILE_BYTES) return diagnostic('file-too-large', at, { limit: MAX_FILE_LABEL });
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return diagnostic('file-binary', { file, ...lineColumn(text, nul) }, { why: 'it contains NUL bytes' });
  if (found?.kind === 'invalid-utf8') return diagnostic('file-binary', { file, ...lineColumn(text, found.offset) }, { why: found.why });
  return null;
}

/** Offset where flow brackets ([ and {) first nest deeper than the limit, without parsing. */
export function tooDeepFlowAt(text: string): number | null {
  // Nesting deeper than the limit needs more brackets than the limit: most texts have a few, counted
  // by indexOf without looking at every character.
  let brackets = 0;
  for (const bracket of ['[', '{']) {
    for (let i = text.indexOf(bracket); i >= 0 && brackets <= MAX_NESTING; i = text.indexOf(bracket, i + 1)) brackets++;
  }
  if (brackets <= MAX_NESTING) return null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > MAX_NESTING) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return null;
}

/**
 * Where block nesting that ran the parser out of stack passes the limit: the indicator that opens
 * level MAX_NESTING + 1 of a line of compact block entries ("- - - …"), else the start of the line the
 * parser stopped on (`stoppedAt`). Where the stack runs out depends on how much of the parser V8 has
 * optimised by then; the place reported must not.
 */
export function tooDeepBlockAt(text: string, stoppedAt: number): number {
  const compact = new RegExp(`^ *(?:[-?:] +){${MAX_NESTING}}(?=[-?:] )`, 'm').exec(text);
  if (compact) return compact.index + compact[0].length;
  return text.lastIndexOf('\n', Math.max(0, stoppedAt - 1)) + 1;
}

/** Nesting depth of parsed data, measured without recursion (so it cannot overflow the stack itself). */
export function depthOf(value: unknown): number {
  return tooDeepPath(value)?.length ?? 0;
}

/** Path to the first node nested deeper than MAX_NESTING, or null; found without recursion. */
export function tooDeepPath(value: unknown): (string | number)[] | null {
  // Each entry links to its parent's, so a path is spelt out only for the node that is too deep.
  type Entry = { node: unknown; depth: number; key: string | number; parent: Entry | null };
  const stack: Entry[] = [{ node: value, depth: 0, key: '', parent: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth > MAX_NESTING) {
      const path: (string | number)[] = [];
      for (let at: Entry | null = entry; at && at.parent; at = at.parent) path.unshift(at.key);
      return path;
    }
    const { node } = entry;
    if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) stack.push({ node: child, depth: entry.depth + 1, key: Array.isArray(node) ? Number(key) : key, parent: entry });
    }
  }
  return null;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
