// The semantic diff: what changed between two versions of the families, in the terms a reviewer
// approves (grades, requirements, levels), not in lines of YAML or markdown. A pure function of two
// models; how they were read (git, a published page) is the caller's business.
import type { Item, JobFamily, Level } from '../types.ts';
import type { Change, ChangedList, ChangeScope, FamilyRef, SummarisedField } from '../changes.ts';
import { resolveList } from '../family-format.ts';
import { matchItems, isUnchanged } from './match-items.ts';

/** What the diff needs of a family: the model and the path it lives at. */
export interface FamilyVersion {
  slug: string;
  /** Path inside the families directory (or the handbook page it was imported from). */
  path: string;
  family: JobFamily;
}

const LISTS: readonly ChangedList[] = ['requirements', 'responsibilities'];

/** An entry as one line of text; nested entries follow their parent. */
export function flattenItem(item: Item): string {
  return typeof item === 'string' ? item : [item.text, ...item.items.map(flattenItem)].join(' ');
}

const texts = (items: readonly Item[] | undefined) => (items ?? []).map(flattenItem);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function listChanges(family: FamilyRef, scope: ChangeScope, list: ChangedList, before: readonly Item[], after: readonly Item[]): Change[] {
  const m = matchItems(texts(before), texts(after));
  return [
    ...m.removed.map((text): Change => ({ kind: 'item-removed', family, scope, list, text })),
    ...m.reworded.map(({ from, to }): Change => ({ kind: 'item-reworded', family, scope, list, from, to })),
    ...m.added.map((text): Change => ({ kind: 'item-added', family, scope, list, text })),
    ...(m.reordered ? [summary(family, scope, 'list-order', list)] : []),
  ];
}

function summary(family: FamilyRef, scope: ChangeScope, field: SummarisedField, detail: string | null = null): Change {
  return { kind: 'summary', family, scope, field, detail };
}

/** The part of a level's list it inherits (its own entries come last in the resolved list). */
function inheritedPart(family: JobFamily, level: Level, list: ChangedList) {
  const resolved = resolveList(family, level, list);
  return { items: resolved.items.slice(0, resolved.items.length - level[list].length), sources: resolved.inheritedFrom.map((s) => s.title) };
}

function diffLevel(ref: FamilyRef, before: JobFamily, after: JobFamily, old: Level, now: Level): Change[] {
  const scope: ChangeScope = { kind: 'level', id: now.id, title: now.title };
  const changes: Change[] = [];
  if (old.title !== now.title) changes.push({ kind: 'level-renamed', family: ref, level: scope, from: old.title });
  if (old.grade !== now.grade) changes.push({ kind: 'grade-changed', family: ref, level: scope, from: old.grade, to: now.grade });
  for (const list of LISTS) {
    changes.push(...listChanges(ref, scope, list, old[list], now[list]));
    const was = inheritedPart(before, old, list);
    const is = inheritedPart(after, now, list);
    const m = matchItems(texts(was.items), texts(is.items));
    if (!isUnchanged(m)) {
      changes.push({
        kind: 'inherited-changed',
        family: ref,
        scope,
        list,
        sources: is.sources.length > 0 ? is.sources : was.sources,
        added: m.added.length,
        removed: m.removed.length,
        reworded: m.reworded.length,
      });
    } else if (!same(old.extends?.[list], now.extends?.[list])) {
      changes.push(summary(ref, scope, 'extends', list));
    }
  }
  if (!same(old.intro, now.intro)) changes.push(summary(ref, scope, 'intro'));
  if (!same(old.reportsTo, now.reportsTo)) changes.push(summary(ref, scope, 'reports-to', now.reportsTo));
  if (!same(texts(old.performanceIndicators), texts(now.performanceIndicators))) changes.push(summary(ref, scope, 'performance-indicators'));
  if (!same(texts(old.hiringProcess), texts(now.hiringProcess))) changes.push(summary(ref, scope, 'hiring-process'));
  return changes;
}

function diffFamily(ref: FamilyRef, before: JobFamily, after: JobFamily): Change[] {
  const familyScope: ChangeScope = { kind: 'family', id: '', title: after.frontMatter.title };
  const changes: Change[] = [];
  if (!same(before.frontMatter, after.frontMatter)) changes.push(summary(ref, familyScope, 'front-matter'));
  if (!same(before.intro, after.intro)) changes.push(summary(ref, familyScope, 'intro'));
  for (const list of LISTS) changes.push(...listChanges(ref, familyScope, list, before[list], after[list]));

  const oldLevels = new Map(before.levels.map((l) => [l.id, l]));
  const newIds = new Set(after.levels.map((l) => l.id));
  for (const level of before.levels) {
    if (!newIds.has(level.id)) {
      changes.push({ kind: 'level-removed', family: ref, level: { kind: 'level', id: level.id, title: level.title }, grade: level.grade });
    }
  }
  for (const level of after.levels) {
    const old = oldLevels.get(level.id);
    const scope: ChangeScope = { kind: 'level', id: level.id, title: level.title };
    if (old) changes.push(...diffLevel(ref, before, after, old, level));
    else changes.push({ kind: 'level-added', family: ref, level: scope, grade: level.grade, requirements: level.requirements.length });
  }
  const keptOrder = (levels: Level[], keep: (id: string) => boolean) => levels.filter((l) => keep(l.id)).map((l) => l.id).join(',');
  if (keptOrder(before.levels, (id) => newIds.has(id)) !== keptOrder(after.levels, (id) => oldLevels.has(id))) {
    changes.push(summary(ref, familyScope, 'list-order', 'levels'));
  }

  const oldSpecialties = new Map(before.specialties.map((s) => [s.id, s]));
  const newSpecialties = new Set(after.specialties.map((s) => s.id));
  for (const specialty of before.specialties) {
    if (!newSpecialties.has(specialty.id)) changes.push(summary(ref, { kind: 'specialty', id: specialty.id, title: specialty.name }, 'specialty-removed'));
  }
  for (const specialty of after.specialties) {
    const scope: ChangeScope = { kind: 'specialty', id: specialty.id, title: specialty.name };
    const old = oldSpecialties.get(specialty.id);
    if (!old) {
      changes.push(summary(ref, scope, 'specialty-added'));
      continue;
    }
    if (old.name !== specialty.name || old.title !== specialty.title) changes.push(summary(ref, scope, 'specialty-renamed', old.name));
    for (const list of LISTS) changes.push(...listChanges(ref, scope, list, old[list], specialty[list]));
    if (!same(old.intro, specialty.intro)) changes.push(summary(ref, scope, 'intro'));
  }

  if (!same(texts(before.performanceIndicators), texts(after.performanceIndicators))) changes.push(summary(ref, familyScope, 'performance-indicators'));
  if (!same(before.careerLadder, after.careerLadder)) changes.push(summary(ref, familyScope, 'career-ladder'));
  if (!same(texts(before.hiringProcess), texts(after.hiringProcess))) changes.push(summary(ref, familyScope, 'hiring-process'));
  // Anything else that differs is how the page is laid out (outline, bullets, verbatim prose).
  if (changes.length === 0 && !same(before, after)) changes.push(summary(ref, familyScope, 'layout'));
  return changes;
}

function refOf(version: FamilyVersion): FamilyRef {
  return { slug: version.slug, title: version.family.frontMatter.title, path: version.path };
}

/** Every change from `before` to `after`, family by family in the newer side's order; families are matched by slug. */
export function diffFamilies(before: readonly FamilyVersion[], after: readonly FamilyVersion[]): Change[] {
  const old = new Map(before.map((v) => [v.slug, v]));
  const now = new Set(after.map((v) => v.slug));
  const changes: Change[] = [];
  for (const version of after) {
    const ref = refOf(version);
    const previous = old.get(version.slug);
    if (!previous) {
      const levels = version.family.levels.map(({ id, title, grade }) => ({ id, title, grade }));
      changes.push({ kind: 'family-added', family: ref, levels });
      continue;
    }
    if (previous.path !== version.path) changes.push({ kind: 'family-moved', family: ref, from: previous.path });
    changes.push(...diffFamily(ref, previous.family, version.family));
  }
  for (const version of before) if (!now.has(version.slug)) changes.push({ kind: 'family-removed', family: refOf(version) });
  return changes;
}
