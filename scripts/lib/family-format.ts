// Facts about the family file format itself, below validation: the placeholders its templates may use,
// how an `extends` reference reads, and the defaults of optional keys (filled in after validation,
// dropped again when the importer writes YAML). Pure; validate/, model/, render/ and import/ read it.
import type { ExtendsRef, JobFamily } from './types.ts';

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
