// What `jobfam validate` keeps of a family file once it is checked: the checks across files (output
// paths claimed once, openings) read ids, grades, titles and the handbook layout, never the prose, so
// the prose and the file's text are dropped and memory stays flat in the number of families. Pure.
import type { ParsedYaml } from '../load/parse-yaml.ts';
import type { FamilyFile, JobFamily } from '../types.ts';

type Pointer = readonly (string | number)[];

/** The pointers buildHandbook locates an `output-path-claimed` error at (see claimPointer there). */
function claimPointers(family: JobFamily): Pointer[] {
  return [
    [],
    ['handbook', 'file'],
    ...(family.handbook?.pages ?? []).map((_, i) => ['handbook', 'pages', i, 'file']),
    ...family.levels.map((_, i) => ['levels', i, 'id']),
    ...family.specialties.map((_, i) => ['specialties', i, 'id']),
  ];
}

export const claimKey = (pointer: Pointer) => pointer.join('/');

const PROSE_LISTS = ['responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess'] as const;

/** An object without its prose: lists emptied, intro and career ladder null. */
function withoutProse<T extends object>(value: T): T {
  const out = { ...value } as Record<string, unknown>;
  for (const key of PROSE_LISTS) if (Array.isArray(out[key])) out[key] = [];
  if (typeof out.intro === 'string') out.intro = null;
  if (typeof out.careerLadder === 'string') out.careerLadder = null;
  return out as T;
}

/** The family's skeleton with the positions of its claims, without the file's text. */
export function compactFamilyFile(file: FamilyFile, parsed: ParsedYaml): FamilyFile {
  const family = file.family;
  const skeleton: JobFamily = {
    ...withoutProse(family),
    levels: family.levels.map((level) => withoutProse(level)),
    specialties: family.specialties.map((specialty) => withoutProse(specialty)),
  };
  const claimPositions = Object.fromEntries(claimPointers(family).map((pointer) => [claimKey(pointer), parsed.locate(pointer)]));
  return {
    slug: file.slug,
    // A copy through JSON: strings the parser made are slices of the file's text and would keep all of it alive.
    family: JSON.parse(JSON.stringify(skeleton)) as JobFamily,
    source: { ...file.source, text: '' },
    claimPositions,
  };
}
