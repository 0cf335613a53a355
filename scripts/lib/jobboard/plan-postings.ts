// A posting's labels and its description HTML, from the model's postings (model/postings.ts resolves
// every value once, so the page, the JSON-LD, postings.json and the Indeed feed cannot disagree). Pure.
import type { Posting, PublishedSalary } from '../model/handbook.ts';
import { countryName, officeLabel } from '../model/postings.ts';
import type { EmploymentType, SalaryUnit } from '../types.ts';
import { escapeHtml } from '../escape-html.ts';
import { webInlineHtml, webItemsHtml } from '../markdown/web.ts';

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
