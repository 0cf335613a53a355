// The one link policy: which link targets and which raw HTML a family string may hold. A target is
// judged as a CommonMark parser sees it, after entities and backslash escapes are decoded
// (`javascript&#58;x` and `JAVASCRIPT&colon;x` are `javascript:` links to every renderer), and after
// the characters a browser ignores in a scheme (tabs, newlines, controls) are taken out.
//
// The verdict is a list of findings, values with a code, not diagnostics: validation reports them as
// errors for text jobfam publishes; the importer may report them as warnings for imported text. The
// serializers use `safeHref` and never write a link the policy rejects.
import { hrefOf, hugoRefOf, parseBlock, type Token } from './tokenize.ts';

export type LinkFindingCode = 'link-malformed' | 'html-unsafe';

export interface LinkFinding {
  code: LinkFindingCode;
  /** The link or tag as written (shortened when long). */
  link: string;
  reason: string;
}

/** At most this many findings per string: a 1 MB string of broken links is one problem to fix, not 100,000. */
const MAX_FINDINGS = 20;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** What a URL parser reads: C0 controls and spaces dropped (browsers strip tabs and newlines anywhere). */
function asBrowserReads(target: string): string {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // not valid percent-encoding: judge it as written
  }
  return decoded.replace(/[\u0000-\u0020\u007f]+/g, '');
}

/** Why a link target (as markdown-it gives it: entities decoded) is not allowed, or null when it is. */
export function targetProblem(target: string): string | null {
  if (target.trim() === '') return 'the address is empty';
  const read = asBrowserReads(target);
  if (/^\{\{\w+\}\}$/.test(read)) return null; // a placeholder ({{gradeLink}}) of an outline sentence
  const scheme = SCHEME.exec(read)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme === 'http' || scheme === 'https') return /^https?:\/\/[^/\s]+/i.test(read) ? null : 'only http(s) and mailto addresses are allowed';
    if (scheme === 'mailto') return /^mailto:\S+@/i.test(read) ? null : 'only http(s) and mailto addresses are allowed';
    return 'only http(s) and mailto addresses are allowed';
  }
  if (!/^([/#?]|\.{1,2}\/|[\w-])/.test(read)) return 'the address does not start like a path, URL or anchor';
  return null;
}

/** The href of a link token when the policy allows it, else null (the serializers then write the text only). */
export function safeHref(token: Token): string | null {
  if (hugoRefOf(token)) return null;
  const href = hrefOf(token);
  return targetProblem(href) === null ? href : null;
}

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** Handbook layout markup that means nothing off the handbook page and is allowed: `<a id="x">`, `</a>`, `<span …>`, `<br>`. */
export const HANDBOOK_TAG = /^<(?:a\s+(?:id|name)\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+)\s*|\/a\s*|\/?span(?:\s[\s\S]*)?|br\s*\/?)>$/i;

/** Why a raw HTML tag (as CommonMark reads one) is not allowed, or null. */
function tagProblem(tag: string): string | null {
  if (/[\s/"']on[a-z]+\s*=/i.test(tag)) return 'an event handler attribute (on…=) in raw HTML';
  if (HANDBOOK_TAG.test(tag)) return null;
  if (/^<a[\s/>]/i.test(tag) && /[\s/"']href\s*=/i.test(tag)) return 'a raw HTML link; write it as [text](https://…)';
  for (const m of tag.matchAll(/[\s/"'](?:href|src|action|formaction|xlink:href|data)\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+)/gi)) {
    const value = decodeEntities(m[1]!.replace(/^["']|["']$/g, ''));
    if (SCHEME.test(asBrowserReads(value)) && targetProblem(value) !== null) return 'a raw HTML address with a scheme other than http(s) or mailto';
  }
  return null;
}

const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', lpar: '(', rpar: ')' };

/** Enough HTML entity decoding to see a scheme through `&#58;`, `&#x3A;` or `&colon;`. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/**
 * Tag-like text CommonMark does not read as a tag (`<img/src=x/onerror=…>`) is text to every renderer
 * we know, but a browser-side sanitizer might disagree: an `on…=` inside anything that opens like a tag
 * is refused too. One pass over the text; each `<` starts a segment that ends at the next `<` or `>`.
 */
function tagLikeHandlers(text: string, findings: LinkFinding[]): void {
  // The first '>' after the current '<' (text.length when none is left), found once and reused while
  // it lies ahead: one pass over the text, not one scan per '<'.
  let close = -1;
  for (let at = text.indexOf('<'); at >= 0 && findings.length < MAX_FINDINGS; ) {
    const next = text.indexOf('<', at + 1);
    if (close < text.length && close <= at) {
      const found = text.indexOf('>', at + 1);
      close = found < 0 ? text.length : found;
    }
    const end = close < text.length && (next < 0 || close < next) ? close + 1 : next < 0 ? text.length : next;
    const segment = text.slice(at, end);
    if (/^<\/?[a-z]/i.test(segment) && /[\s/"']on[a-z]+\s*=/i.test(segment) && !findings.some((f) => f.link === short(segment))) {
      findings.push({ code: 'html-unsafe', link: short(segment), reason: 'an event handler attribute (on…=) in raw HTML' });
    }
    at = next;
  }
}

/** The label and target of a link token as a reader would write them, for messages. */
function linkText(tokens: readonly Token[], open: number): string {
  let label = '';
  for (let i = open + 1; i < tokens.length && tokens[i]!.type !== 'link_close' && label.length < 120; i++) label += tokens[i]!.content;
  const token = tokens[open]!;
  const target = hugoRefOf(token)?.shortcode ?? hrefOf(token);
  return short(`[${label}](${target})`);
}

/** What is wrong with a `](` left in text: CommonMark did not read a link there. */
function brokenLinkReason(after: string): string {
  const close = after.indexOf(')');
  const newline = after.indexOf('\n');
  if (close < 0 || (newline >= 0 && newline < close)) return 'the closing parenthesis is missing';
  const target = after.slice(0, close).trim().replace(/\s+("[^"]*"|'[^']*')$/, '');
  if (/\s/.test(target)) return 'the address contains a space';
  return 'it does not read as a link; check its brackets and parentheses';
}

/** Every link and raw-HTML problem of one string, in reading order, as values. */
export function linkFindings(text: string): LinkFinding[] {
  const findings: LinkFinding[] = [];
  const push = (finding: LinkFinding) => {
    if (findings.length < MAX_FINDINGS) findings.push(finding);
  };
  for (const block of parseBlock(text)) {
    const tokens = block.children ?? [];
    tokens.forEach((token, i) => {
      if (token.type === 'link_open' && !hugoRefOf(token)) {
        const problem = targetProblem(hrefOf(token));
        if (problem) push({ code: 'link-malformed', link: linkText(tokens, i), reason: problem });
      } else if (token.type === 'html_inline') {
        const problem = tagProblem(token.content);
        if (problem) push({ code: 'html-unsafe', link: short(token.content), reason: problem });
      } else if (token.type === 'text') {
        // Every `](` left in text is a link CommonMark did not read; at most MAX_FINDINGS per string,
        // so the scans below stay linear in the text.
        const content = token.content;
        for (let at = content.indexOf(']('); at >= 0 && findings.length < MAX_FINDINGS; at = content.indexOf('](', at + 2)) {
          const label = content.slice(Math.max(0, content.lastIndexOf('[', at)), at + 1);
          const after = content.slice(at + 2);
          const line = after.slice(0, 240).split('\n')[0]!;
          const close = line.indexOf(')');
          const written = close >= 0 ? `${label}(${line.slice(0, close + 1)}` : `${label}(${line}`;
          push({ code: 'link-malformed', link: short(written), reason: brokenLinkReason(after) });
        }
      }
    });
  }
  tagLikeHandlers(text, findings);
  return findings;
}
