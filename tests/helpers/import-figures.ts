// Figures of the importer on real pages: does each page import to valid YAML, render back exactly
// (after reported repairs), and how many bullets under responsibility/requirement headings became list
// items in the YAML rather than staying inside verbatim markdown. Counted from the page text itself,
// independently of the importer's own section recognition.
import type { Item, JobFamily } from '../../scripts/lib/index.ts';

/** Headings a handbook reader would call a responsibilities or requirements section. */
export const LIST_HEADING = /responsibilit|requirement|qualification|what you('|’)ll (do|bring)|nice[- ]to[- ]have|you (should|will) have|skills/i;

/** Bullet lines under responsibility/requirement headings, nested ones included. */
export function countSectionBullets(page: string): number {
  const lines = page.replace(/\r\n?/g, '\n').split('\n');
  let inside = false;
  let depth = 0;
  let count = 0;
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const d = heading[1]!.length;
      if (LIST_HEADING.test(heading[2]!)) {
        inside = true;
        depth = d;
      } else if (inside && d <= depth) inside = false;
      continue;
    }
    if (inside && /^\s*[-*+]\s+\S/.test(line)) count++;
  }
  return count;
}

function countItems(items: readonly Item[] | undefined): number {
  let n = 0;
  for (const item of items ?? []) n += 1 + (typeof item === 'string' ? 0 : countItems(item.items));
  return n;
}

type Listed = { responsibilities?: Item[]; requirements?: Item[]; niceToHaves?: Item[]; extends?: Record<string, unknown> } & Record<string, unknown>;

function ownerItems(owner: Listed): number {
  const groups = (owner.requirementGroups ?? owner.groups) as { items: Item[] }[] | undefined;
  const inherited = owner.extends ? Object.keys(owner.extends).length : 0;
  return (
    countItems(owner.responsibilities) +
    countItems(owner.requirements) +
    countItems(owner.niceToHaves) +
    (groups ?? []).reduce((n, g) => n + countItems(g.items), 0) +
    inherited
  );
}

/** Structured responsibility/requirement entries of a family: list items, plus one per inherited list ("Extends ..."). */
export function countStructuredItems(family: JobFamily): number {
  const owners = [family, ...family.levels, ...family.specialties] as unknown as Listed[];
  return owners.reduce((n, owner) => n + ownerItems(owner), 0);
}
