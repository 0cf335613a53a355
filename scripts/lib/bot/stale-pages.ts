// Published pages that no family renders any more, and whose they are. Pure.
//
// A page left behind is a change that needs review, not something to warn about forever: a split
// family that lost a level leaves that level's page in its section folder; a removed family leaves its
// page (or its whole section: an _index.md that holds only family-wide sections, and its level
// pages); a family whose YAML moved leaves its page at the old path. Each becomes a deletion in the
// MR of the family it belongs to. Anything that does not read as a job family page (a Hugo section
// list, a README a person put there) is not the bot's to delete: it is reported and left alone.
import path from 'node:path';
import { isSplitFamilyIndex } from '../import/split-family.ts';

export interface StalePageGroups {
  /** Slug of a family that still renders → its pages to delete (lost levels, or the page before a move). */
  byFamily: Map<string, string[]>;
  /** Families that no longer exist: the slug their pages imply, and the pages. */
  removed: { slug: string; pages: string[] }[];
}

const SECTION_INDEX = '_index.md';

/** Groups `stale` (paths on the target branch no family renders) by the family each belongs to. */
export function groupStalePages(
  families: readonly { family: { slug: string }; pages: readonly { path: string }[] }[],
  stale: readonly string[],
  published: ReadonlyMap<string, string | null>,
): StalePageGroups {
  const dirOf = (file: string) => path.posix.dirname(file);
  // A split family owns its section folder: every page directly in it is one of its levels.
  const sections = new Map<string, string>();
  for (const { family, pages } of families) {
    if (pages.length > 1) for (const page of pages) if (path.posix.basename(page.path) === SECTION_INDEX) sections.set(dirOf(page.path), family.slug);
  }
  const slugs = new Set(families.map((f) => f.family.slug));
  const staleSet = new Set(stale);
  const byFamily = new Map<string, string[]>();
  const removed = new Map<string, string[]>();
  const add = (groups: Map<string, string[]>, key: string, file: string) => groups.set(key, [...(groups.get(key) ?? []), file]);

  for (const file of [...stale].sort()) {
    const dir = dirOf(file);
    const owner = sections.get(dir);
    if (owner !== undefined) {
      add(byFamily, owner, file);
      continue;
    }
    // A removed split family: its index holds only family-wide sections; its siblings go with it.
    const index = `${dir}/${SECTION_INDEX}`;
    const inRemovedSection = staleSet.has(index) && isSplitFamilyIndex(published.get(index) ?? '');
    const base = path.posix.basename(file, '.md');
    const slug = inRemovedSection || base === '_index' ? path.posix.basename(dir) : base;
    // Same slug as a family that renders elsewhere: that family moved, and this is its old page.
    if (slugs.has(slug)) add(byFamily, slug, file);
    else add(removed, inRemovedSection ? `${dir}/` : file, file);
  }
  return {
    byFamily,
    removed: [...removed].map(([key, pages]) => ({ slug: key.endsWith('/') ? path.posix.basename(key) : pages[0]!.endsWith(`/${SECTION_INDEX}`) ? path.posix.basename(dirOf(pages[0]!)) : path.posix.basename(pages[0]!, '.md'), pages })),
  };
}

/** The YAML that renders to `page` by the default layout: <targetDir>/a/b.md ← a/b.yml, a/b/_index.md ← a/b/b.yml. */
export function sourcePathOf(page: string, targetDir: string): string {
  const inside = targetDir && page.startsWith(`${targetDir}/`) ? page.slice(targetDir.length + 1) : page;
  const dir = path.posix.dirname(inside);
  if (path.posix.basename(inside) === SECTION_INDEX) return path.posix.join(dir, `${path.posix.basename(dir)}.yml`);
  return inside.replace(/\.md$/, '.yml');
}
