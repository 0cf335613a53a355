// What validation keeps of a family file once it is checked, without the file's text. `jobfam
// validate` keeps a skeleton: the checks across files (output paths claimed once, openings) read ids,
// grades, titles and the handbook layout, never the prose, so the prose is dropped too and memory
// stays flat in the number of families. `jobfam build` keeps the whole family (the stages render the
// prose) but not the text. Both keep the positions the model's errors point at. Pure.
import { createHash } from 'node:crypto';
import { parseYaml, type ParsedYaml } from '../load/parse-yaml.ts';
import type { FamilyFile, JobFamily } from '../types.ts';

type Pointer = readonly (string | number)[];

/** The pointers buildHandbook locates an `output-path-claimed` error at (see claimPointer there), and
 *  the levels and specialties a failed offer packet is reported at (pdf/write-pdfs.ts). */
function claimPointers(family: JobFamily): Pointer[] {
  return [
    [],
    ['handbook', 'file'],
    ...(family.handbook?.pages ?? []).map((_, i) => ['handbook', 'pages', i, 'file']),
    ...family.levels.flatMap((_, i) => [['levels', i], ['levels', i, 'id']]),
    ...family.specialties.flatMap((_, i) => [['specialties', i], ['specialties', i, 'id']]),
  ];
}

export const claimKey = (pointer: Pointer) => pointer.join('/');

/** Where `pointer` is in the family's file: from the positions kept when the text was let go, else from the text. */
export function positionInFamily(file: FamilyFile, pointer: Pointer): { line: number; column: number } {
  return file.claimPositions?.[claimKey(pointer)] ?? parseYaml(file.source).locate(pointer);
}

const positionsOf = (family: JobFamily, parsed: ParsedYaml) => Object.fromEntries(claimPointers(family).map((pointer) => [claimKey(pointer), parsed.locate(pointer)]));

/**
 * The whole family with the positions of its claims, without the file's text. The copy through JSON
 * matters: the strings the parser made are slices of the file's text, and one title kept would keep
 * the whole text alive; the copy is also smaller than the parser's objects.
 */
export function detachedFamilyFile(file: FamilyFile, parsed: ParsedYaml): FamilyFile {
  const json = JSON.stringify(file.family);
  return {
    slug: file.slug,
    family: JSON.parse(json) as JobFamily,
    source: { ...file.source, text: '' },
    claimPositions: positionsOf(file.family, parsed),
    fingerprint: familyFingerprint(json),
  };
}

/** sha256 of a family's JSON (content and layout): equal fingerprint, same family. */
export const familyFingerprint = (json: string) => `sha256:${createHash('sha256').update(json).digest('hex')}`;

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
  const claimPositions = positionsOf(family, parsed);
  return {
    slug: file.slug,
    // A copy through JSON: strings the parser made are slices of the file's text and would keep all of it alive.
    family: JSON.parse(JSON.stringify(skeleton)) as JobFamily,
    source: { ...file.source, text: '' },
    claimPositions,
  };
}
