// The evidence file of pay transparency (OUT/jobs/pay-transparency.json) and its readable page: per
// opening, the places, the ranges shown, the rules that applied with how each requirement was met,
// and the rules that did not apply and why. Evidence of what jobfam checked, not legal advice. Pure.
import { escapeHtml } from '../escape-html.ts';
import { rangeLabel, type OpeningPay } from './check-openings.ts';
import { RULES_CHECKED } from './rules.ts';
import type { PayValidation } from './pay-validation.ts';

export const EVIDENCE_PATH = 'jobs/pay-transparency.json';
export const EVIDENCE_PAGE = 'jobs/pay-transparency.html';

export const EVIDENCE_DISCLAIMER =
  'Evidence of what jobfam checked on the build date against the rules it was given; not legal advice. Check the rules (citations, dates, thresholds) with counsel.';

export function payEvidence(pay: PayValidation, options: { today: string; employees: number | null }) {
  return {
    generated: options.today,
    disclaimer: EVIDENCE_DISCLAIMER,
    rulesChecked: RULES_CHECKED,
    employees: options.employees,
    openings: pay.openings.map((o) => ({
      requisitionId: o.requisitionId,
      workplace: o.kind,
      places: o.places.map((p) => ({ place: p.place, name: p.name, ...(p.office ? { office: p.office } : {}) })),
      ranges: o.ranges.map((r) => ({ zone: r.zone, label: r.label, min: r.min, max: r.max, currency: r.currency, unitText: r.unitText, source: r.source })),
      rulesApplied: o.applied.map((a) => ({
        rule: a.id,
        jurisdiction: a.jurisdiction,
        citation: a.citation,
        effective: a.effective,
        status: a.status,
        places: a.places,
        requirements: a.requirements.map((r) => ({ requirement: r.requirement, asks: r.asks, met: r.met, ...(r.how ? { how: r.how } : { problem: r.problem, fix: r.fix }) })),
      })),
      rulesNotApplied: o.skipped.map((s) => ({ rule: s.id, jurisdiction: s.jurisdiction, citation: s.citation, effective: s.effective, why: s.why, detail: s.detail })),
    })),
  };
}

const rows = (o: OpeningPay) =>
  o.applied
    .flatMap((a) =>
      a.requirements.map(
        (r) =>
          `<tr><td>${escapeHtml(a.jurisdiction)}${a.status === 'upcoming' ? ` (from ${escapeHtml(a.effective)})` : ''}</td><td>${escapeHtml(a.citation)}</td><td>${escapeHtml(r.asks)}</td><td class="${r.met ? 'met' : 'unmet'}">${r.met ? 'met' : 'NOT MET'}</td><td>${escapeHtml(r.how ? `${r.how.field}: ${r.how.value}` : `${r.problem ?? ''}. ${r.fix ?? ''}`)}</td></tr>`,
      ),
    )
    .join('\n');

/** The readable page the catalog links: the same facts as the JSON, as tables. Everything escaped. */
export function payEvidenceHtml(pay: PayValidation, options: { today: string; employees: number | null; company: string }): string {
  const sections = pay.openings.map(
    (o) => `<section id="${escapeHtml(o.requisitionId)}">
<h2><a href="${escapeHtml(o.requisitionId)}.html">${escapeHtml(o.requisitionId)}</a></h2>
<p>${o.kind === 'remote' ? 'Remote, open to' : 'Based at'} ${escapeHtml(o.places.map((p) => p.name).join(', '))}.</p>
${o.ranges.length > 0 ? `<ul>${o.ranges.map((r) => `<li>${escapeHtml(r.label)}: ${escapeHtml(rangeLabel(r))}</li>`).join('')}</ul>` : '<p>No pay range is shown.</p>'}
<table><thead><tr><th>Jurisdiction</th><th>Citation</th><th>Requires</th><th>Result</th><th>How</th></tr></thead><tbody>
${rows(o)}
</tbody></table>
${o.skipped.length > 0 ? `<p>Not applied: ${escapeHtml(o.skipped.map((s) => `${s.jurisdiction} (${s.detail})`).join('; '))}.</p>` : ''}
</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pay transparency evidence · ${escapeHtml(options.company)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}.unmet{color:#a00;font-weight:bold}.met{color:#060}</style></head>
<body>
<h1>Pay transparency evidence</h1>
<p>Built ${escapeHtml(options.today)}; employer size ${options.employees === null ? 'not configured (every rule applied)' : escapeHtml(String(options.employees))}; rules as checked on ${escapeHtml(RULES_CHECKED)}.</p>
<p><strong>${escapeHtml(EVIDENCE_DISCLAIMER)}</strong></p>
${sections.join('\n')}
</body>
</html>
`;
}
