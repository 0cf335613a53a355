// Pay bands as data (_compensation.yml): the reference band per grade, zones that scale it or give
// their own bands in their own currency, per-family factors. Checked for meaning after the schema,
// and resolved to the range a place sees. Pure.
import { diagnostic } from '../errors.ts';
import type { ParsedYaml, PathSegment } from '../load/parse-yaml.ts';
import type { Diagnostic, FamilyFile, Grade, SalaryUnit } from '../types.ts';
import { placeContains, placeName, type Place } from './places.ts';

export interface Band {
  grade: number;
  min: number;
  max: number;
}

export interface Zone {
  id: string;
  label?: string;
  places: Place[];
  factor?: number;
  currency?: string;
  bands?: Band[];
}

/** _compensation.yml as written (schema-valid). */
export interface Compensation {
  currency: string;
  unitText: SalaryUnit;
  bands: Band[];
  zones?: Zone[];
  families?: Record<string, { factor: number }>;
}

/** A range a posting can show: from a band (in a zone) or from the opening's own salary. */
export interface PayRange {
  /** Null for an open-ended range ("from ..."), which only an opening's own salary can be. */
  min: number;
  max: number | null;
  currency: string;
  unitText: SalaryUnit;
  /** The zone it comes from; null for the reference bands (no zones) or the opening's own salary. */
  zone: string | null;
  /** How postings name where it applies, e.g. "United States" or "US: California, New York City". */
  label: string;
  source: 'band' | 'salary';
}

/** Grades a level or specialty is paid at, as the families say: a level's grade, a specialty's levels' grades. */
export function gradesOf(file: FamilyFile, target: { level?: string; specialty?: string }): number[] {
  const family = file.family;
  if (target.level !== undefined) {
    const grade = family.levels.find((l) => l.id === target.level)?.grade;
    return grade === undefined || grade === null ? [] : [grade];
  }
  const specialty = family.specialties.find((s) => s.id === target.specialty);
  if (!specialty) return [];
  const ids = new Set([...[specialty.extends?.responsibilities ?? []].flat(), ...[specialty.extends?.requirements ?? []].flat()]);
  const grades = family.levels.filter((l) => ids.has(l.id) && l.grade !== null).map((l) => l.grade!);
  return [...new Set(grades)].sort((a, b) => a - b);
}

/** The zone of a place: the one naming it most specifically (US-NY-NYC before US-NY before US). */
export function zoneOf(compensation: Compensation, place: Place): Zone | null {
  let best: { zone: Zone; length: number } | null = null;
  for (const zone of compensation.zones ?? []) {
    for (const zonePlace of zone.places) {
      if (placeContains(zonePlace, place) && (!best || zonePlace.length > best.length)) best = { zone, length: zonePlace.length };
    }
  }
  return best?.zone ?? null;
}

/** Zones that apply somewhere inside a place an opening is open to: its own zone, then more specific ones. */
export function zonesFor(compensation: Compensation, place: Place): Zone[] {
  const own = zoneOf(compensation, place);
  const inside = (compensation.zones ?? []).filter((z) => z !== own && z.places.some((p) => p !== place && placeContains(place, p)));
  return [...(own ? [own] : []), ...inside];
}

export const zoneLabel = (zone: Zone) => zone.label ?? zone.places.map(placeName).join(', ');

/**
 * The band of `grades` (their span when several) for a family in a zone (null: the reference bands,
 * which apply everywhere only when no zones are defined). Null when a grade has no band.
 */
export function bandRange(compensation: Compensation, zone: Zone | null, grades: readonly number[], family: string): PayRange | null {
  if (grades.length === 0) return null;
  if (zone === null && (compensation.zones ?? []).length > 0) return null;
  const familyFactor = compensation.families?.[family]?.factor ?? 1;
  const bands = zone?.bands ?? compensation.bands;
  const factor = (zone?.bands ? 1 : (zone?.factor ?? 1)) * familyFactor;
  const found = grades.map((g) => bands.find((b) => b.grade === g));
  if (found.some((b) => b === undefined)) return null;
  // Whole units: a factor must not print 172800.00000000003.
  const scale = (n: number) => Math.round(n * factor);
  return {
    min: scale(Math.min(...found.map((b) => b!.min))),
    max: scale(Math.max(...found.map((b) => b!.max))),
    currency: zone?.currency ?? compensation.currency,
    unitText: compensation.unitText,
    zone: zone?.id ?? null,
    label: zone ? zoneLabel(zone) : 'All locations',
    source: 'band',
  };
}

/** Checks _compensation.yml for meaning: bands rise, grades have bands, places are claimed once. */
export function validateCompensation(parsed: ParsedYaml, data: Compensation, families: readonly FamilyFile[], grades: readonly Grade[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const at = (path: PathSegment[], key = false) => ({ file: parsed.source.path, ...parsed.locate(path, { key }), pointer: `/${path.join('/')}` });
  const known = new Set(grades.map((g) => g.grade));
  const checkBands = (bands: readonly Band[], base: PathSegment[]) => {
    const seen = new Set<number>();
    bands.forEach((band, i) => {
      if (band.min >= band.max) diagnostics.push(diagnostic('compensation-band-range', at([...base, i]), { grade: band.grade, min: band.min, max: band.max }));
      if (seen.has(band.grade)) diagnostics.push(diagnostic('compensation-band-duplicate', at([...base, i, 'grade']), { grade: band.grade }));
      seen.add(band.grade);
      if (known.size > 0 && !known.has(band.grade)) diagnostics.push(diagnostic('grade-unknown', at([...base, i, 'grade']), { grade: band.grade, known: [...known] }));
    });
  };
  checkBands(data.bands, ['bands']);

  // Every grade a level is at needs a band, in the reference bands and in every zone with bands of its own.
  const used = new Map<number, string[]>();
  for (const file of families) {
    for (const level of file.family.levels) {
      if (level.grade !== null) used.set(level.grade, [...(used.get(level.grade) ?? []), `${level.title} (${file.slug})`]);
    }
  }
  const missing = (bands: readonly Band[], path: PathSegment[], zone: string | null) => {
    for (const [grade, levels] of [...used].sort((a, b) => a[0] - b[0])) {
      if (!bands.some((b) => b.grade === grade)) diagnostics.push(diagnostic('compensation-band-missing', at(path), { grade, levels, zone }));
    }
  };
  missing(data.bands, ['bands'], null);

  const claimed = new Map<Place, string>();
  const ids = new Set<string>();
  (data.zones ?? []).forEach((zone, z) => {
    if (ids.has(zone.id)) diagnostics.push(diagnostic('compensation-zone-duplicate', at(['zones', z, 'id']), { id: zone.id }));
    ids.add(zone.id);
    if ((zone.factor === undefined) === (zone.bands === undefined)) {
      diagnostics.push(diagnostic('compensation-zone-kind', at(['zones', z]), { id: zone.id, found: zone.factor === undefined ? 'neither' : 'both' }));
    } else if (zone.currency !== undefined && zone.bands === undefined && zone.currency !== data.currency) {
      diagnostics.push(diagnostic('compensation-zone-currency', at(['zones', z, 'currency']), { id: zone.id, currency: zone.currency, reference: data.currency }));
    }
    if (zone.bands) {
      checkBands(zone.bands, ['zones', z, 'bands']);
      missing(zone.bands, ['zones', z, 'bands'], zone.id);
    }
    zone.places.forEach((place, p) => {
      const other = claimed.get(place);
      if (other !== undefined) diagnostics.push(diagnostic('compensation-place-twice', at(['zones', z, 'places', p]), { place, zone: zone.id, other }));
      else claimed.set(place, zone.id);
    });
  });

  const slugs = families.map((f) => f.slug);
  for (const slug of Object.keys(data.families ?? {})) {
    if (!slugs.includes(slug)) diagnostics.push(diagnostic('compensation-family-unknown', at(['families', slug], true), { family: slug, known: slugs }));
  }
  return diagnostics;
}
