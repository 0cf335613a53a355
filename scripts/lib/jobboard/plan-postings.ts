// From validated openings to postings: every value a posting shows, resolved once, so the page, the
// JSON-LD, postings.json and the Indeed feed cannot disagree. Pure. An opening is a vacancy; the
// family only supplies what the job *is* (title, lists); dates, places, type and pay come from the
// opening and the config.
import { resolveLevel, resolveSpecialty } from '../model/family.ts';
import type { EmploymentType, FamilyFile, Grade, Item, JobBoardConfig, Office, Opening, SalaryUnit, SiteConfig } from '../types.ts';
import { escapeHtml } from '../escape-html.ts';
import { webInlineHtml, webItemsHtml } from '../markdown/web.ts';

export interface PublishedSalary {
  min: number;
  max: number;
  currency: string;
  unitText: SalaryUnit;
}

export interface Posting {
  requisitionId: string;
  /** Output path, e.g. "jobs/REQ-2026-0417.html". */
  path: string;
  url: string;
  applyUrl: string;
  directApply: boolean;
  /** The job's title only: no grade, place or company. */
  title: string;
  company: { name: string; url: string | null; logo: string | null };
  family: { slug: string; title: string; relativePath: string; department: string };
  target: { kind: 'level' | 'specialty'; id: string };
  grade: number | null;
  gradeLabel: string | null;
  intro: string | null;
  responsibilities: Item[];
  requirements: Item[];
  datePosted: string;
  validThrough: string | null;
  employmentTypes: EmploymentType[];
  /** Where the job is based; empty for a fully remote job. */
  offices: Office[];
  /** Countries applicants may live in, for a fully remote job; null otherwise. */
  remoteCountries: string[] | null;
  salary: PublishedSalary | null;
  about: string | null;
  equalOpportunity: string | null;
  /** Base that site-relative links in family text resolve against. */
  handbookUrl: string;
}

/** "sales/sales-operations.yml" → "Sales"; a family at the top level has no department folder. */
export function departmentOf(relativePath: string): string {
  const parts = relativePath.split('/');
  if (parts.length < 2) return 'General';
  return parts[0]!.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export function gradeLabelOf(grade: number | null, grades: readonly Grade[]): string | null {
  return grade === null ? null : (grades.find((g) => g.grade === grade)?.label ?? null);
}

function salaryOf(opening: Opening, jobBoard: JobBoardConfig): PublishedSalary | null {
  const policy = jobBoard.salary?.policy ?? 'never';
  if (!opening.salary || !jobBoard.salary) return null;
  const published = policy === 'always' || (policy === 'per-opening' && opening.salary.publish === true);
  if (!published) return null;
  return { min: opening.salary.min, max: opening.salary.max, currency: jobBoard.salary.currency, unitText: jobBoard.salary.unitText };
}

export function applyUrlOf(template: string, values: { requisitionId: string; family: string; level: string }): string {
  return template.replace(/\{(requisitionId|family|level)\}/g, (_, key: keyof typeof values) => encodeURIComponent(values[key]));
}

/** One posting per opening that has not expired, in requisition order. */
export function planPostings(openings: readonly Opening[], families: readonly FamilyFile[], grades: readonly Grade[], config: SiteConfig | null): Posting[] {
  const jobBoard = config?.jobBoard;
  if (!config || !jobBoard) return [];
  const postings: Posting[] = [];
  for (const opening of openings) {
    if (opening.expired) continue;
    const file = families.find((f) => f.slug === opening.family);
    if (!file) continue; // validation reported it
    const targetId = (opening.level ?? opening.specialty)!;
    let resolved: { title: string; intro: string | null; responsibilities: Item[]; requirements: Item[]; grade: number | null } | undefined;
    if (opening.level !== undefined) {
      const level = resolveLevel(file.family, opening.level);
      resolved = level && { ...level, intro: level.intro ?? file.family.intro };
    } else {
      const specialty = resolveSpecialty(file.family, opening.specialty!);
      const levelGrades = [...new Set(specialty?.levels.map((l) => l.grade).filter((g) => g !== null))];
      resolved = specialty && { ...specialty, intro: specialty.intro ?? file.family.intro, grade: levelGrades.length === 1 ? levelGrades[0]! : null };
    }
    if (!resolved) continue;
    const path = `jobs/${opening.requisitionId}.html`;
    const types = opening.employmentType ?? jobBoard.employmentType ?? 'FULL_TIME';
    const remoteCountries = opening.remote ? (opening.remote.countries ?? jobBoard.remoteCountries ?? []) : null;
    postings.push({
      requisitionId: opening.requisitionId,
      path,
      url: `${jobBoard.siteUrl}/${path}`,
      applyUrl: applyUrlOf(jobBoard.applyUrlTemplate, { requisitionId: opening.requisitionId, family: file.slug, level: targetId }),
      directApply: jobBoard.directApply,
      title: resolved.title,
      company: { name: config.company, url: jobBoard.companyUrl ?? null, logo: jobBoard.logoUrl ?? null },
      family: { slug: file.slug, title: file.family.frontMatter.title, relativePath: file.source.relativePath, department: departmentOf(file.source.relativePath) },
      target: { kind: opening.level !== undefined ? 'level' : 'specialty', id: targetId },
      grade: resolved.grade,
      gradeLabel: gradeLabelOf(resolved.grade, grades),
      intro: resolved.intro,
      responsibilities: resolved.responsibilities,
      requirements: resolved.requirements,
      datePosted: opening.datePosted,
      validThrough: opening.validThrough ?? null,
      employmentTypes: Array.isArray(types) ? types : [types],
      offices: (opening.offices ?? []).flatMap((id) => jobBoard.offices?.find((o) => o.id === id) ?? []),
      remoteCountries,
      salary: salaryOf(opening, jobBoard),
      about: jobBoard.about ?? null,
      equalOpportunity: jobBoard.equalOpportunity ?? null,
      handbookUrl: config.handbookUrl,
    });
  }
  return postings.sort((a, b) => a.requisitionId.localeCompare(b.requisitionId));
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
export const countryName = (code: string) => regionNames.of(code) ?? code;

export function officeLabel(office: Office): string {
  const { addressLocality, addressRegion, addressCountry } = office.address;
  return [addressLocality, addressRegion, countryName(addressCountry)].filter(Boolean).join(', ');
}

/** "Fully remote (United States, Canada)" or "Amsterdam, Netherlands · New York, NY, United States". */
export function locationLabel(posting: Posting): string {
  if (posting.remoteCountries) return `Fully remote (${posting.remoteCountries.map(countryName).join(', ')})`;
  return posting.offices.map(officeLabel).join(' · ');
}

const EMPLOYMENT_LABELS: Record<EmploymentType, string> = {
  FULL_TIME: 'Full time',
  PART_TIME: 'Part time',
  CONTRACTOR: 'Contractor',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
  VOLUNTEER: 'Volunteer',
  PER_DIEM: 'Per diem',
  OTHER: 'Other',
};
export const employmentLabel = (posting: Posting) => posting.employmentTypes.map((t) => EMPLOYMENT_LABELS[t]).join(', ');

const UNIT_LABELS: Record<SalaryUnit, string> = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' };

export function salaryLabel(salary: PublishedSalary): string {
  const amount = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
  return `${salary.currency} ${amount(salary.min)} – ${amount(salary.max)} per ${UNIT_LABELS[salary.unitText]}`;
}

/**
 * The description in HTML: the same fragment is the visible body of the posting page and the JSON-LD
 * `description`, so the markup always matches what people read (Google's rule). Everything from the
 * data is escaped here.
 */
export function descriptionHtml(posting: Posting): string {
  const base = posting.handbookUrl;
  const parts: string[] = [];
  if (posting.intro) parts.push(`<p>${webInlineHtml(posting.intro, base)}</p>`);
  if (posting.remoteCountries) {
    parts.push(`<p>This job is fully remote: you work from home 100 % of the time. You can apply from ${escapeHtml(posting.remoteCountries.map(countryName).join(', '))}.</p>`);
  } else {
    parts.push(`<p>This job is based at ${escapeHtml(posting.offices.map((o) => `${o.name} (${officeLabel(o)})`).join(' or '))}.</p>`);
  }
  if (posting.responsibilities.length > 0) parts.push(`<h2>Responsibilities</h2>${webItemsHtml(posting.responsibilities, base)}`);
  if (posting.requirements.length > 0) parts.push(`<h2>Requirements</h2>${webItemsHtml(posting.requirements, base)}`);
  if (posting.salary) parts.push(`<h2>Salary</h2><p>${escapeHtml(salaryLabel(posting.salary))}</p>`);
  const about = [posting.about, posting.equalOpportunity].filter((p): p is string => p !== null);
  if (about.length > 0) parts.push(`<h2>About ${escapeHtml(posting.company.name)}</h2>${about.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`);
  return parts.join('\n');
}
