// The plain serializer: family markdown → the words a reader sees, for JSON-LD text fields, summaries
// and search. No markup and no markdown characters are left: emphasis and code lose their markers, a
// link keeps its text, raw HTML tags of the handbook disappear (others stay as the text they are,
// and the JSON or XML writer escapes them). Pure.
import type { Item } from '../types.ts';
import { HANDBOOK_TAG } from './link-policy.ts';
import { isPlainProse, parseBlock } from './tokenize.ts';
import { writeBlocks, type Format } from './walk.ts';

const PLAIN: Format = {
  text: (text) => text,
  softbreak: '\n',
  hardbreak: '\n',
  code: (text) => text,
  em: ['', ''],
  strong: ['', ''],
  html: (tag) => (HANDBOOK_TAG.test(tag) ? (/^<br/i.test(tag) ? ' ' : '') : tag),
  image: (alt) => alt,
  link: (_open, label) => label,
  list: () => ['', ''],
  item: ['', ''],
  paragraphs: '\n\n',
  // Each list item (a nested list of a requirement) starts a line of its own.
  lineStart: '\n',
};

/** A text (paragraphs, nested lists) as plain text. */
export function plainText(markdown: string): string {
  return isPlainProse(markdown) ? PLAIN.text(markdown) : writeBlocks(parseBlock(markdown), PLAIN);
}

/** Every entry of a list and its nested entries, as plain text lines, in reading order (no recursion). */
export function itemLines(items: readonly Item[]): string[] {
  const lines: string[] = [];
  const stack: Item[] = [...items].reverse();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') lines.push(plainText(item));
    else {
      lines.push(plainText(item.text));
      stack.push(...[...item.items].reverse());
    }
  }
  return lines;
}
