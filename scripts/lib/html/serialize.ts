// Serialising for the web outputs: JSON inside <script>, the Content Security Policy, XML and CDATA.
// Shared by jobboard/ and site/, which both sit above html/. Nothing of the data is trusted. Pure.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape-html.ts';

/**
 * JSON that is safe inside `<script type="application/ld+json">` and in any HTML context: no value can
 * close the element or open a comment, because `<`, `>` and `&` are written as \u escapes (JSON parsers
 * read them back as the same characters). U+2028/9 are escaped for old JavaScript parsers.
 */
export function scriptSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The CSP source expression for an inline `<style>` or `<script>` with exactly this content. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * A policy that allows only the page's own inline style and script (by hash) and links: no fetches, no
 * fonts, no images from anywhere, no frames, no form posts.
 */
export function contentSecurityPolicy(inline: { styles: readonly string[]; scripts: readonly string[] }): string {
  const list = (contents: readonly string[]) => (contents.length === 0 ? "'none'" : contents.map(cspHash).join(' '));
  return [
    "default-src 'none'",
    `style-src ${list(inline.styles)}`,
    `script-src ${list(inline.scripts)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML element: XML 1.0's invalid characters dropped, markup characters escaped. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

/** Indeed wants job content in CDATA; a `]]>` inside is split so it cannot end the section. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(XML_INVALID, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
