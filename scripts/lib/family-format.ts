// Facts about the family file format itself, below validation: the placeholders its templates may use,
// how an `extends` reference reads, the defaults of optional keys (filled in after validation, dropped
// again when the importer writes YAML), and what a level inherits: its lists with everything it
// inherits resolved. Pure; validate/, pay/, model/, render/, diff/ and import/ read it.
import type { ExtendsRef, Item, JobFamily, Level, Specialty } from './types.ts';

/** Placeholders an outline heading or sentence may use, by the scope it stands in. The renderer
 *  provides exactly these; validation rejects any other. */
export const TEMPLATE_VARIABLES = {
  family: ['title'],
  level: ['id', 'title', 'grade', 'gradeLabel', 'gradeLink', 'reportsTo'],
  specialty: ['id', 'name', 'title'],
  /** Added for the first line of an inherited list. */
  inheritedList: ['targets', 'section'],
} as const;

export function refList(ref: ExtendsRef | undefined): string[] {
  if (ref === undefined) return [];
  return typeof ref === 'string' ? [ref] : ref;
}

/** A schema-valid family as written (optional keys absent) with every optional field filled in. */
export function withDefaults(written: JobFamily): JobFamily {
  return {
    ...written,
    intro: written.intro ?? null,
    responsibilities: written.responsibilities ?? [],
    requirements: written.requirements ?? [],
    levels: (written.levels ?? []).map((level) => ({
      ...level,
      grade: level.grade ?? null,
      reportsTo: level.reportsTo ?? null,
      intro: level.intro ?? null,
      responsibilities: level.responsibilities ?? [],
      requirements: level.requirements ?? [],
    })),
    specialties: (written.specialties ?? []).map((specialty) => ({
      ...specialty,
      intro: specialty.intro ?? null,
      responsibilities: specialty.responsibilities ?? [],
      requirements: specialty.requirements ?? [],
    })),
    performanceIndicators: written.performanceIndicators ?? [],
    careerLadder: written.careerLadder ?? null,
    hiringProcess: written.hiringProcess ?? [],
  };
}

/** The inverse of withDefaults: drops empty lists and nulls, so the YAML holds only what was said. */
export function withoutDefaults<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutDefaults(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = withoutDefaults(v);
    }
    return out as T;
  }
  return value;
}

// What a level or specialty inherits.
/** Sentences the handbook writes when the outline gives no text of its own (Handlebars). */
export const DEFAULT_TEXT = {
  grade: 'The {{title}} is a [grade {{grade}}]({{gradeLink}}).',
  reportsTo: 'The {{title}} reports to {{reportsTo}}.',
  extends: 'Extends the {{targets}} {{section}}',
} as const;

export type InheritedList = 'responsibilities' | 'requirements';

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Where one item of a resolved list comes from: the family-wide list, the owner itself, or a level it inherits from. */
export type ItemOrigin = { from: 'family' } | { from: 'own' } | { from: 'inherited'; level: { id: string; title: string } };

// Origins are values, shared by every item they describe (frozen: nobody may change one for all):
// the model holds a resolved list per level of every family, and one object per item was a fifth of it.
const FROM_FAMILY: ItemOrigin = Object.freeze({ from: 'family' });
const FROM_OWN: ItemOrigin = Object.freeze({ from: 'own' });

export interface ResolvedList {
  /** Items inherited from other levels, nearest ancestor last, then the level's own. */
  items: Item[];
  /** One per item of `items`, in the same order. */
  origins: ItemOrigin[];
  inheritedFrom: { id: string; title: string }[];
}

/** A level's or specialty's list with everything it inherits put in front of its own items. */
export function resolveList(family: JobFamily, owner: Level | Specialty, list: InheritedList): ResolvedList {
  const items: Item[][] = [];
  const origins: ItemOrigin[][] = [];
  const inheritedFrom: { id: string; title: string }[] = [];
  const seen = new Set<string>();
  const visit = (current: Level | Specialty) => {
    for (const id of refList(current.extends?.[list])) {
      const target = family.levels.find((l) => l.id === id);
      if (!target || seen.has(id)) continue; // validation reports unknown targets and cycles
      seen.add(id);
      visit(target);
      const level = Object.freeze({ id: target.id, title: target.title });
      inheritedFrom.push(level);
      items.push(target[list]);
      origins.push(sameFor(target[list], Object.freeze({ from: 'inherited', level })));
    }
  };
  visit(owner);
  return { items: joined(...items, owner[list]), origins: joined(...origins, sameFor(owner[list], FROM_OWN)), inheritedFrom };
}

/** The lists of a level or specialty with the family-wide ones and everything it inherits resolved. */
export interface ResolvedLists {
  familyTitle: string;
  responsibilities: Item[];
  requirements: Item[];
  /** The family's nice-to-haves, then the owner's own. */
  niceToHaves: Item[];
  inherits: Record<InheritedList, { id: string; title: string }[]>;
  /** Where each item of the three lists comes from, index for index. */
  origins: Record<InheritedList | 'niceToHaves', ItemOrigin[]>;
}

// The model keeps a resolved list per level of every family: built with concat, each array is exactly
// as long as its list, where pushes and spreads leave spare room (over half the lists' memory).
const joined = <T>(...lists: readonly (readonly T[])[]): T[] => ([] as T[]).concat(...lists);
const sameFor = <T>(list: readonly unknown[], value: T): T[] => new Array<T>(list.length).fill(value);

function resolveLists(family: JobFamily, owner: Level | Specialty): ResolvedLists {
  const responsibilities = resolveList(family, owner, 'responsibilities');
  const requirements = resolveList(family, owner, 'requirements');
  const niceToHaves = family.niceToHaves ?? [];
  const ownNiceToHaves = owner.niceToHaves ?? [];
  return {
    familyTitle: family.frontMatter.title,
    responsibilities: joined(family.responsibilities, responsibilities.items),
    requirements: joined(family.requirements, requirements.items),
    niceToHaves: joined(niceToHaves, ownNiceToHaves),
    inherits: { responsibilities: responsibilities.inheritedFrom, requirements: requirements.inheritedFrom },
    origins: {
      responsibilities: joined(sameFor(family.responsibilities, FROM_FAMILY), responsibilities.origins),
      requirements: joined(sameFor(family.requirements, FROM_FAMILY), requirements.origins),
      niceToHaves: joined(sameFor(niceToHaves, FROM_FAMILY), sameFor(ownNiceToHaves, FROM_OWN)),
    },
  };
}

export type ResolvedLevel = Omit<Level, keyof ResolvedLists> & ResolvedLists;

/** Everything one level of a family is, inheritance resolved: what an offer packet prints. */
export function resolveLevel(family: JobFamily, levelId: string): ResolvedLevel | undefined {
  const level = family.levels.find((l) => l.id === levelId);
  return level && { ...level, ...resolveLists(family, level) };
}

export type ResolvedSpecialty = Omit<Specialty, keyof ResolvedLists> &
  ResolvedLists & {
    /** The levels the specialty builds on (from its `extends`), each resolved: their grades are its grades. */
    levels: ResolvedLevel[];
  };

/** Everything one specialty is: the family-wide lists, what it inherits from its levels, then its own. */
export function resolveSpecialty(family: JobFamily, specialtyId: string): ResolvedSpecialty | undefined {
  const specialty = family.specialties.find((s) => s.id === specialtyId);
  if (!specialty) return undefined;
  const levelIds = [...new Set([...refList(specialty.extends?.responsibilities), ...refList(specialty.extends?.requirements)])];
  return { ...specialty, ...resolveLists(family, specialty), levels: levelIds.flatMap((id) => resolveLevel(family, id) ?? []) };
}

export function itemText(item: Item): string {
  return typeof item === 'string' ? item : item.text;
}
