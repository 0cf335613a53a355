// Tokens → text for one output format, in one loop over markdown-it's flat token stream. No recursion:
// nesting lives in the tokens' open/close pairs and a small stack of open links, so neither deep
// lists nor long texts can exhaust the call stack, and the work is linear in the number of tokens.
import type { Token } from './tokenize.ts';

/** What one output format writes for each kind of token; `text` is the only way data gets out. */
export interface Format {
  text: (text: string) => string;
  softbreak: string;
  hardbreak: string;
  code: (text: string) => string;
  em: readonly [string, string];
  strong: readonly [string, string];
  /** A raw HTML tag in the data (never written out raw: dropped or escaped by the format). */
  html: (tag: string) => string;
  /** A link, given its already-written label and the label as plain text. */
  link: (open: Token, label: string, labelText: string) => string;
  /** An image: only its alt text, as text (no output of ours fetches anything). */
  image: (alt: string) => string;
  list: (ordered: boolean, start: number) => readonly [string, string];
  item: readonly [string, string];
  /** Written between two paragraphs that follow each other. */
  paragraphs: string;
  /** Written before a block (list item, paragraph) that does not start the output, when it must start a line. */
  lineStart?: string;
}

/** The plain text of inline tokens from `from` up to (not including) the close at `open`'s level. */
function labelTextOf(tokens: readonly Token[], from: number): string {
  let text = '';
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'link_open') depth++;
    else if (t.type === 'link_close' && depth-- === 0) break;
    else if (t.type === 'text' || t.type === 'code_inline' || t.type === 'image') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += ' ';
  }
  return text;
}

/** Inline tokens → output. */
export function writeInline(tokens: readonly Token[], format: Format): string {
  const out: string[] = [];
  const links: { token: Token; start: number; labelText: string }[] = [];
  tokens.forEach((t, i) => {
    switch (t.type) {
      case 'text':
        out.push(format.text(t.content));
        break;
      case 'softbreak':
        out.push(format.softbreak);
        break;
      case 'hardbreak':
        out.push(format.hardbreak);
        break;
      case 'code_inline':
        out.push(format.code(t.content));
        break;
      case 'em_open':
      case 'em_close':
        out.push(format.em[t.nesting === 1 ? 0 : 1]);
        break;
      case 'strong_open':
      case 'strong_close':
        out.push(format.strong[t.nesting === 1 ? 0 : 1]);
        break;
      case 'html_inline':
        out.push(format.html(t.content));
        break;
      case 'image':
        out.push(format.image(t.content));
        break;
      case 'link_open':
        links.push({ token: t, start: out.length, labelText: labelTextOf(tokens, i + 1) });
        break;
      case 'link_close': {
        const link = links.pop();
        if (link) out.push(format.link(link.token, out.splice(link.start).join(''), link.labelText));
        break;
      }
      default:
        // Nothing else is enabled in the tokenizer; should it ever appear, its text still shows.
        if (t.content) out.push(format.text(t.content));
    }
  });
  return out.join('');
}

/** Block tokens (paragraphs, nested lists) → output. */
export function writeBlocks(tokens: readonly Token[], format: Format): string {
  const out: string[] = [];
  let afterParagraph = false;
  // Only what is written counts: empty pieces (a plain list item's marker) do not start a line.
  const startLine = () => {
    if (!format.lineStart) return;
    let i = out.length - 1;
    while (i >= 0 && out[i] === '') i--;
    if (i >= 0 && !out[i]!.endsWith(format.lineStart)) out.push(format.lineStart);
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'paragraph_open':
        if (afterParagraph) out.push(format.paragraphs);
        else startLine();
        break;
      case 'paragraph_close':
        afterParagraph = true;
        continue;
      case 'inline':
        out.push(writeInline(t.children ?? [], format));
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        out.push(format.list(t.type === 'ordered_list_open', Number(t.attrGet('start') ?? 1))[0]);
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        out.push(format.list(t.type === 'ordered_list_close', 1)[1]);
        break;
      case 'list_item_open':
        startLine();
        out.push(format.item[0]);
        break;
      case 'list_item_close':
        out.push(format.item[1]);
        break;
      default:
        if (t.content) out.push(format.text(t.content));
    }
    afterParagraph = false;
  }
  return out.join('');
}
