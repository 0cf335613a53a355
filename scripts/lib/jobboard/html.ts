// The few ways family text becomes web output, each escaping everything it does not build itself.
// Family text is markdown-ish (links, **bold**, `code`); nothing else of it is trusted: a `<script>`
// in a requirement is text on every page and in every feed. Pure.
import type { Item } from '../types.ts';

import { escapeHtml } from '../escape-html.ts';

/** Where a markdown link in family text points on a page that is not the handbook, or null (text only). */
export function resolveLink(href: string, handbookUrl: string): string | null {
  if (/^https?:\/\/[^\s"'<>]+$/i.test(href)) return href;
  // Site-relative handbook links ("/handbook/values/") belong to the handbook site.
  if (/^\/[^/\s"'<>][^\s"'<>]*$/.test(href) || href === '/') return `${handbookUrl}${href}`;
  // In-page anchors and relative paths name places on the handbook page, which is not this page.
  return null;
}

type Span = { text: string; href?: string | null; strong?: boolean; code?: boolean };

/**
 * Handbook pages carry a little layout markup of their own: empty anchors (`<a id="x"></a>`), `<span>`
 * wrappers and `<br>`. It means nothing off the handbook, so it is dropped; any other tag (a
 * `<script>` in a requirement) stays in the text and is escaped like the rest.
 */
function withoutHandbookMarkup(markdown: string): string {
  return markdown
    .replace(/<a id="[^"<>]*">\s*<\/a>/g, '')
    .replace(/<\/?span\b[^<>]*>/g, '')
    .replace(/<br\s*\/?>/g, ' ');
}

/** Splits inline markdown into spans: [text](href), **strong**, `code`; everything else is text. */
function spansOf(text: string, handbookUrl: string): Span[] {
  const markdown = withoutHandbookMarkup(text);
  const spans: Span[] = [];
  // A link address may hold one level of parentheses, as wiki URLs do: [x](https://w.org/a_(b)).
  const pattern = /\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)|\*\*([^*\n]+)\*\*|`([^`\n]+)`/g;
  let last = 0;
  for (const m of markdown.matchAll(pattern)) {
    if (m.index > last) spans.push({ text: markdown.slice(last, m.index) });
    if (m[1] !== undefined) spans.push({ text: m[1], href: resolveLink(m[2]!, handbookUrl) });
    else if (m[3] !== undefined) spans.push({ text: m[3], strong: true });
    else spans.push({ text: m[4]!, code: true });
    last = m.index + m[0].length;
  }
  if (last < markdown.length) spans.push({ text: markdown.slice(last) });
  return spans;
}

/** Inline markdown of family text as escaped HTML. */
export function webInlineHtml(markdown: string, handbookUrl: string): string {
  return spansOf(markdown, handbookUrl)
    .map((span) => {
      const text = escapeHtml(span.text);
      if (span.href) return `<a href="${escapeHtml(span.href)}">${text}</a>`;
      if (span.strong) return `<strong>${text}</strong>`;
      if (span.code) return `<code>${text}</code>`;
      return text;
    })
    .join('');
}

/** Inline markdown as plain text: what a reader sees, for JSON-LD text fields and search. */
export function plainText(markdown: string): string {
  return spansOf(markdown, '')
    .map((span) => span.text)
    .join('');
}

/** A list of items (nested ones too) as an escaped HTML `<ul>`. */
export function webItemsHtml(items: readonly Item[], handbookUrl: string): string {
  if (items.length === 0) return '';
  const li = (item: Item): string =>
    typeof item === 'string'
      ? `<li>${webInlineHtml(item, handbookUrl)}</li>`
      : `<li>${webInlineHtml(item.text, handbookUrl)}${webItemsHtml(item.items, handbookUrl)}</li>`;
  return `<ul>${items.map(li).join('')}</ul>`;
}

/** Every entry of a list and its nested entries, as plain text lines. */
export function itemLines(items: readonly Item[]): string[] {
  return items.flatMap((item) => (typeof item === 'string' ? [plainText(item)] : [plainText(item.text), ...itemLines(item.items)]));
}
