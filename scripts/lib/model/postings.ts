// From validated openings to postings: every value a posting shows, resolved once from the model, so
// the posting page, its JSON-LD, postings.json, the Indeed feed and the catalog cannot disagree. Pure.
// An opening is a vacancy; the family only supplies what the job *is* (title, lists, grade); dates,
// places, type and pay come from the opening and the config.
import type { JobBoardConfig, Office, Opening, SiteConfig } from '../types.ts';
import type { ModelFamily, Posting, PublishedSalary } from './handbook.ts';
import { postingPathOf } from './paths.ts';
import type { PayRange } from '../pay/compensation.ts';
import { countryOf, placeName } from '../pay/places.ts';
import type { PayValidation } from '../pay/pay-validation.ts';
import { postingDisclosures } from '../pay/check-openings.ts';

/** One range: itself; several: their span in `currency` (the bands'), the zones themselves being on the page. */
export function baseSalaryOf(ranges: readonly PayRange[], currency: string | null): PublishedSalary | null {
  const closed = ranges.filter((r): r is PayRange & { max: number } => r.max !== null);
  if (closed.length === 0) return null;
  const pick = currency ?? closed[0]!.currency;
  const same = closed.filter((r) => r.currency === pick);
  const spanned = same.length > 0 ? same : closed.filter((r) => r.currency === closed[0]!.currency);
  return { min: Math.min(...spanned.map((r) => r.min)), max: Math.max(...spanned.map((r) => r.max)), currency: spanned[0]!.currency, unitText: spanned[0]!.unitText };
}

function salaryOf(opening: Opening, jobBoard: JobBoardConfig): PublishedSalary | null {
  const policy = jobBoard.salary?.policy ?? 'never';
  // An open-ended salary (no max) is the pay-transparency check's to report; it is not posted as a band.
  if (!opening.salary || opening.salary.max === undefined || !jobBoard.salary) return null;
  const published = policy === 'always' || (policy === 'per-opening' && opening.salary.publish === true);
  if (!published) return null;
  return { min: opening.salary.min, max: opening.salary.max, currency: jobBoard.salary.currency, unitText: jobBoard.salary.unitText };
}

export function applyUrlOf(template: string, values: { requisitionId: string; family: string; level: string }): string {
  return template.replace(/\{(requisitionId|family|level)\}/g, (_, key: keyof typeof values) => encodeURIComponent(values[key]));
}

/** One posting per opening that has not expired, in requisition order; none without a `jobBoard` block. */
export function planPostings(openings: readonly Opening[], families: readonly ModelFamily[], site: SiteConfig | null, pay?: PayValidation): Posting[] {
  const jobBoard = site?.jobBoard;
  if (!site || !jobBoard) return [];
  const postings: Posting[] = [];
  for (const opening of openings) {
    if (opening.expired) continue;
    const family = families.find((f) => f.slug === opening.family);
    if (!family) continue; // validation reported it
    const targetId = (opening.level ?? opening.specialty)!;
    const resolved =
      opening.level !== undefined ? family.levels.find((l) => l.id === opening.level) : family.specialties.find((s) => s.id === opening.specialty);
    if (!resolved) continue;
    const path = postingPathOf(opening.requisitionId);
    const types = opening.employmentType ?? jobBoard.employmentType ?? 'FULL_TIME';
    const remotePlaces = opening.remote ? (opening.remote.places ?? opening.remote.countries ?? jobBoard.remoteCountries ?? []) : null;
    const remoteCountries = remotePlaces && [...new Set(remotePlaces.map(countryOf))];
    // What pay transparency decided (validate ran it); without it, the opening's own band as the policy allows.
    const checked = pay?.openings.find((p) => p.requisitionId === opening.requisitionId);
    const own = salaryOf(opening, jobBoard);
    const payRanges: PayRange[] = checked ? checked.ranges : own ? [{ ...own, zone: null, label: 'All locations', source: 'salary' }] : [];
    const salary = checked ? baseSalaryOf(checked.ranges, pay?.compensation?.currency ?? jobBoard.salary?.currency ?? null) : own;
    postings.push({
      requisitionId: opening.requisitionId,
      path,
      url: `${jobBoard.siteUrl}/${path}`,
      applyUrl: applyUrlOf(jobBoard.applyUrlTemplate, { requisitionId: opening.requisitionId, family: family.slug, level: targetId }),
      directApply: jobBoard.directApply,
      title: resolved.title,
      company: { name: site.company, url: jobBoard.companyUrl ?? null, logo: jobBoard.logoUrl ?? null },
      family: { slug: family.slug, title: family.title, relativePath: family.relativePath, department: family.department },
      target: { kind: resolved.kind, id: targetId },
      grade: resolved.grade,
      gradeLabel: resolved.gradeLabel,
      intro: resolved.intro ?? family.file.family.intro,
      responsibilities: resolved.responsibilities,
      requirements: resolved.requirements,
      datePosted: opening.datePosted,
      validThrough: opening.validThrough ?? null,
      employmentTypes: Array.isArray(types) ? types : [types],
      offices: (opening.offices ?? []).flatMap((id) => jobBoard.offices?.find((o) => o.id === id) ?? []),
      remoteCountries,
      remotePlaces,
      salary,
      payRanges,
      ...postingDisclosures(opening, jobBoard),
      about: jobBoard.about ?? null,
      equalOpportunity: jobBoard.equalOpportunity ?? null,
      handbookUrl: site.handbookUrl,
    });
  }
  return postings.sort((a, b) => a.requisitionId.localeCompare(b.requisitionId));
}

export function officeLabel(office: Office): string {
  const { addressLocality, addressRegion, addressCountry } = office.address;
  return [addressLocality, addressRegion, placeName(addressCountry)].filter(Boolean).join(', ');
}

/** "Fully remote (United States, Canada)" or "Amsterdam, Netherlands · New York, NY, United States". */
export function locationLabel(posting: Posting): string {
  if (posting.remotePlaces) return `Fully remote (${posting.remotePlaces.map(placeName).join(', ')})`;
  return posting.offices.map(officeLabel).join(' · ');
}
