// House rules and inclusive language (issue 13): a fixture family per rule and per check, each finding
// with its text, line and column; words inside block and quoted scalars land on their own column.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../scripts/lib/errors.ts';
import type { Diagnostic } from '../scripts/lib/types.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { loadEqualityChecker, type EqualityChecker } from '../scripts/lib/validate/language/equality.ts';
import { familiesInput } from './helpers/policy-families.ts';

let equality: EqualityChecker;
beforeAll(async () => {
  equality = await loadEqualityChecker();
});

const POLICY = `policy:
  severity: error
  requiredSections: [responsibilities, requirements, performanceIndicators, hiringProcess]
  requiredRequirements: ["Ability to use GitLab"]
  forbiddenPhrases:
    - { phrase: rockstar, why: "Describe the skill, not a persona." }
    - { phrase: exciting opportunity, why: "A job family is not a vacancy." }
`;
const LANGUAGE = `language:
  insensitive: warning
  genderedTitles: error
  genderCoded: warning
  codedWords: info
`;

function check(families: Record<string, string>, config: string): Diagnostic[] {
  return validateFamilies(familiesInput(families, config), { equality }).diagnostics;
}
/** `line:column severity code message`: the golden form of a finding (the hint is checked where it matters). */
const golden = (ds: Diagnostic[], codes: RegExp = /./) => ds.filter((d) => codes.test(d.code)).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);

const COMPLETE = `frontMatter:
  title: Data Analyst
responsibilities:
  - Build reports
requirements:
  - Ability to use GitLab
performanceIndicators:
  - Reports shipped
hiringProcess:
  - A call with a recruiter
levels:
  - id: intermediate
    title: Data Analyst
    grade: 6
`;

describe('policy rules', () => {
  it('a family that lacks a required section, at the family', () => {
    const family = `frontMatter:
  title: Support Engineering
levels:
  - id: one
    title: Support Engineer
    grade: 5
    responsibilities: [Answer tickets]
    requirements: [Ability to use GitLab]
    performanceIndicators: [Tickets closed]
  - id: two
    title: Senior Support Engineer
    grade: 7
    extends: { responsibilities: one, requirements: one }
`;
    expect(golden(check({ 'support.yml': family }, POLICY), /^policy/)).toEqual([
      'fam/support.yml:1:1 error policy-section-missing The family has no performance indicators section: none family-wide, and "Senior Support Engineer" has none of their own.',
      'fam/support.yml:1:1 error policy-section-missing The family has no hiring process section: none family-wide, and "Support Engineer", "Senior Support Engineer" have none of their own.',
    ]);
  });

  it('a level or specialty that does not list a required requirement, own, family-wide or inherited', () => {
    const family = `frontMatter:
  title: Sales
responsibilities: [Sell]
performanceIndicators: [Revenue]
hiringProcess: [Interview]
levels:
  - id: rep
    title: Sales Representative
    grade: 5
    requirements:
      - "**Ability to use GitLab**."
  - id: senior
    title: Senior Sales Representative
    grade: 6
    extends: { requirements: rep }
  - id: lead
    title: Sales Team Lead
    grade: 7
    requirements: [Ability to use Salesforce]
specialties:
  - id: public-sector
    name: Public Sector
    title: Public Sector Sales Representative
    extends: { requirements: rep }
  - id: channel
    name: Channel
    title: Channel Sales Representative
    requirements: [Ability to travel]
`;
    expect(golden(check({ 'sales.yml': family }, POLICY), /^policy/)).toEqual([
      'fam/sales.yml:16:5 error policy-requirement-missing The level "Sales Team Lead" does not list the requirement "Ability to use GitLab" (own, family-wide or inherited).',
      'fam/sales.yml:25:5 error policy-requirement-missing The specialty "Channel Sales Representative" does not list the requirement "Ability to use GitLab" (own, family-wide or inherited).',
    ]);
  });

  it('a forbidden phrase at the word itself, also inside a block scalar and folded over lines', () => {
    const family = COMPLETE.replace(
      'levels:',
      `intro: |
  We hire people, not personas.
    No Rockstar here, no rockstars either.
careerLadder: >
  An exciting
  opportunity awaits.
levels:`,
    );
    const found = check({ 'analyst.yml': family }, POLICY).filter((d) => d.code === 'policy-forbidden-phrase');
    expect(golden(found)).toEqual([
      'fam/analyst.yml:13:8 error policy-forbidden-phrase "Rockstar" is a forbidden phrase in these job families.',
      'fam/analyst.yml:15:6 error policy-forbidden-phrase "exciting\\nopportunity" is a forbidden phrase in these job families.'.replace('\\n', ' '),
    ]);
    expect(found[0]!.hint).toBe('Describe the skill, not a persona.');
  });

  it('a complete family follows every rule; policy: absent checks nothing', () => {
    expect(golden(check({ 'analyst.yml': COMPLETE }, POLICY))).toEqual([]);
    expect(golden(check({ 'analyst.yml': COMPLETE.replace(/performanceIndicators:\n.*\n/, '') }, ''))).toEqual([]);
  });

  it('severity: warning reports the same findings as warnings', () => {
    const found = check({ 'analyst.yml': COMPLETE.replace(/hiringProcess:\n.*\n/, '') }, POLICY.replace('severity: error', 'severity: warning'));
    expect(found.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning policy-section-missing']);
  });
});

describe('inclusive language', () => {
  it('insensitive terms at the word, with the library suggestion as hint', () => {
    const family = COMPLETE.replace('  - Build reports', '  - Build reports for the manpower plan\n  - He will present them').replace('title: Data Analyst\nresp', 'title: Data Analyst\nresp');
    const found = check({ 'analyst.yml': family }, LANGUAGE).filter((d) => d.code === 'language-insensitive');
    expect(golden(found)).toEqual([
      'fam/analyst.yml:4:27 warning language-insensitive "manpower" may be insensitive or not neutral (retext-equality: manpower).',
      'fam/analyst.yml:5:5 warning language-insensitive "He" may be insensitive or not neutral (retext-equality: he-she).',
    ]);
    expect(found[0]!.hint).toMatch(/^Consider "human resources", "workforce"/);
  });

  it('a non-neutral job title is its own finding', () => {
    const family = COMPLETE.replace('    title: Data Analyst\n    grade: 6', '    title: Data Chairman\n    grade: 6');
    expect(golden(check({ 'analyst.yml': family }, LANGUAGE), /title/)).toEqual([
      'fam/analyst.yml:13:17 error language-gendered-title The job title "Data Chairman" is not gender-neutral: "Chairman".',
    ]);
  });

  it('gender-coded words at their positions and the family verdict', () => {
    const family = COMPLETE.replace('  - Build reports', '  - Lead an ambitious, competitive team\n  - Support an honest culture');
    expect(golden(check({ 'analyst.yml': family }, LANGUAGE), /coded/)).toEqual([
      'fam/analyst.yml:2:15 info language-coded-word "Analyst" is a masculine-coded word (stem "analy*"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:2:15 warning language-gender-coded Gender-coded wording: 5 masculine-coded and 2 feminine-coded words; the family reads masculine-coded.',
      'fam/analyst.yml:4:5 info language-coded-word "Lead" is a masculine-coded word (stem "lead*"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:4:13 info language-coded-word "ambitious" is a masculine-coded word (stem "ambitio*"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:4:24 info language-coded-word "competitive" is a masculine-coded word (stem "compet*"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:5:5 info language-coded-word "Support" is a feminine-coded word (stem "support*"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:5:16 info language-coded-word "honest" is a feminine-coded word (stem "honest"; Gaucher, Friesen & Kay 2011).',
      'fam/analyst.yml:14:17 info language-coded-word "Analyst" is a masculine-coded word (stem "analy*"; Gaucher, Friesen & Kay 2011).',
    ]);
    const summary = check({ 'analyst.yml': family }, LANGUAGE).find((d) => d.code === 'language-gender-coded')!.summary;
    expect(summary).toEqual({
      family: 'analyst',
      masculine: 5,
      feminine: 2,
      verdict: 'masculine-coded',
      masculineWords: { 'analy*': 2, 'lead*': 1, 'ambitio*': 1, 'compet*': 1 },
      feminineWords: { 'support*': 1, honest: 1 },
    });
  });

  it('a control family with neutral text yields no language finding, only its neutral summary', () => {
    const neutral = `frontMatter:
  title: Technical Writer
intro: The technical writer documents how the product works.
responsibilities:
  - Write and review product documentation
  - Plan the documentation for each release with engineers
requirements:
  - Clear written English
  - Ability to use GitLab
levels:
  - id: writer
    title: Technical Writer
    grade: 6
`;
    const found = check({ 'writer.yml': neutral }, LANGUAGE);
    expect(golden(found)).toEqual([
      'fam/writer.yml:1:1 info language-gender-coded Gender-coded wording: 0 masculine-coded and 0 feminine-coded words; the family reads neutral.',
    ]);
  });

  it('block scalars and double-quoted scalars with escapes put findings on the right column', () => {
    const family = COMPLETE.replace(
      'levels:',
      `intro: "A \\"data\\" caf\\u00e9 role:\\n the chairman\\tis decisive"
careerLadder: >-
  Analysts grow into
    crazy deadlines
  or stay.
levels:`,
    );
    expect(golden(check({ 'analyst.yml': family }, LANGUAGE), /insensitive/)).toEqual([
      'fam/analyst.yml:11:42 warning language-insensitive "chairman" may be insensitive or not neutral (retext-equality: chairman-chairwoman).',
      'fam/analyst.yml:14:5 warning language-insensitive "crazy" may be insensitive or not neutral (retext-equality: nuts).',
    ]);
    expect(golden(check({ 'analyst.yml': family }, LANGUAGE), /coded-word/).filter((l) => l.includes('decisive'))).toEqual([
      'fam/analyst.yml:11:55 info language-coded-word "decisive" is a masculine-coded word (stem "decisive"; Gaucher, Friesen & Kay 2011).',
    ]);
  });

  it('text a level inherits is reported once, at its source', () => {
    const family = COMPLETE.replace(
      'levels:\n  - id: intermediate\n    title: Data Analyst\n    grade: 6\n',
      `levels:
  - id: intermediate
    title: Data Engineer
    grade: 6
    responsibilities: [Plan the manpower]
  - id: senior
    title: Senior Data Engineer
    grade: 7
    extends: { responsibilities: intermediate }
`,
    );
    expect(golden(check({ 'analyst.yml': family }, LANGUAGE), /insensitive/)).toEqual([
      'fam/analyst.yml:15:33 warning language-insensitive "manpower" may be insensitive or not neutral (retext-equality: manpower).',
    ]);
  });

  it('an exemption silences its finding in its family only; one that silences nothing is stale', () => {
    const crazy = COMPLETE.replace('  - Build reports', '  - Build reports under crazy deadlines');
    const config = `${LANGUAGE}  exemptions:
    - { family: one, term: Crazy, reason: "Quoted from a customer." }
    - { family: two, term: manpower, reason: "Was in the old text." }
`;
    expect(golden(check({ 'one.yml': crazy, 'two.yml': crazy }, config), /insensitive|stale/)).toEqual([
      'fam/_config.yml:10:7 warning language-exemption-stale The exemption of "manpower" for "two" silences nothing.',
      'fam/two.yml:4:25 warning language-insensitive "crazy" may be insensitive or not neutral (retext-equality: nuts).',
    ]);
  });

  it('an exempted gender-coded stem neither counts nor shows', () => {
    const family = COMPLETE.replace('  - Build reports', '  - Lead the team and lead the reviews');
    const config = `${LANGUAGE}  exemptions:\n    - { family: analyst, term: "lead*", reason: "Leading the team is the job." }\n`;
    const found = check({ 'analyst.yml': family }, config);
    expect(found.filter((d) => d.code === 'language-coded-word').map((d) => (d.message.match(/"(\w+)"/) ?? [])[1])).toEqual(['Analyst', 'Analyst']);
    expect(found.find((d) => d.code === 'language-gender-coded')!.summary!.masculine).toBe(2);
    expect(found.some((d) => d.code === 'language-exemption-stale')).toBe(false);
  });

  it('off turns a check off; the formatted finding reads as the CLI prints it', () => {
    const family = COMPLETE.replace('  - Build reports', '  - Build reports for the manpower plan');
    const off = LANGUAGE.replace('insensitive: warning', 'insensitive: off').replace('genderCoded: warning', 'genderCoded: off');
    expect(check({ 'analyst.yml': family }, off)).toEqual([]);
    const on = check({ 'analyst.yml': family }, LANGUAGE).find((d) => d.code === 'language-insensitive')!;
    expect(formatDiagnostic(on)).toMatch(/^fam\/analyst.yml:4:27  warning  language-insensitive  "manpower" may be/);
  });
});
