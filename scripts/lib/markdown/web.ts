// The web serializer: family markdown → HTML for the posting pages, their JSON-LD description, the
// Indeed feed and the catalog. Links are clickable where they lead somewhere off the handbook page;
// handbook layout tags are dropped; nothing of the data is trusted: every character is escaped. Pure.
import { escapeHtml } from '../escape-html.ts';
import type { Item } from '../types.ts';
import { HANDBOOK_TAG, safeHref } from './link-policy.ts';
import { isPlainProse, parseBlock, parseInline } from './tokenize.ts';
import { writeBlocks, writeInline, type Format } from './walk.ts';

/** Where a markdown link in family text points on a page that is not the handbook, or null (text only). */
export function resolveLink(href: string, handbookUrl: string): string | null {
  if (/^(https?:\/\/|mailto:)[^\s"'<>]+$/i.test(href)) return href;
  // Site-relative handbook links ("/handbook/values/") belong to the handbook site.
  if (/^\/[^/\s"'<>][^\s"'<>]*$/.test(href) || href === '/') return `${handbookUrl}${href}`;
  // In-page anchors and relative paths name places on the handbook page, which is not this page.
  return null;
}

function webFormat(handbookUrl: string): Format {
  return {
    text: escapeHtml,
    // A line break inside a paragraph is white space in HTML, as on the handbook page.
    softbreak: '\n',
    hardbreak: '<br>',
    code: (text) => `<code>${escapeHtml(text)}</code>`,
    em: ['<em>', '</em>'],
    strong: ['<strong>', '</strong>'],
    // Handbook pages carry layout markup of their own (empty anchors, spans, <br>): it means nothing
    // off the handbook, so it is dropped; any other tag (a <script>) is text, escaped like the rest.
    html: (tag) => (HANDBOOK_TAG.test(tag) ? (/^<br/i.test(tag) ? ' ' : '') : escapeHtml(tag)),
    image: escapeHtml,
    link: (open, label) => {
      const href = safeHref(open);
      const url = href === null ? null : resolveLink(href, handbookUrl);
      return url === null ? label : `<a href="${escapeHtml(url)}">${label}</a>`;
    },
    list: (ordered, start) => (ordered ? [start === 1 ? '<ol>' : `<ol start="${start}">`, '</ol>'] : ['<ul>', '</ul>']),
    item: ['<li>', '</li>'],
    paragraphs: '<br><br>',
  };
}

/** A one-line value (a "reports to", an intro inside a <p>) → inline web HTML. */
export function webInlineHtml(text: string, handbookUrl: string): string {
  return isPlainProse(text) ? escapeHtml(text) : writeInline(parseInline(text), webFormat(handbookUrl));
}

/** A text that may hold several lines and nested lists → web HTML. */
export function webHtml(text: string, handbookUrl: string): string {
  return isPlainProse(text) ? escapeHtml(text) : writeBlocks(parseBlock(text), webFormat(handbookUrl));
}

/** A list of items (nested ones too) as an escaped HTML `<ul>`; model nesting is walked with a stack. */
export function webItemsHtml(items: readonly Item[], handbookUrl: string): string {
  if (items.length === 0) return '';
  type Step = { close: string } | { item: Item };
  const out: string[] = ['<ul>'];
  const steps = (list: readonly Item[]): Step[] => [{ close: '</ul>' }, ...[...list].reverse().map((item) => ({ item }))];
  const stack: Step[] = steps(items);
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('close' in step) {
      out.push(step.close);
      continue;
    }
    const { item } = step;
    out.push(`<li>${webHtml(typeof item === 'string' ? item : item.text, handbookUrl)}`);
    stack.push({ close: '</li>' });
    if (typeof item !== 'string' && item.items.length > 0) {
      out.push('<ul>');
      stack.push(...steps(item.items));
    }
  }
  return out.join('');
}
