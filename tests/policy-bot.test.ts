// The bot's merge-request description says when a family's gender-coded verdict changes (language: on).
import { describe, expect, it } from 'vitest';
import { descriptionOf, planMergeRequest } from '../scripts/lib/bot/plan-merge-requests.ts';

const family = { slug: 'f', title: 'F', path: 'f.yml' };
const grades = [{ grade: 8, label: 'x', link: '/x' }];
const page = (requirement: string) =>
  `---\ntitle: F\n---\n\n## Levels\n\n### A\n\n#### A Job Grade\n\nThe A is a [grade 8](/x).\n\n#### Requirements\n\n- ${requirement}\n- Write clear reports\n`;
const plan = (before: string | null, after: string, language: boolean) =>
  planMergeRequest({ family, sourcePath: 'job-families/f.yml', pages: [{ path: 'h/f.md', content: page(after) }] }, new Map([['h/f.md', before === null ? null : page(before)]]), {
    targetBranch: 'main',
    sourceSha: 's',
    grades,
    bot: { review: ['requirements', 'family-added'] },
    language,
  });

describe('the language line of the MR description', () => {
  it('names the new verdict and the old one when the verdict changes', () => {
    const p = plan('Keep the spreadsheets current', 'Lead an ambitious, competitive and assertive team', true);
    expect(p.status).toBe('review');
    expect(descriptionOf(p, {})).toContain('**Language:** the wording now reads strongly masculine-coded (was neutral): 4 masculine-coded and 0 feminine-coded words.');
  });

  it('says nothing when the verdict stays, or when language checks are off', () => {
    expect(descriptionOf(plan('Keep the spreadsheets current', 'Keep the price book current', true), {})).not.toContain('**Language:**');
    expect(descriptionOf(plan('Keep the spreadsheets current', 'Lead an ambitious, competitive and assertive team', false), {})).not.toContain('**Language:**');
  });

  it('a new family gets its verdict without a "was"', () => {
    expect(descriptionOf(plan(null, 'Support an honest team', true), {})).toContain('**Language:** the wording now reads feminine-coded: 0 masculine-coded and 2 feminine-coded words.');
  });
});
