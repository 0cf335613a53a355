// Fingerprints for CI reports. GitLab's merge-request widget matches a problem on the source branch
// with the same problem on the target branch by fingerprint alone, so a fingerprint must name the
// problem, not its position: inserting lines (or a level, or a list item) above it must not change
// it. Line numbers are therefore never hashed; array indices in the JSON pointer are replaced by the
// identity of the element (a level's `id`, a list item's text) when the source shows one. Pure.
import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../types.ts';

const decodeSegment = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const encodeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * `/levels/1/grade` → `/levels/[id=manager]/grade`: each index is replaced by the element's id or,
 * for a plain list item, its text; indices of other elements (outline nodes) stay as they are.
 * Segments past a node the source does not have are kept verbatim.
 */
export function stablePointer(document: Document | null, pointer: string): string {
  if (pointer === '') return pointer;
  let node: unknown = document?.contents ?? null;
  const out: string[] = [];
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeSegment(raw);
    if (isSeq(node) && /^\d+$/.test(segment)) {
      const item: unknown = node.items[Number(segment)];
      const id = isMap(item) ? item.get('id') : undefined;
      if (typeof id === 'string' && id !== '') out.push(`[id=${id}]`);
      else if (isScalar(item) && typeof item.value === 'string') out.push(`[text=${item.value}]`);
      else out.push(segment);
      node = item;
    } else {
      out.push(segment);
      node = isMap(node) ? node.get(segment, true) : undefined;
    }
  }
  return out.map((s) => `/${encodeSegment(s)}`).join('');
}

/** Message parts that move with the text, such as "on line 7" naming another node's line. */
const withoutPositions = (message: string) => message.replace(/\b(line|column)s? \d+(, column \d+)?/g, '$1');

/** Source texts by the file name diagnostics use (`Diagnostic.file`). */
export type SourceTexts = ReadonlyMap<string, string>;

/**
 * One fingerprint per diagnostic, in the same order: sha256 of code, file, stable pointer and the
 * message without positions. Two diagnostics with the same key in one file (two tabs on two lines)
 * are told apart by their order in the file, which unrelated edits do not change.
 */
export function fingerprintDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceTexts): string[] {
  const documents = new Map<string, Document | null>();
  const documentOf = (file: string) => {
    if (!documents.has(file)) {
      const text = sources.get(file);
      documents.set(file, text === undefined ? null : parseDocument(text, { uniqueKeys: false }));
    }
    return documents.get(file)!;
  };
  const order = diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.index - b.index);
  const seen = new Map<string, number>();
  const result: string[] = new Array<string>(diagnostics.length);
  for (const { d, index } of order) {
    const pointer = d.pointer === undefined ? '' : stablePointer(documentOf(d.file), d.pointer);
    const key = [d.code, toPosixPath(d.file), pointer, withoutPositions(d.message)].join('\0');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[index] = createHash('sha256').update(occurrence === 0 ? key : `${key}\0${occurrence}`).digest('hex');
  }
  return result;
}

/** Report paths use forward slashes whatever the platform (GitLab links them to repository files). */
export const toPosixPath = (file: string) => file.split('\\').join('/');
