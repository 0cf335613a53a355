// Parses a YAML source and keeps the way back from a value to its place in the file, so every
// diagnostic can name the line and column of the node it is about. Pure.
import { CST, LineCounter, Parser, parseDocument, isMap, isPair, isScalar, isSeq, type Document, type ErrorCode, type Node as YamlNode } from 'yaml';
import { diagnostic } from '../errors.ts';
import type { Diagnostic, SourceFile } from '../types.ts';
import { lineColumn, MAX_ALIAS_COUNT, MAX_NESTING, tooDeepBlockAt, tooDeepFlowAt, tooDeepPath, unreadableText } from './input-limits.ts';

export type PathSegment = string | number;

export interface ParsedYaml {
  source: SourceFile;
  /** The data, or undefined when the file has syntax errors. */
  data: unknown;
  diagnostics: Diagnostic[];
  /** Position of the node at `path`, or of its nearest existing ancestor. With `key`, the map key's position. */
  locate: (path: readonly PathSegment[], options?: { key?: boolean }) => { line: number; column: number };
  /** The parsed document with its source ranges, when the file parsed (checks that locate words inside strings read it). */
  document?: Document;
}

export function parseYaml(source: SourceFile): ParsedYaml {
  const unreadable = unreadableText(source.path, source.text, source.bytes ?? source.text.length, source.unreadable);
  const nowhere = () => ({ line: 1, column: 1 });
  if (unreadable) return { source, data: undefined, diagnostics: [unreadable], locate: nowhere };
  const deepAt = tooDeepFlowAt(source.text);
  if (deepAt !== null) {
    const at = { file: source.path, ...lineColumn(source.text, deepAt) };
    return { source, data: undefined, diagnostics: [diagnostic('file-too-deep', at, { limit: MAX_NESTING })], locate: nowhere };
  }
  const lineCounter = new LineCounter();
  const parsed = parseBounded(source.text, lineCounter);
  if ('tooDeepAt' in parsed) {
    const at = { file: source.path, ...lineColumn(source.text, parsed.tooDeepAt) };
    return { source, data: undefined, diagnostics: [diagnostic('file-too-deep', at, { limit: MAX_NESTING })], locate: nowhere };
  }
  const doc = parsed.doc;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const locate: ParsedYaml['locate'] = (path, options = {}) => {
    let node: unknown = doc.contents;
    let keyNode: YamlNode | null = null;
    for (const segment of path) {
      const child = childOf(node, segment);
      if (!child) break;
      node = child.value;
      keyNode = child.key;
    }
    const target = options.key && keyNode ? keyNode : (node as YamlNode | null);
    const range = target?.range ?? keyNode?.range;
    return range ? position(range[0]) : { line: 1, column: 1 };
  };

  // A tag outside JSON's data model is the mistake to report, also when resolving it failed (the
  // browser build of yaml decodes !!binary with atob, which refuses what is not base64).
  // Every explicit tag is written with a `!`: a text without one has none to look for.
  const tagged = source.text.includes('!') ? firstForeignTag(doc, source.text) : null;
  const tagError = (): ParsedYaml => ({ source, data: undefined, diagnostics: [diagnostic('yaml-tag', { file: source.path, ...position(tagged!.offset) }, { tag: tagged!.tag })], locate });
  if (tagged && doc.errors.length > 0 && doc.errors.every((error) => error.code === 'TAG_RESOLVE_FAILED')) return tagError();
  // One mistake often makes the parser report several follow-on errors: keep the first, plus every
  // duplicate key (those are independent of each other).
  const firstSyntax = doc.errors.find((error) => error.code !== 'DUPLICATE_KEY');
  const reported = doc.errors.filter((error) => error.code === 'DUPLICATE_KEY' || error === firstSyntax);
  const diagnostics: Diagnostic[] = reported.map((error) => {
    if (error.code === 'MULTIPLE_DOCS') {
      return diagnostic('yaml-multiple-documents', { file: source.path, ...position(error.pos[0]) }, {});
    }
    if (error.code === 'DUPLICATE_KEY') {
      return diagnostic('yaml-duplicate-key', { file: source.path, ...position(error.pos[0]) }, { key: keyAt(source.text, error.pos[0]) });
    }
    const explained = explainSyntaxError(source.text, error.code, error.message, error.pos[0]);
    return diagnostic('yaml-syntax', { file: source.path, ...position(explained.offset) }, explained);
  });
  if (diagnostics.length > 0) return { source, data: undefined, diagnostics, locate };
  // Before toJS: !!binary would become bytes, !!set a Set (and a hundred schema errors about them).
  if (tagged) return tagError();
  const aliased = doc.errors.length === 0 ? toData(doc) : { data: undefined };
  if ('bomb' in aliased) {
    const at = { file: source.path, ...position(firstAliasOffset(source.text)) };
    return { source, data: undefined, diagnostics: [diagnostic('yaml-alias-bomb', at, { limit: MAX_ALIAS_COUNT })], locate };
  }
  const deep = tooDeepPath(aliased.data);
  if (deep) {
    const at = { file: source.path, ...locate(deep, { key: true }) };
    return { source, data: undefined, diagnostics: [diagnostic('file-too-deep', at, { limit: MAX_NESTING })], locate };
  }
  return { source, data: aliased.data, diagnostics, locate, document: doc };
}

/**
 * Parses one document; block nesting so deep that the parser runs out of stack (`- ` × 200,000) is
 * an offset to report as file-too-deep, not a RangeError. (Flow nesting is caught before, by
 * tooDeepFlowAt; nesting under the stack limit but over MAX_NESTING after, by tooDeepPath.)
 */
function parseBounded(text: string, lineCounter: LineCounter): { doc: Document } | { tooDeepAt: number } {
  try {
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    const exhausted = doc.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(error.message));
    return exhausted ? { tooDeepAt: tooDeepBlockAt(text, exhausted.pos[0]) } : { doc };
  } catch (error) {
    if (error instanceof RangeError) return { tooDeepAt: tooDeepBlockAt(text, 0) };
    throw error;
  }
}

/** The tags of JSON's data model; YAML's others (!!binary, !!set, !!timestamp, !custom) are refused. */
const JSON_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** The first explicit tag outside JSON's data model, with the offset of its `!`; found without recursion. */
function firstForeignTag(doc: Document, text: string): { tag: string; offset: number } | null {
  const stack: unknown[] = [doc.contents];
  let first: { tag: string; offset: number } | null = null;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const tag = (node as { tag?: string }).tag;
    const range = (node as { range?: [number, number, number] }).range;
    if (tag && !JSON_TAGS.has(tag) && range) {
      // The node's range starts after its tag: the tag is the last `!` before it.
      let offset = Math.max(0, text.lastIndexOf('!', range[0]));
      while (offset > 0 && text[offset - 1] === '!') offset--;
      const written = /^!\S*/.exec(text.slice(offset))?.[0] ?? tag;
      if (!first || offset < first.offset) first = { tag: written, offset };
    }
    if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return first;
}

/** The document's data; an alias expansion beyond the limit is a value, not an uncaught ReferenceError. */
function toData(doc: Document): { data: unknown } | { bomb: true } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { bomb: true };
    throw error;
  }
}

function firstAliasOffset(text: string): number {
  const m = /(^|[\s,[{])\*[^\s,\]}]+/m.exec(text);
  return m ? m.index + m[1]!.length : 0;
}

function childOf(node: unknown, segment: PathSegment): { key: YamlNode | null; value: unknown } | null {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { key: pair.key as YamlNode, value: pair.value } : null;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? null : { key: null, value: item };
  }
  return null;
}

function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]+?)\s*:/.exec(rest);
  return m ? m[1]!.replace(/^["']|["']$/g, '') : rest.split('\n')[0]!.trim();
}

/** Says what went wrong in the user's terms, and where the mistake is rather than where the parser gave up. */
function explainSyntaxError(text: string, code: ErrorCode, message: string, offset: number): { offset: number; detail: string; hint: string } {
  const generic = 'Fix the YAML at this position; an editor with the yaml-language-server shows the problem as you type.';
  if (code === 'MISSING_CHAR' && /quote/i.test(message)) {
    const quote = /'/.test(message) ? "'" : '"';
    return {
      offset: unclosedQuoteAt(text) ?? offset,
      detail: `the text that starts with ${quote} here is never closed`,
      hint: `Add the closing ${quote} at the end of the value.`,
    };
  }
  if (code === 'TAB_AS_INDENT') {
    return { offset, detail: 'a tab is used for indentation', hint: 'Indent with spaces only.' };
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /compact mappings/.test(message)) {
    return {
      offset,
      detail: 'a value contains ": ", which YAML reads as a nested mapping',
      hint: 'Put the whole value in double quotes.',
    };
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'BAD_INDENT' || code === 'MULTILINE_IMPLICIT_KEY') {
    return {
      offset: firstNonBlankOnLine(text, offset),
      detail: 'this line is not indented like the lines around it',
      hint: 'Line up list items ("- ") and keys of the same mapping at the same column.',
    };
  }
  return { offset: firstNonBlankOnLine(text, offset), detail: firstSentence(message), hint: generic };
}

/** Offset of the opening quote of a quoted scalar that is never closed, if there is one. */
function unclosedQuoteAt(text: string): number | undefined {
  let found: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const part of [item.key, item.value]) {
        if (found !== undefined || !part) continue;
        if ((part.type === 'double-quoted-scalar' || part.type === 'single-quoted-scalar') && !isClosed(part.source)) found = part.offset;
      }
    });
  }
  return found;
}

function isClosed(source: string): boolean {
  const quote = source[0]!;
  if (source.length < 2 || !source.endsWith(quote)) return false;
  if (quote === "'") return true;
  const backslashes = /\\*$/.exec(source.slice(0, -1))?.[0].length ?? 0;
  return backslashes % 2 === 0;
}

/** An error placed on a line's indentation is about the first thing on that line. */
function firstNonBlankOnLine(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (text.slice(lineStart, offset).trim() !== '') return offset;
  const m = /[^ \t]/.exec(text.slice(offset));
  return m && !text.slice(offset, offset + m.index).includes('\n') ? offset + m.index : offset;
}

/** The yaml package's message without its "at line x, column y" suffix (we print positions ourselves). */
function firstSentence(message: string): string {
  const line = message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '');
  return line.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}
