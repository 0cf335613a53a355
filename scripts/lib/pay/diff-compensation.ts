// Changes to _compensation.yml in reviewer language: a band of a grade (reference or a zone's own),
// a zone's factor, a family's factor; each with how many levels and openings it reaches. Its own
// change kind (`pay-band`), so the bot can ask total rewards, not the family's reviewers. Pure.
import type { FamilyFile, Opening } from '../types.ts';
import type { Change, FamilyRef } from '../changes.ts';
import { gradesOf, type Band, type Compensation } from './compensation.ts';
import { formatAmount } from './format-amount.ts';

/** The pseudo-family pay-band changes are grouped under (one MR, one section of the diff). */
export const PAY_BANDS_REF: FamilyRef = { slug: '_compensation', title: 'Pay bands', path: '_compensation.yml' };

const bandText = (band: Band | undefined, currency: string) => (band ? `${formatAmount(band.min)} - ${formatAmount(band.max)} ${currency}` : null);

export function diffCompensation(
  before: Compensation | null,
  after: Compensation | null,
  context: { families: readonly FamilyFile[]; openings: readonly Opening[] },
): Change[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const reach = (grade: number | null, family?: string) => {
    const files = context.families.filter((f) => family === undefined || f.slug === family);
    // "Family: Level", the way a total-rewards reviewer looks them up.
    const levels = files.flatMap((f) =>
      f.family.levels.filter((l) => l.grade !== null && (grade === null || l.grade === grade)).map((l) => `${f.family.frontMatter.title || f.slug}: ${l.title}`),
    );
    const openings = context.openings
      .filter((o) => {
        if (o.expired || (family !== undefined && o.family !== family)) return false;
        const file = context.families.find((f) => f.slug === o.family);
        const grades = file ? gradesOf(file, o) : [];
        return grade === null ? grades.length > 0 : grades.includes(grade);
      })
      .map((o) => o.requisitionId);
    return { levels: levels.length, openings: openings.length, reached: { levels, openings } };
  };
  const changes: Change[] = [];
  const push = (zone: string | null, grade: number | null, from: string | null, to: string | null, family?: string) => {
    if (from !== to) changes.push({ kind: 'pay-band-changed', family: PAY_BANDS_REF, zone, grade, from, to, ...reach(grade, family) });
  };
  const bandsOf = (bands: readonly Band[] | undefined, currency: string, zone: string | null, other: { bands?: readonly Band[]; currency: string } | null) => {
    const grades = [...new Set([...(bands ?? []), ...(other?.bands ?? [])].map((b) => b.grade))].sort((a, b) => a - b);
    return grades.map((g) => ({ zone, grade: g, text: bandText(bands?.find((b) => b.grade === g), currency) }));
  };
  // Reference bands, grade by grade.
  const refGrades = [...new Set([...(before?.bands ?? []), ...(after?.bands ?? [])].map((b) => b.grade))].sort((a, b) => a - b);
  for (const grade of refGrades) {
    push(null, grade, before ? bandText(before.bands.find((b) => b.grade === grade), before.currency) : null, after ? bandText(after.bands.find((b) => b.grade === grade), after.currency) : null);
  }
  // Zones: factor, places, or own bands.
  const zoneIds = [...new Set([...(before?.zones ?? []), ...(after?.zones ?? [])].map((z) => z.id))];
  for (const id of zoneIds) {
    const old = before?.zones?.find((z) => z.id === id);
    const now = after?.zones?.find((z) => z.id === id);
    const describe = (z: typeof old) => (z ? `${z.places.join(', ')}${z.factor !== undefined ? `, factor ${z.factor}` : `, own bands in ${z.currency ?? after?.currency ?? ''}`}` : null);
    push(id, null, describe(old), describe(now));
    if (old?.bands || now?.bands) {
      const was = bandsOf(old?.bands, old?.currency ?? before?.currency ?? '', id, null);
      const is = bandsOf(now?.bands, now?.currency ?? after?.currency ?? '', id, null);
      const grades = [...new Set([...was, ...is].map((b) => b.grade))].sort((a, b) => a - b);
      for (const g of grades) push(id, g, was.find((b) => b.grade === g)?.text ?? null, is.find((b) => b.grade === g)?.text ?? null);
    }
  }
  // Per-family factors.
  const slugs = [...new Set([...Object.keys(before?.families ?? {}), ...Object.keys(after?.families ?? {})])].sort();
  for (const slug of slugs) {
    const was = before?.families?.[slug]?.factor;
    const is = after?.families?.[slug]?.factor;
    if (was !== is) {
      changes.push({ kind: 'pay-band-changed', family: PAY_BANDS_REF, zone: null, grade: null, from: was === undefined ? null : `${slug} factor ${was}`, to: is === undefined ? null : `${slug} factor ${is}`, ...reach(null, slug) });
    }
  }
  return changes;
}
