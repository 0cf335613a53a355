// How a family's front matter is written on its handbook page, entry by entry. Shared by the renderer
// (which writes it) and the importer (which keeps an entry's original text only where this writer
// would write it differently). Pure.
import { isDeepStrictEqual } from 'node:util';
import { parse, parseDocument, stringify } from 'yaml';
import type { FrontMatter } from '../types.ts';

export interface FrontMatterEntry {
  key: string;
  value: unknown;
}

/** The page's front matter entries in order: the typed keys, then the open `params` map; or in `order`, where given. */
export function frontMatterEntries(frontMatter: FrontMatter, order: readonly string[] = []): FrontMatterEntry[] {
  const { params, ...known } = frontMatter;
  const entries = [...Object.entries(known), ...Object.entries(params ?? {})]
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value }));
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return entries.map((entry, i) => ({ entry, i })).sort((a, b) => rank(a.entry.key) - rank(b.entry.key) || a.i - b.i).map(({ entry }) => entry);
}

/** "key: value" as the standard writer puts it: strings plain when YAML reads them back unchanged, else double-quoted. */
export function writeFrontMatterEntry(entry: FrontMatterEntry, quoted: boolean): string {
  const { key, value } = entry;
  if (typeof value === 'string') return `${key}: ${quoted || !isPlainScalar(value) ? JSON.stringify(value) : value}`;
  return stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, '');
}

/** The entry as the page wrote it, while that text still reads as the entry's value; else the standard form. */
export function frontMatterText(entry: FrontMatterEntry, quoted: boolean, original: string | undefined): string {
  if (original !== undefined && readsAs(original, entry)) return original;
  return writeFrontMatterEntry(entry, quoted);
}

function readsAs(text: string, entry: FrontMatterEntry): boolean {
  try {
    const data = parseFrontMatterText(text) as Record<string, unknown> | null;
    return data !== null && typeof data === 'object' && Object.keys(data).length === 1 && isDeepStrictEqual(data[entry.key], entry.value);
  } catch {
    return false;
  }
}

// Words YAML's core schema reads as something other than a string (null, booleans); every other run
// of letters, digits and single spaces that starts with a letter reads back as itself: no indicator,
// no number, no comment. Most titles are such words: no parse for them (one per page, 10,000 pages).
const PLAIN_WORDS = /^[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*$/;
const CORE_SCHEMA_WORDS = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** True when YAML reads the text back unchanged without quotes (no ": ", no leading "[", "#"...). */
export function isPlainScalar(value: string): boolean {
  if (PLAIN_WORDS.test(value)) return !CORE_SCHEMA_WORDS.test(value);
  try {
    return parse(`value: ${value}`)?.value === value;
  } catch {
    return false;
  }
}

/**
 * Front matter YAML as Hugo reads it: a quoted value may continue on lines that are not indented,
 * which strict YAML rejects ("description: "... product\nthrough ...""). Such lines are read as
 * indented continuation lines; anything else that is not YAML stays an error.
 */
export function parseFrontMatterText(text: string): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length === 0) return doc.toJS({ maxAliasCount: 100 });
  const lenient = parseDocument(indentContinuationLines(text));
  if (lenient.errors.length === 0) return lenient.toJS({ maxAliasCount: 100 });
  throw doc.errors[0];
}

/** Indents every line that neither starts an entry ("key:", "- ", "#") nor is indented already. */
export function indentContinuationLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' || /^(\s|-\s|#|[^\s:"'][^:]*:(\s|$)|["'][^"']*["']\s*:)/.test(line) ? line : `  ${line}`))
    .join('\n');
}
