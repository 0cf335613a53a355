// The print serializer: family markdown → HTML for the offer-packet PDFs. Paper cannot be clicked, so
// a link prints its text and its absolute address. Everything from the data goes through escapeHtml;
// only the tags written here are markup, so `<script>` in a requirement prints as text. Pure.
import { escapeHtml } from '../escape-html.ts';
import type { Item } from '../types.ts';
import { HANDBOOK_TAG, safeHref } from './link-policy.ts';
import { parseBlock, parseInline, readableUrl } from './tokenize.ts';
import { writeBlocks, writeInline, type Format } from './walk.ts';

/** Where links point: an absolute address for print, where `base` (handbookUrl) anchors site-relative ones. */
export function absoluteUrl(target: string, base: string | null): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || base === null) return target;
  try {
    return new URL(target, `${base.replace(/\/+$/, '')}/`).href;
  } catch {
    return target;
  }
}

const CLICKABLE = /^(https?:|mailto:)/i;

function printFormat(base: string | null): Format {
  return {
    text: escapeHtml,
    softbreak: '<br>',
    hardbreak: '<br>',
    code: (text) => `<code>${escapeHtml(text)}</code>`,
    em: ['<em>', '</em>'],
    strong: ['<strong>', '</strong>'],
    // Handbook layout tags (anchors, spans) mean nothing on paper; a <br> still breaks the line.
    html: (tag) => (HANDBOOK_TAG.test(tag) ? (/^<br/i.test(tag) ? '<br>' : '') : escapeHtml(tag)),
    image: escapeHtml,
    link: (open, label, labelText) => {
      const href = safeHref(open);
      if (href === null) return label;
      const url = absoluteUrl(href, base);
      const shown = readableUrl(url).replace(/^mailto:/i, '');
      if (!CLICKABLE.test(url)) return `${label} <span class="url">(${escapeHtml(shown)})</span>`;
      const same = labelText.trim() === url || labelText.trim() === shown;
      return `<a href="${escapeHtml(url)}">${label}</a>${same ? '' : ` <span class="url">(${escapeHtml(shown)})</span>`}`;
    },
    list: (ordered, start) => (ordered ? [start === 1 ? '<ol>' : `<ol start="${start}">`, '</ol>'] : ['<ul>', '</ul>']),
    item: ['<li>', '</li>'],
    paragraphs: '<br><br>',
  };
}

/** A one-line value (a "reports to") → inline print HTML; list markers in it are text. */
export function printInlineHtml(text: string, base: string | null): string {
  return writeInline(parseInline(text), printFormat(base));
}

/** A text that may hold several lines and nested lists → print HTML. */
export function printHtml(text: string, base: string | null): string {
  return writeBlocks(parseBlock(text), printFormat(base));
}

/** A model list item (text plus nested items) → `{ html, items }` for the PDF's list partial. */
export interface ItemHtml {
  html: string;
  items: ItemHtml[];
}

/** Model lists nest as deep as the YAML does: built with an explicit stack, not recursion. */
export function printItems(items: readonly Item[], base: string | null): ItemHtml[] {
  const root: ItemHtml[] = [];
  const stack: { items: readonly Item[]; into: ItemHtml[] }[] = [{ items, into: root }];
  while (stack.length > 0) {
    const { items: level, into } = stack.pop()!;
    for (const item of level) {
      const entry: ItemHtml = { html: printHtml(typeof item === 'string' ? item : item.text, base), items: [] };
      into.push(entry);
      if (typeof item !== 'string') stack.push({ items: item.items, into: entry.items });
    }
  }
  return root;
}
