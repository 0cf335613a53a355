// Markdown inside the model's strings → HTML for print. Only what family files use: links, bold,
// italic, inline code, line breaks, and "- " lists inside a text. Every character that comes from
// the data goes through escapeHtml on its way out; only the tags written here are markup, so
// `<script>` or `<img src=…>` in a requirement prints as text. Pure.
import type { Item } from '../types.ts';
import { escapeHtml } from '../escape-html.ts';

/** Where links point: an absolute address for print, where `base` (handbookUrl) anchors site-relative ones. */
export function absoluteUrl(target: string, base: string | null): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || base === null) return target;
  try {
    return new URL(target, `${base.replace(/\/+$/, '')}/`).href;
  } catch {
    return target;
  }
}

// One alternation, tried left to right at each position: code span, link, strong, emphasis.
const INLINE =
  /`([^`]+)`|\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)|\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__(?!\w)|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])/gs;

const SAFE_HREF = /^(https?:|mailto:)/i;

/** One line (or paragraph) of markdown → inline HTML. */
export function inlineHtml(text: string, base: string | null): string {
  let html = '';
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    html += escapeHtml(text.slice(last, m.index));
    last = m.index + m[0].length;
    const [, code, label, target, strong1, strong2, em1, em2] = m;
    if (code !== undefined) html += `<code>${escapeHtml(code)}</code>`;
    else if (label !== undefined) html += linkHtml(label, target ?? '', base);
    else if (strong1 !== undefined || strong2 !== undefined) html += `<strong>${inlineHtml(strong1 ?? strong2!, base)}</strong>`;
    else html += `<em>${inlineHtml(em1 ?? em2!, base)}</em>`;
  }
  return html + escapeHtml(text.slice(last));
}

/** A link prints its text and, since paper cannot be clicked, its absolute address. */
function linkHtml(label: string, target: string, base: string | null): string {
  const url = absoluteUrl(target, base);
  const text = inlineHtml(label, base);
  const shown = url.replace(/^mailto:/i, '');
  if (!SAFE_HREF.test(url)) return `${text} <span class="url">(${escapeHtml(url)})</span>`;
  const same = label.trim() === url || label.trim() === shown;
  const address = same ? '' : ` <span class="url">(${escapeHtml(shown)})</span>`;
  return `<a href="${escapeHtml(url)}">${text}</a>${address}`;
}

const LIST_LINE = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;

/** A text that may hold several lines: "- " lines become a nested list, other lines join with <br>. */
export function blockHtml(text: string, base: string | null): string {
  const lines = text.split('\n');
  let html = '';
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) html += paragraph.map((l) => inlineHtml(l.trim(), base)).join('<br>');
    paragraph = [];
  };
  for (let i = 0; i < lines.length; ) {
    if (LIST_LINE.test(lines[i]!)) {
      flush();
      const start = i;
      while (i < lines.length && (LIST_LINE.test(lines[i]!) || (/^\s+\S/.test(lines[i]!) && i > start))) i++;
      html += listLinesHtml(lines.slice(start, i), base);
    } else {
      if (lines[i]!.trim() === '') flush();
      else paragraph.push(lines[i]!);
      i++;
    }
  }
  flush();
  return html;
}

/** "- a\n  - b\n- c" → nested <ul>, by indentation. */
function listLinesHtml(lines: string[], base: string | null): string {
  type Node = { text: string; indent: number; children: Node[] };
  const root: Node = { text: '', indent: -1, children: [] };
  const stack: Node[] = [root];
  for (const line of lines) {
    const m = LIST_LINE.exec(line);
    if (!m) {
      // A continuation line belongs to the item above it.
      const current = stack[stack.length - 1]!;
      current.text += `\n${line.trim()}`;
      continue;
    }
    const node: Node = { text: m[2]!, indent: m[1]!.length, children: [] };
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= node.indent) stack.pop();
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  }
  const render = (nodes: Node[]): string =>
    `<ul>${nodes.map((n) => `<li>${blockHtml(n.text, base)}${n.children.length > 0 ? render(n.children) : ''}</li>`).join('')}</ul>`;
  return render(root.children);
}

/** A model list item (text plus nested items) → `{ html, items }` for the list partial. */
export interface ItemHtml {
  html: string;
  items: ItemHtml[];
}

export function itemsHtml(items: readonly Item[], base: string | null): ItemHtml[] {
  return items.map((item) =>
    typeof item === 'string'
      ? { html: blockHtml(item, base), items: [] }
      : { html: blockHtml(item.text, base), items: itemsHtml(item.items, base) },
  );
}
