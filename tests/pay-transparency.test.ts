// Pay transparency (issue 14): pay bands and zones, the rules as data, and the check of every opening
// against the laws it triggers, on fixtures built from the bundled families. In process: no CLI.
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { JobPosting, WithContext } from 'schema-dts';
import { describe, expect, it } from 'vitest';
import { descriptionHtml } from '../scripts/lib/jobboard/plan-postings.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { jobPostingJsonLd } from '../scripts/lib/jobboard/json-ld.ts';
import googleSchema from './fixtures/jobboard/google-job-posting.schema.json' with { type: 'json' };
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { bandRange, zoneOf, type Compensation } from '../scripts/lib/pay/compensation.ts';
import { placeContains } from '../scripts/lib/pay/places.ts';
import { SHIPPED_RULES, resolveRules } from '../scripts/lib/pay/rules.ts';
import { EVIDENCE_PAGE, payEvidence } from '../scripts/lib/pay/evidence.ts';
import { planCatalog } from '../scripts/lib/site/plan-catalog.ts';
import { buildPdfJobs, createPdfTemplates } from '../scripts/lib/pdf/build-packets.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import { templatesDir } from './helpers/paths.ts';
import type { Diagnostic } from '../scripts/lib/types.ts';
import { JOBBOARD_TODAY, jobBoardFixture } from './helpers/jobboard-fixtures.ts';

const OFFICES = `
    - id: denver
      name: Denver office
      address: { addressLocality: Denver, addressRegion: CO, addressCountry: US }
    - id: manhattan
      name: New York office
      place: US-NY-NYC
      address: { addressLocality: New York, addressRegion: NY, addressCountry: US }`;

/** The bundled families with the test's openings, config edits and (optionally) pay bands. */
async function check(openings: string, options: { config?: (c: string) => string; compensation?: string | null; family?: (text: string) => string; today?: string } = {}) {
  const { dir, families } = await jobBoardFixture({
    openings: `openings:\n${openings}`,
    config: (c) => (options.config ?? ((x) => x))(c.replace('\n  offices:', `\n  offices:${OFFICES}`)),
  });
  if (options.compensation === null) await rm(path.join(families, '_compensation.yml'));
  else if (options.compensation !== undefined) await writeFile(path.join(families, '_compensation.yml'), options.compensation);
  if (options.family) {
    const file = path.join(families, 'sales/sales-systems-leadership.yml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, options.family(await readFile(file, 'utf8')));
  }
  const validation = validateFamilies(await readFamilies([families], dir), { today: options.today ?? JOBBOARD_TODAY });
  return { validation, diagnostics: validation.diagnostics.filter(notHouseRules), pay: validation.pay };
}

/** The bundled _config.yml also turns on the house rules and language checks (warnings about the
 *  families' text, another check's business): these tests look at everything else. */
const notHouseRules = (d: Diagnostic) => !d.code.startsWith('policy-') && !d.code.startsWith('language-');

const opening = (id: string, fields: string) => `  - requisitionId: ${id}\n    datePosted: 2026-11-02\n${fields.replace(/^/gm, '    ')}\n`;
const named = (d: Diagnostic) => /^(?:From \d{4}-\d{2}-\d{2}, )?(.+?) \(/.exec(d.message)?.[1];
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);

describe('the bundled families', () => {
  it('pass the pay-transparency check, with ranges derived from _compensation.yml', async () => {
    const { diagnostics, pay } = await check(`${opening('B-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nvalidThrough: 2027-06-30\nremote: { places: [US, CA] }\nexistingVacancy: true')}`);
    expect(diagnostics).toEqual([]);
    const [b1] = pay.openings;
    // Grade 8: reference 128,000 - 192,000 USD; US elsewhere x 0.9; Canada its own CAD band.
    expect(b1!.ranges.map((r) => [r.zone, r.currency, r.min, r.max])).toEqual([
      ['us', 'USD', 115200, 172800],
      ['us-tier-1', 'USD', 128000, 192000],
      ['canada', 'CAD', 150000, 195000],
    ]);
    expect(b1!.applied.find((a) => a.id === 'ca-on')!.requirements.every((r) => r.met)).toBe(true);
  });

  it('the shipped openings themselves are valid on the build date', async () => {
    const { dir, families } = await jobBoardFixture();
    const validation = validateFamilies(await readFamilies([families], dir), { today: '2026-12-07' });
    expect(validation.diagnostics.filter(notHouseRules)).toEqual([]);
    expect(validation.pay.openings.map((o) => [o.requisitionId, o.published])).toEqual([
      ['REQ-2026-0417', true],
      ['REQ-2026-0422', true],
      ['REQ-2026-0431', true],
      ['REQ-2026-0440', true],
    ]);
  });
});

describe('a US-remote opening without a range', () => {
  // sales-operations has no grades, so no band: only an own salary could give a range.
  const noRange = opening('US-1', 'family: sales-operations\nlevel: analyst\nvalidThrough: 2027-01-31\nremote: { places: [US] }');

  it('fails once per US jurisdiction in force for the employer size, located at the opening', async () => {
    const { diagnostics } = await check(noRange, { config: (c) => c.replace('employees: 2100', 'employees: 20') });
    const errors = diagnostics.filter((d) => d.code === 'pay-transparency');
    expect(new Set(errors.map((d) => `${d.file}:${d.line}:${d.column}`))).toEqual(new Set(['job-families/_openings.yml:3:5']));
    // Minnesota (30+), Massachusetts (25+) and Hawaii (50+) are above 20 employees; Vermont covers office jobs only.
    expect([...new Set(errors.map(named))].sort()).toEqual([
      'California',
      'Colorado',
      'District of Columbia',
      'Illinois',
      'Maryland',
      'New Jersey',
      'New York City',
      'New York State',
      'Washington',
    ]);
    const colorado = errors.find((d) => named(d) === 'Colorado')!;
    expect(colorado.message).toContain('C.R.S. 8-5-201');
    expect(colorado.message).toContain('no range is known for Colorado');
    expect(colorado.hint).toContain('salary: { min, max }');
  });

  it('below a threshold a rule does not apply, and the evidence says why', async () => {
    const { diagnostics, pay } = await check(noRange, { config: (c) => c.replace('employees: 2100', 'employees: 3') });
    expect([...new Set(diagnostics.filter((d) => d.code === 'pay-transparency').map(named))].sort()).toEqual(['Colorado', 'District of Columbia', 'Maryland']);
    const skipped = pay.openings[0]!.skipped.filter((s) => s.why === 'employer-size').map((s) => s.id);
    expect(skipped).toContain('us-ny-nyc');
    expect(skipped).toContain('us-ca');
  });

  it('as a warning when payTransparency.severity is warning', async () => {
    const { diagnostics } = await check(noRange, { config: (c) => c.replace('severity: error', 'severity: warning') });
    expect(diagnostics.filter((d) => d.code === 'pay-transparency').every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('rules with dates', () => {
  const rule = (effective: string) => `\n    rules:\n      - { id: us-de, jurisdiction: Delaware, places: [US-DE], citation: "Del. Code tit. 19, 711A (test)", effective: ${effective}, covers: [office, remote], requires: { range: closed } }`;
  const config = (effective: string) => (c: string) => c.replace('payTransparency: { employees: 2100, severity: error }', `payTransparency:\n    employees: 2100${rule(effective)}`);
  const remoteDelaware = opening('DE-1', 'family: sales-operations\nlevel: analyst\nremote: { places: [US-DE] }');

  it('a rule starting within 90 days is a warning that names its date', async () => {
    const { diagnostics, pay } = await check(remoteDelaware, { config: config('2027-01-15') });
    expect(codes(diagnostics)).toEqual(['job-families/_openings.yml:3:5 warning pay-transparency-upcoming']);
    expect(diagnostics[0]!.message).toMatch(/^From 2027-01-15, Delaware \(Del\. Code tit\. 19, 711A \(test\)\) requires a pay range/);
    expect(pay.openings[0]!.applied.map((a) => [a.id, a.status])).toEqual([['us-de', 'upcoming']]);
  });

  it('a rule starting later is not applied yet, and the evidence gives its date', async () => {
    const { diagnostics, pay } = await check(remoteDelaware, { config: config('2027-09-01') });
    expect(diagnostics).toEqual([]);
    expect(pay.openings[0]!.skipped).toContainEqual(expect.objectContaining({ id: 'us-de', why: 'not-yet-in-force', detail: 'it starts on 2027-09-01' }));
  });

  it('a shipped rule is turned off or changed by _config.yml', () => {
    const { rules } = resolveRules([{ id: 'us-co', enabled: false }, { id: 'ca-on', requires: { maxWidth: { amount: 40000, currency: 'CAD' } } }]);
    expect(rules.some((r) => r.id === 'us-co')).toBe(false);
    expect(rules.find((r) => r.id === 'ca-on')!.requires).toMatchObject({ range: 'closed', aiScreening: true, maxWidth: { amount: 40000 } });
    expect(resolveRules([{ id: 'nowhere', places: ['US-XX'] }]).rules.some((r) => r.id === 'nowhere')).toBe(false);
  });
});

describe('Ontario', () => {
  it('wants a range no wider than CAD 50,000, an AI-screening statement and the vacancy status', async () => {
    const { diagnostics } = await check(opening('ON-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nremote: { places: [CA-ON] }\nsalary: { min: 100000, max: 160000, currency: CAD }'), {
      config: (c) => c.replace('  aiScreening: false\n', ''),
    });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      expect.stringMatching(/^Ontario \(Employment Standards Act, 2000.*\) requires a range no wider than CAD 50,000: CAD 100,000 – 160,000 per year is CAD 60,000 wide\.$/),
      expect.stringContaining('requires a statement whether AI screens, assesses or selects applicants: jobBoard.aiScreening is not set'),
      expect.stringContaining('requires a statement whether the vacancy exists now: the opening does not say'),
    ]);
  });

  it('does not want a range above CAD 200,000', async () => {
    const { diagnostics, pay } = await check(opening('ON-2', 'family: sales-systems-leadership\nlevel: director-sales-systems\nremote: { places: [CA-ON] }\nexistingVacancy: true'));
    expect(diagnostics).toEqual([]);
    // Grade 10 in Canada: CAD 205,000 - 275,000, wider than 50,000 but above the exemption.
    const range = pay.openings[0]!.applied[0]!.requirements.find((r) => r.requirement === 'range')!;
    expect(range.how!.value).toContain('not required: pay starts above CAD 200,000');
  });

  it('cannot check a width in CAD on a range in USD: no exchange rates', async () => {
    const { diagnostics } = await check(opening('ON-3', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nremote: { places: [CA-ON] }\nexistingVacancy: true\nsalary: { min: 100000, max: 140000 }'));
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('is in USD (USD 100,000 – 140,000 per year), so its width in CAD is unknown')]);
  });

  it('forbids a Canadian-experience requirement', async () => {
    const { diagnostics } = await check(opening('ON-4', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nremote: { places: [CA] }\nexistingVacancy: true'), {
      family: (t) => t.replace('    requirements:\n', '    requirements:\n      - Two years of Canadian experience in sales operations.\n'),
    });
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('requires no requirement of "Canadian experience"')]);
  });
});

describe('Colorado', () => {
  it('wants the closing date and a description of benefits on a Denver posting', async () => {
    const { diagnostics, pay } = await check(opening('CO-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [denver]'), {
      config: (c) => c.replace(/\n {2}benefits: .*/, ''),
    });
    expect(diagnostics.map((d) => `${named(d)}: ${d.message.split(' requires ')[1]}`)).toEqual([
      'Colorado: a general description of benefits and other compensation: none is configured.',
      'Colorado: the date applications close: the opening has no validThrough.',
    ]);
    expect(diagnostics[1]!.hint).toContain('validThrough: YYYY-MM-DD');
    // The office's place comes from its address: US + CO.
    expect(pay.openings[0]!.places).toEqual([{ place: 'US-CO', name: 'Colorado', office: 'denver' }]);
  });

  it('does not allow a remote job open elsewhere in the US to exclude Colorado', async () => {
    const { diagnostics } = await check(opening('CO-2', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nvalidThrough: 2027-01-31\nremote: { places: [US-CA, US-NY] }'));
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'pay-remote-exclusion The remote opening is open to California, New York State but not to Colorado; Colorado (C.R.S. 8-5-201; 7 CCR 1103-13 Rule 4 (Equal Pay for Equal Work Act, as amended by SB 23-105)) does not allow excluding its residents from remote jobs.',
    ]);
  });
});

describe('New York City', () => {
  it('an office in New York City is in US-NY-NYC without a `place`, so the city\'s law applies', async () => {
    const { pay } = await check(opening('NYC-0', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [brooklyn]'), {
      config: (c) => c.replace('\n  offices:', '\n  offices:\n    - { id: brooklyn, name: Brooklyn office, address: { addressLocality: Brooklyn, addressRegion: NY, addressCountry: US } }'),
    });
    expect(pay.openings[0]!.places).toEqual([{ place: 'US-NY-NYC', name: 'New York City', office: 'brooklyn' }]);
    expect(pay.openings[0]!.applied.map((a) => a.jurisdiction)).toEqual(expect.arrayContaining(['New York City', 'New York State']));
  });

  it('an office elsewhere in the state is in US-NY', async () => {
    const { pay } = await check(opening('NY-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [albany]'), {
      config: (c) => c.replace('\n  offices:', '\n  offices:\n    - { id: albany, name: Albany office, address: { addressLocality: Albany, addressRegion: NY, addressCountry: US } }'),
    });
    expect(pay.openings[0]!.places).toEqual([{ place: 'US-NY', name: 'New York State', office: 'albany' }]);
    expect(pay.openings[0]!.applied.map((a) => a.jurisdiction)).not.toContain('New York City');
  });
});

describe('explicit ranges', () => {
  it('an open-ended range fails where a closed range is required', async () => {
    const { diagnostics } = await check(opening('NYC-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [manhattan]\nsalary: { min: 90000 }'));
    expect(diagnostics.map((d) => `${named(d)}: ${d.message.split(': ').slice(1).join(': ')}`)).toEqual([
      "New York City: the opening's salary is open-ended (USD from 90,000 per year).",
      "New York State: the opening's salary is open-ended (USD from 90,000 per year).",
    ]);
  });

  it('an inverted range is a located error and the opening is not posted', async () => {
    const { diagnostics, pay } = await check(opening('NYC-2', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [manhattan]\nsalary: { min: 120000, max: 90000 }'));
    expect(codes(diagnostics)).toEqual(['job-families/_openings.yml:8:13 error opening-salary-range']);
    expect(pay.openings).toEqual([]);
  });

  it('publish: false where a law requires the range is an error that says so', async () => {
    const { diagnostics } = await check(opening('NYC-3', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [manhattan]\nsalary: { min: 120000, max: 150000, publish: false }'));
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('the range USD 120,000 – 150,000 per year is not published (the opening says publish: false)'),
      expect.stringContaining('the range USD 120,000 – 150,000 per year is not published'),
    ]);
  });
});

describe('zones', () => {
  const compensation: Compensation = {
    currency: 'USD',
    unitText: 'YEAR',
    bands: [{ grade: 8, min: 100000, max: 150000 }],
    zones: [
      { id: 'us', places: ['US'], factor: 0.8 },
      { id: 'new-york', places: ['US-NY'], factor: 0.9 },
      { id: 'nyc', places: ['US-NY-NYC'], factor: 1 },
      { id: 'ontario', places: ['CA-ON'], currency: 'CAD', bands: [{ grade: 8, min: 140000, max: 180000 }] },
    ],
    families: { 'sales-systems-leadership': { factor: 1.1 } },
  };

  it.each([
    ['US-NY-NYC', 'nyc'],
    ['US-NY', 'new-york'],
    ['US-CO', 'us'],
    ['US', 'us'],
    ['CA-ON', 'ontario'],
    ['CA', null],
  ])('the most specific place wins: %s is in zone %s', (place, zone) => expect(zoneOf(compensation, place)?.id ?? null).toBe(zone));

  it('a factor scales the reference band, a family factor scales every zone, a zone of its own keeps its currency', () => {
    expect(bandRange(compensation, zoneOf(compensation, 'US-CO'), [8], 'other')).toMatchObject({ min: 80000, max: 120000, currency: 'USD' });
    expect(bandRange(compensation, zoneOf(compensation, 'US-CO'), [8], 'sales-systems-leadership')).toMatchObject({ min: 88000, max: 132000 });
    expect(bandRange(compensation, zoneOf(compensation, 'CA-ON'), [8], 'other')).toMatchObject({ min: 140000, max: 180000, currency: 'CAD' });
    expect(bandRange(compensation, null, [8], 'other')).toBeNull(); // a place in no zone has no derived range
    expect(placeContains('US-NY', 'US-NY-NYC') && !placeContains('US-N', 'US-NY')).toBe(true);
  });

  it('an NYC office is posted with the NYC zone, a remote CA-ON opening with its CAD zone', async () => {
    const bands = `currency: USD\nunitText: YEAR\nbands:\n${[5, 6, 7, 8, 9, 10, 11, 12, 14, 15].map((g) => `  - { grade: ${g}, min: ${g * 10000}, max: ${g * 15000} }`).join('\n')}\nzones:\n  - { id: us, places: [US], factor: 0.8 }\n  - { id: nyc, places: [US-NY-NYC], factor: 1.0 }\n  - id: ontario\n    places: [CA-ON]\n    currency: CAD\n    bands:\n${[5, 6, 7, 8, 9, 10, 11, 12, 14, 15].map((g) => `      - { grade: ${g}, min: ${g * 12000}, max: ${g * 12000 + 40000} }`).join('\n')}\n`;
    const { diagnostics, pay } = await check(
      opening('Z-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\noffices: [manhattan]') +
        opening('Z-2', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nremote: { places: [CA-ON] }\nexistingVacancy: true'),
      { compensation: bands },
    );
    expect(diagnostics).toEqual([]);
    expect(pay.openings.map((o) => o.ranges.map((r) => `${r.zone} ${r.currency} ${r.min}-${r.max}`))).toEqual([['nyc USD 80000-120000'], ['ontario CAD 96000-136000']]);
  });
});

describe('_compensation.yml', () => {
  it('reports bands upside down, grades without a band, places claimed twice and unknown families where they are written', async () => {
    const bad = `currency: USD
unitText: YEAR
bands:
  - { grade: 8, min: 192000, max: 128000 }
  - { grade: 9, min: 150000, max: 225000 }
zones:
  - { id: us, places: [US, US-CO], factor: 0.9 }
  - { id: mountain, places: [US-CO], factor: 0.95, bands: [{ grade: 8, min: 1, max: 2 }] }
families:
  sales-system-leadership: { factor: 1.1 }
`;
    const { diagnostics } = await check(opening('C-1', 'family: sales-operations\nlevel: analyst\nremote: { places: [NL] }'), { compensation: bad });
    expect(codes(diagnostics)).toEqual([
      'job-families/_compensation.yml:4:3 error compensation-band-missing',
      'job-families/_compensation.yml:4:3 error compensation-band-missing',
      'job-families/_compensation.yml:4:5 error compensation-band-range',
      'job-families/_compensation.yml:8:5 error compensation-zone-kind',
      'job-families/_compensation.yml:8:30 error compensation-place-twice',
      'job-families/_compensation.yml:8:59 error compensation-band-missing',
      'job-families/_compensation.yml:8:59 error compensation-band-missing',
      'job-families/_compensation.yml:8:59 error compensation-band-missing',
      'job-families/_compensation.yml:10:3 error compensation-family-unknown',
    ]);
    expect(diagnostics[0]!.message).toMatch(/^Grade 10 has no band, yet Director, GTM Planning and Operations \(gtm-planning-and-operations\), Director, Sales Systems \(sales-systems-leadership\) are at that grade\.$/);
    expect(diagnostics[5]!.message).toMatch(/^Grade 9 has no band in zone "mountain"/);
    expect(diagnostics.find((d) => d.code === 'compensation-place-twice')!.message).toBe('US-CO is claimed by zone "mountain" and by zone "us"; a place belongs to one zone.');
  });

  it('is checked by its JSON Schema first', async () => {
    const { diagnostics } = await check(opening('C-2', 'family: sales-operations\nlevel: analyst\nremote: { places: [NL] }'), { compensation: 'currency: usd\nunitText: YEAR\nbands: []\n' });
    expect(codes(diagnostics)).toEqual(['job-families/_compensation.yml:1:11 error schema-pattern', 'job-families/_compensation.yml:3:8 error schema-empty']);
  });
});

describe('the shipped rules', () => {
  it('each name a jurisdiction, a citation, a date and places', () => {
    expect(SHIPPED_RULES.length).toBeGreaterThanOrEqual(15);
    for (const rule of SHIPPED_RULES) {
      expect(rule.citation, rule.id).toMatch(/\S/);
      expect(rule.effective, rule.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rule.places.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('the evidence lists, per opening, the rules applied with how each requirement was met, and the rest with why', async () => {
    const { validation } = await check(opening('E-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nvalidThrough: 2027-06-30\noffices: [denver]'), {
      config: (c) => c.replace('employees: 2100', 'employees: 10'),
    });
    const evidence = payEvidence(validation.pay, { today: JOBBOARD_TODAY, employees: 10 });
    expect(evidence.disclaimer).toContain('not legal advice');
    const [e1] = evidence.openings;
    expect(e1!.places).toEqual([{ place: 'US-CO', name: 'Colorado', office: 'denver' }]);
    expect(e1!.rulesApplied.map((r) => r.rule)).toEqual(['us-co']);
    expect(e1!.rulesApplied[0]!.requirements.map((r) => [r.requirement, r.met, 'how' in r ? r.how.field : null])).toEqual([
      ['range', true, '_compensation.yml zone us, grade 8'],
      ['benefits', true, 'jobBoard.benefits'],
      ['closingDate', true, 'validThrough'],
    ]);
    expect(e1!.ranges).toEqual([{ zone: 'us', label: 'United States (elsewhere)', min: 115200, max: 172800, currency: 'USD', unitText: 'YEAR', source: 'band' }]);
  });
});

describe('what candidates and search engines see', () => {
  const validateGoogle = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(googleSchema);

  it('a band-derived posting: baseSalary is the band times the zone factor, the JSON-LD passes Google’s rules, the page shows every zone', async () => {
    const { validation } = await check(
      opening('LD-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nvalidThrough: 2027-06-30\nremote: { places: [US-CO] }') +
        opening('LD-2', 'family: sales-systems-leadership\nlevel: senior-manager-sales-systems\nvalidThrough: 2027-06-30\nremote: { places: [US, CA] }\nexistingVacancy: true'),
    );
    expect(validation.diagnostics.filter(notHouseRules)).toEqual([]);
    const postings = buildHandbook(validation).postings;
    const compensation = validation.pay.compensation!;
    const band = (grade: number) => compensation.bands.find((b) => b.grade === grade)!;
    const factor = (zone: string) => compensation.zones!.find((z) => z.id === zone)!.factor!;
    const [one, several] = postings.map((p) => ({ posting: p, ld: jobPostingJsonLd(p) satisfies WithContext<JobPosting> }));
    for (const { ld } of [one!, several!]) expect(validateGoogle(ld) ? [] : validateGoogle.errors).toEqual([]);

    // One zone (Colorado is in "us"): its range.
    const value = (ld: WithContext<JobPosting>) => (ld as unknown as { baseSalary: { currency: string; value: { minValue: number; maxValue: number; unitText: string } } }).baseSalary;
    expect(value(one!.ld)).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'USD',
      value: { '@type': 'QuantitativeValue', minValue: band(8).min * factor('us'), maxValue: band(8).max * factor('us'), unitText: 'YEAR' },
    });
    expect(one!.ld).toMatchObject({ jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: [{ '@type': 'State', name: 'Colorado' }] });
    expect((one!.ld as { jobBenefits?: string }).jobBenefits).toContain('Equity');

    // Several zones: the span in the reference currency; the CAD zone is on the page, not in the markup.
    expect(value(several!.ld).value).toMatchObject({ minValue: band(9).min * factor('us'), maxValue: band(9).max * factor('us-tier-1') });
    const html = descriptionHtml(several!.posting);
    expect(html).toContain('United States (elsewhere): USD 135,000 – 202,500 per year');
    expect(html).toContain('US: California, New York City, Washington: USD 150,000 – 225,000 per year');
    expect(html).toContain('Canada: CAD 165,000 – 215,000 per year');
    expect(html).toContain('USD 135,000 – 225,000 per year, depending on where you live');
    expect(html).toContain('No artificial intelligence is used to screen, assess or select applicants.');
    expect(html).toContain('This posting is for a vacancy that exists now.');
  });
});

describe('the catalog', () => {
  it('shows each level’s reference band and links the evidence page when the postings stage wrote it', async () => {
    const { validation } = await check(opening('CAT-1', 'family: sales-systems-leadership\nlevel: manager-sales-systems\nvalidThrough: 2027-06-30\nremote: { places: [US-CO] }'));
    const model = buildHandbook(validation);
    const site = { company: 'GitLab', handbookUrl: 'https://handbook.gitlab.com', siteUrl: null };
    const catalog = planCatalog(model, new Set([EVIDENCE_PAGE]), site);
    const entry = (family: string, id: string) => catalog.families.find((f) => f.slug === family)!.entries.find((e) => e.id === id)!;
    expect(entry('sales-systems-leadership', 'manager-sales-systems').band).toBe('USD 128,000 – 192,000 per year');
    expect(entry('sales-management', 'federal').band).toBe('USD 150,000 – 225,000 per year'); // a specialty: its levels' grade 9
    expect(entry('sales-operations', 'analyst').band).toBeNull(); // no grade, no band
    expect(catalog.evidence).toEqual({ label: 'Pay transparency evidence', path: EVIDENCE_PAGE });
    expect(planCatalog({ ...model, pay: null }, new Set(), site).evidence).toBeNull();
    expect(planCatalog({ ...model, pay: null }, new Set(), site).families[0]!.entries.every((e) => e.band === null)).toBe(true);
  });
});

describe('the offer packet', () => {
  it('prints the level’s reference band only when pdf.payRange is true', async () => {
    const { dir, families } = await jobBoardFixture();
    const input = await readFamilies([families], dir);
    const packets = async (payRange: boolean) => {
      const validation = validateFamilies(
        { ...input, config: input.config && { ...input.config, text: input.config.text.replace('  paper: A4\n', `  paper: A4\n  payRange: ${payRange}\n`) } },
        { today: JOBBOARD_TODAY },
      );
      const model = buildHandbook(validation);
      return buildPdfJobs({
        families: model.families,
        site: model.site,
        compensation: model.pay?.compensation ?? null,
        stamps: new Map(),
        templates: createPdfTemplates(await readTemplates(templatesDir)),
        paper: 'A4',
        toolchain: { jobfam: '0.1.0', puppeteer: '24', pdfLib: '1.17.1', browser: 'Chromium 156.0.1.2 (headless-shell)' },
      });
    };
    const find = (jobs: Awaited<ReturnType<typeof packets>>, key: string) => jobs.find((j) => j.key === key)!.html;
    const withBand = await packets(true);
    expect(find(withBand, 'sales/sales-systems-leadership/manager-sales-systems.pdf')).toContain('<dt>Pay band</dt><dd>USD 128,000 – 192,000 per year</dd>');
    expect(find(withBand, 'sales/sales-management/federal.pdf')).toContain('<dd>USD 150,000 – 225,000 per year</dd>');
    expect(find(withBand, 'sales/sales-operations/analyst.pdf')).not.toContain('Pay band'); // no grade
    expect(find(await packets(false), 'sales/sales-systems-leadership/manager-sales-systems.pdf')).not.toContain('Pay band');
  });
});
