// Parses a YAML source and keeps the way back from a value to its place in the file, so every
// diagnostic can name the line and column of the node it is about. Pure.
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { diagnostic } from '../errors.ts';
import type { Diagnostic, SourceFile } from '../types.ts';

export type PathSegment = string | number;

export interface ParsedYaml {
  source: SourceFile;
  /** The data, or undefined when the file has syntax errors. */
  data: unknown;
  diagnostics: Diagnostic[];
  /** Position of the node at `path`, or of its nearest existing ancestor. With `key`, the map key's position. */
  locate: (path: readonly PathSegment[], options?: { key?: boolean }) => { line: number; column: number };
}

export function parseYaml(source: SourceFile): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
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

  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const at = { file: source.path, ...position(error.pos[0]) };
    if (error.code === 'DUPLICATE_KEY') {
      return diagnostic('yaml-duplicate-key', at, { key: keyAt(source.text, error.pos[0]) });
    }
    return diagnostic('yaml-syntax', at, { detail: firstSentence(error.message) });
  });
  if (diagnostics.length > 0) return { source, data: undefined, diagnostics, locate };
  return { source, data: doc.toJS(), diagnostics, locate };
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

/** The yaml package's message without its "at line x, column y" suffix (we print positions ourselves). */
function firstSentence(message: string): string {
  const line = message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '');
  return line.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}
