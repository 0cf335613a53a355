// A page's front matter as the model holds it: the typed keys, the open params map, and how each entry
// was written (quoted, folded, in which order), so the page renders back as it was. Pure.
import type { FrontMatter, HandbookLayout } from '../types.ts';
import type { FrontMatterEntry } from './markdown-page.ts';
import { frontMatterEntries, writeFrontMatterEntry } from '../model/front-matter.ts';

export const KNOWN_FRONT_MATTER = new Set(['title', 'description', 'summary', 'layout', 'RoleName']);

/** The page's front matter as the model's typed keys plus the open params map, and how each entry was written. */
export function readPageFrontMatter(entries: readonly FrontMatterEntry[]): {
  frontMatter: Record<string, unknown>;
  quoted: string[];
  text: Record<string, string>;
  order: string[] | undefined;
} {
  const frontMatter: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  const quoted: string[] = [];
  const text: Record<string, string> = {};
  for (const entry of entries) {
    const known = KNOWN_FRONT_MATTER.has(entry.key) && typeof entry.value === 'string' && entry.value !== '';
    if (known) frontMatter[entry.key] = entry.value;
    else params[entry.key] = entry.value;
    if (entry.quoted) quoted.push(entry.key);
    if (writeFrontMatterEntry({ key: entry.key, value: entry.value }, entry.quoted) !== entry.text) text[entry.key] = entry.text;
  }
  if (Object.keys(params).length > 0) frontMatter.params = params;
  const standard = frontMatterEntries(frontMatter as unknown as FrontMatter).map((e) => e.key);
  const written = entries.map((e) => e.key);
  const order = standard.join('\n') === written.join('\n') ? undefined : written;
  return { frontMatter, quoted, text, order };
}

/** Puts frontMatterText after quoted, so the YAML reads in the order the schema documents. */
export function withFrontMatterText(layout: HandbookLayout, text: Record<string, string>, order: string[] | undefined): HandbookLayout {
  const { bullet, quoted, ...rest } = layout;
  return {
    bullet,
    ...(quoted ? { quoted } : {}),
    ...(Object.keys(text).length > 0 ? { frontMatterText: text } : {}),
    ...(order ? { frontMatterOrder: order } : {}),
    ...rest,
  };
}
