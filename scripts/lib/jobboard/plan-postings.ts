// A posting's labels and its description HTML, from the model's postings (model/postings.ts resolves
// every value once, so the page, the JSON-LD, postings.json and the Indeed feed cannot disagree). Pure.
import type { Posting, PublishedSalary } from '../model/handbook.ts';
import { officeLabel } from '../model/postings.ts';
import type { EmploymentType } from '../types.ts';
import { escapeHtml } from '../escape-html.ts';
import { webInlineHtml, webItemsHtml } from '../markdown/web.ts';
import { rangeLabel } from '../pay/check-openings.ts';
import { placeName } from '../pay/places.ts';
import type { PayBasis } from '../pay/types.ts';

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

export const salaryLabel = (salary: PublishedSalary): string => rangeLabel(salary);

const PAY_BASIS: Record<PayBasis, string> = {
  salary: 'base salary',
  'salary-and-commission': 'base salary plus commission',
  'commission-only': 'commission only',
  tipped: 'base pay plus tips',
};

/** Pay, benefits and the statements pay-transparency laws ask for; what the markup says is visible here. */
function payHtml(posting: Posting): string[] {
  const parts: string[] = [];
  const ranges = posting.payRanges;
  if (ranges.length === 1 && ranges[0]!.zone === null) {
    parts.push(`<h2>Salary</h2><p>${escapeHtml(rangeLabel(ranges[0]!))}</p>`);
  } else if (ranges.length > 0) {
    const span = posting.salary && ranges.length > 1 ? `<p>${escapeHtml(`${salaryLabel(posting.salary)}, depending on where you live:`)}</p>` : '';
    parts.push(`<h2>Salary</h2>${span}<ul>${ranges.map((r) => `<li>${escapeHtml(`${r.label}: ${rangeLabel(r)}`)}</li>`).join('')}</ul>`);
  }
  if (posting.payBasis !== 'salary') parts.push(`<p>${escapeHtml(`Pay: ${PAY_BASIS[posting.payBasis]}.`)}</p>`);
  if (posting.benefits) parts.push(`<h2>Benefits</h2><p>${escapeHtml(posting.benefits)}</p>`);
  const statements = [
    ...(posting.existingVacancy === null ? [] : [posting.existingVacancy ? 'This posting is for a vacancy that exists now.' : 'This posting is for a future vacancy.']),
    ...(posting.aiScreening === null ? [] : [posting.aiScreening ? 'Artificial intelligence is used to screen, assess or select applicants.' : 'No artificial intelligence is used to screen, assess or select applicants.']),
  ];
  if (statements.length > 0) parts.push(`<h2>About this posting</h2>${statements.map((t) => `<p>${escapeHtml(t)}</p>`).join('')}`);
  return parts;
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
  if (posting.remotePlaces) {
    parts.push(`<p>This job is fully remote: you work from home 100 % of the time. You can apply from ${escapeHtml(posting.remotePlaces.map(placeName).join(', '))}.</p>`);
  } else {
    parts.push(`<p>This job is based at ${escapeHtml(posting.offices.map((o) => `${o.name} (${officeLabel(o)})`).join(' or '))}.</p>`);
  }
  if (posting.responsibilities.length > 0) parts.push(`<h2>Responsibilities</h2>${webItemsHtml(posting.responsibilities, base)}`);
  if (posting.requirements.length > 0) parts.push(`<h2>Requirements</h2>${webItemsHtml(posting.requirements, base)}`);
  parts.push(...payHtml(posting));
  const about = [posting.about, posting.equalOpportunity].filter((p): p is string => p !== null);
  if (about.length > 0) parts.push(`<h2>About ${escapeHtml(posting.company.name)}</h2>${about.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`);
  return parts.join('\n');
}
