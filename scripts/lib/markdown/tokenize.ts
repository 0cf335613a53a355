// The one tokenizer for the markdown inside the model's strings (a requirement, an intro, a
// "reports to"): markdown-it, a CommonMark parser whose tokens carry `markup`, linear in the text's
// length, configured for what a family string may hold. Every serializer (print, web, plain) and the
// link policy read these tokens, so a requirement reads the same on paper, on the web and in a feed.
//
// - Inline: all of CommonMark's inline grammar (emphasis, strong, code, links, autolinks, entities,
//   escapes, raw inline HTML *as tokens*: no serializer ever writes them out raw), plus Hugo's
//   `[text]({{< ref "page#anchor" >}})` links, which the handbook resolves and we cannot.
// - Block: only lists and paragraphs. A string is the content of one list item on the handbook page;
//   headings, code blocks, quotes or reference definitions inside it are text. Lists nest at most
//   LIST_DEPTH deep: deeper markers stay text, so nothing is lost and recursion stays bounded.
// - linkify off; every link is kept as a link token whatever its scheme, because deciding which
//   targets are allowed is the link policy's job (markdown-it's validateLink would silently turn a
//   `javascript:` link into text and hide it from validation).
import type { Options, StateBlock, StateInline, Token } from 'markdown-it';
import { MarkdownIt } from './markdown-it.ts';

export type { Token };

/** How deep lists may nest inside one string; each list level is two token levels (list, item). */
export const LIST_DEPTH = 8;
/** markdown-it's own bound on token nesting (block and inline): beyond it, text stays text. */
const MAX_NESTING = 2 * LIST_DEPTH + 16;

// (@types/markdown-it lacks maxNesting and StateInline.linkLevel, which markdown-it 14 has.)
const md = new MarkdownIt('commonmark', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING } as Options);
md.block.ruler.disable(['blockquote', 'code', 'fence', 'heading', 'hr', 'html_block', 'lheading', 'reference', 'table'], true);
md.validateLink = () => true;

// A list deeper than LIST_DEPTH is not opened: its lines are read as paragraph text instead. The
// list rule is also asked (silently) whether a line may interrupt a paragraph: the same answer.
type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;
const listRule = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] }).__rules__.find((rule) => rule.name === 'list')?.fn;
if (!listRule) throw new Error('markdown-it has no list rule');
const boundedList = (state: StateBlock, start: number, end: number, silent: boolean) =>
  state.level < 2 * LIST_DEPTH && listRule(state, start, end, silent);
md.block.ruler.at('list', boundedList, { alt: ['paragraph', 'reference', 'blockquote'] });

/** `({{< ref "page#anchor" >}})`, `({{% relref 'x' %}})`, or the escaped `\{{<` an outline pattern writes. */
const HUGO_REF_DESTINATION = /\(\s*(\\?\{\{([<%])\s*(ref|relref)\s+("[^"\n]*"|'[^'\n]*'|[^\s%>"']+)\s*([%>])\}\})\s*\)/y;

export interface HugoRef {
  /** The shortcode as written, e.g. `{{< ref "interviewing#screening-call" >}}`. */
  shortcode: string;
  /** The page it names, e.g. `interviewing#screening-call`. */
  page: string;
}

/** `[text]({{< ref "…" >}})`: a link token whose `meta.hugoRef` names the page; its href is empty. */
function hugoRefLink(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
  // Cheap guard first: most strings hold no shortcode, and the label scan below is the link rule's.
  if ((state.env as { hugo?: boolean }).hugo === false) return false;
  if ((state.env as { hugo?: boolean }).hugo === undefined) (state.env as { hugo?: boolean }).hugo = state.src.includes('{{');
  if (!(state.env as { hugo?: boolean }).hugo) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, start, true);
  if (labelEnd < 0) return false;
  HUGO_REF_DESTINATION.lastIndex = labelEnd + 1;
  const m = HUGO_REF_DESTINATION.exec(state.src);
  if (!m || m.index !== labelEnd + 1 || HUGO_REF_DESTINATION.lastIndex > state.posMax) return false;
  if ((m[2] === '<') !== (m[5] === '>')) return false;
  const end = HUGO_REF_DESTINATION.lastIndex;
  if (!silent) {
    const max = state.posMax;
    state.pos = start + 1;
    state.posMax = labelEnd;
    const open = state.push('link_open', 'a', 1);
    open.attrs = [['href', '']];
    open.markup = 'hugo-ref';
    open.meta = { hugoRef: { shortcode: m[1]!, page: m[4]!.replace(/^["']|["']$/g, '') } satisfies HugoRef };
    const linking = state as StateInline & { linkLevel: number };
    linking.linkLevel++;
    state.md.inline.tokenize(state);
    linking.linkLevel--;
    state.push('link_close', 'a', -1);
    state.posMax = max;
  }
  state.pos = end;
  return true;
}
md.inline.ruler.before('link', 'hugo_ref_link', hugoRefLink);

/**
 * Words and punctuation that mean nothing to markdown: a letter first (no list marker), then letters,
 * digits, spaces and , . ; : ' " ( ) ? / % - only, no line break, no space at the end. No rule of the
 * tokenizer (emphasis, code, links, autolinks, entities, escapes, HTML, Hugo refs, lists, breaks) can
 * start in such a text, so it parses to one paragraph holding its text as is.
 */
const PLAIN_PROSE = /^\p{L}(?:[\p{L}\p{N} ,.;:'"()?/%-]*[\p{L}\p{N},.;:'"()?/%-])?$/u;

/**
 * True when `text` is prose markdown reads as one paragraph of exactly this text (tokens: a paragraph
 * whose inline children are text tokens spelling `text`): serializers may then write its text without
 * parsing it. Most list items are such prose, and parsing was most of a catalog page's time.
 */
export const isPlainProse = (text: string): boolean => PLAIN_PROSE.test(text);

/** A string as block tokens (lists, paragraphs); each `inline` token's `children` hold its inline tokens. */
export function parseBlock(text: string): Token[] {
  return md.parse(text, {});
}

/** A string as inline tokens only: for one-line values such as "reports to", where "- " is just text. */
export function parseInline(text: string): Token[] {
  return md.parseInline(text, {})[0]?.children ?? [];
}

/** An address as a reader should see it (percent-escapes of letters decoded, punycode hosts readable). */
export const readableUrl = (url: string): string => md.normalizeLinkText(url);

/** The Hugo shortcode a link token stands for, or null for an ordinary link. */
export const hugoRefOf = (token: Token): HugoRef | null => (token.meta as { hugoRef?: HugoRef } | null)?.hugoRef ?? null;

/** The href of a link token as a string ('' for a Hugo shortcode link). */
export const hrefOf = (token: Token): string => String(token.attrGet('href') ?? '');
