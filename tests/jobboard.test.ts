// Job-board postings without a browser: openings validation with located diagnostics, the JobPosting
// JSON-LD against Google's rules, which postings exist (and which do not), salary policy, feeds,
// safe serialisation, and the CLI.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import type { JobPosting, WithContext } from 'schema-dts';
import { describe, expect, it, vi } from 'vitest';
import { buildAll } from '../scripts/lib/commands.ts';
import { resolveCommand, todayOf } from '../scripts/lib/config.ts';
import { cdata, scriptSafeJson } from '../scripts/lib/html/serialize.ts';
import { webInlineHtml, webItemsHtml } from '../scripts/lib/markdown/web.ts';
import { jobPostingJsonLd } from '../scripts/lib/jobboard/json-ld.ts';
import { postingsStage } from '../scripts/lib/jobboard/stage.ts';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { type Posting } from '../scripts/lib/model/handbook.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { prepareBuild } from '../scripts/lib/prepare.ts';
import { writeOutputs } from '../scripts/lib/publish/write-outputs.ts';
import { siteStage, listOutputFiles } from '../scripts/lib/site/stage.ts';
import { type Diagnostic } from '../scripts/lib/types.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { testdir } from './helpers/testdir.ts';
import { JOBBOARD_TODAY, jobBoardFixture } from './helpers/jobboard-fixtures.ts';
import googleSchema from './fixtures/jobboard/google-job-posting.schema.json' with { type: 'json' };
import { jobfam as runJobfam } from './helpers/cli.ts';

const jobfam = (args: string[], cwd: string) => runJobfam(args, cwd, { JOBFAM_TODAY });
const JOBFAM_TODAY = JOBBOARD_TODAY;
// Several tests run the CLI as a real process, which takes a few seconds on a busy two-core machine.
vi.setConfig({ testTimeout: 60_000 });

const validateGoogle = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(googleSchema);
const googleErrors = (value: unknown) => (validateGoogle(value) ? [] : (validateGoogle.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

/** Validates a families directory as the build does and returns the postings it would publish. */
async function postingsOf(families: string, cwd: string): Promise<{ postings: Posting[]; diagnostics: Diagnostic[] }> {
  const validation = validateFamilies(await readFamilies([families], cwd), { today: JOBFAM_TODAY });
  return { postings: buildHandbook(validation).postings, diagnostics: validation.diagnostics };
}

const located = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`;

const OPENINGS = `openings:
  - requisitionId: OFFICE-1
    family: sales-operations
    level: manager
    datePosted: 2026-11-02
    validThrough: 2027-01-31
    offices: [amsterdam, new-york]
    employmentType: [FULL_TIME, PART_TIME]
    salary: { min: 90000, max: 120000, publish: true }
  - requisitionId: REMOTE-1
    family: sales-systems-leadership
    level: director-sales-systems
    datePosted: 2026-11-03
    remote: { countries: [NL, DE] }
    salary: { min: 150000, max: 180000 }
  - requisitionId: EXPIRED-1
    family: sales-systems-leadership
    level: senior-director-sales-systems
    datePosted: 2026-09-01
    validThrough: 2026-11-30
    remote: {}
  - requisitionId: SPECIALTY-1
    family: sales-management
    specialty: first-order
    datePosted: 2026-11-04
    offices: [new-york]
`;

describe('the JobPosting JSON-LD', () => {
  it('of every posting (bundled and fixture openings) validates against Google’s required and recommended properties', async () => {
    const bundled = await jobBoardFixture();
    const fixture = await jobBoardFixture({ openings: OPENINGS });
    const all = [...(await postingsOf(bundled.families, bundled.dir)).postings, ...(await postingsOf(fixture.families, fixture.dir)).postings];
    expect(all.length).toBe(7);
    for (const posting of all) {
      const ld: WithContext<JobPosting> = jobPostingJsonLd(posting);
      expect(googleErrors(ld), posting.requisitionId).toEqual([]);
    }
  });

  it('uses jobLocation with addressCountry for office jobs, and TELECOMMUTE with applicantLocationRequirements for remote ones', async () => {
    const { dir, families } = await jobBoardFixture({ openings: OPENINGS });
    const { postings } = await postingsOf(families, dir);
    const byId = new Map(postings.map((p) => [p.requisitionId, jobPostingJsonLd(p) as unknown as Record<string, unknown>]));
    expect(byId.get('OFFICE-1')).toMatchObject({
      title: 'Manager',
      employmentType: ['FULL_TIME', 'PART_TIME'],
      jobLocation: [
        { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Amsterdam', postalCode: '1015 BA', addressCountry: 'NL' } },
        { '@type': 'Place', address: { addressLocality: 'New York', addressRegion: 'NY', addressCountry: 'US' } },
      ],
      validThrough: '2027-01-31',
      identifier: { '@type': 'PropertyValue', name: 'GitLab', value: 'OFFICE-1' },
      url: 'https://jobfam.example.com/jobs/OFFICE-1.html',
    });
    expect(byId.get('OFFICE-1')).not.toHaveProperty('jobLocationType');
    expect(byId.get('REMOTE-1')).toMatchObject({
      jobLocationType: 'TELECOMMUTE',
      applicantLocationRequirements: [
        { '@type': 'Country', name: 'Netherlands' },
        { '@type': 'Country', name: 'Germany' },
      ],
      employmentType: 'FULL_TIME',
    });
    expect(byId.get('REMOTE-1')).not.toHaveProperty('jobLocation');
    expect(byId.get('REMOTE-1')).not.toHaveProperty('validThrough');
    expect(String(byId.get('REMOTE-1')!.description)).toContain('fully remote');
    // A specialty's posting carries the specialty title and its inherited lists.
    expect(byId.get('SPECIALTY-1')).toMatchObject({ title: 'Area Sales Manager (First Order)' });
  });

  // Proof the schema can fail: each mutation breaks one of Google's rules.
  const mutations: [string, (ld: Record<string, any>) => void][] = [
    ['no hiringOrganization', (ld) => delete ld.hiringOrganization],
    ['no datePosted', (ld) => delete ld.datePosted],
    ['a datePosted that is not ISO 8601', (ld) => (ld.datePosted = '16/11/2026')],
    ['a grade code in the title', (ld) => (ld.title = 'Manager, Sales Systems (Grade 8)')],
    ['TELECOMMUTE without applicantLocationRequirements', (ld) => delete ld.applicantLocationRequirements],
    ['applicantLocationRequirements without TELECOMMUTE', (ld) => delete ld.jobLocationType],
    ['an office job without addressCountry', (ld) => ((ld.jobLocationType = undefined), delete ld.jobLocationType, delete ld.applicantLocationRequirements, (ld.jobLocation = { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Amsterdam' } }))],
    ['an unknown employmentType', (ld) => (ld.employmentType = 'FULLTIME')],
    ['a salary without unitText', (ld) => (ld.baseSalary = { '@type': 'MonetaryAmount', currency: 'USD', value: { '@type': 'QuantitativeValue', minValue: 1, maxValue: 2 } })],
    ['a misspelt property', (ld) => (ld.datePosed = ld.datePosted)],
  ];
  it.each(mutations)('rejects %s', async (_name, mutate) => {
    const { dir, families } = await jobBoardFixture();
    const posting = (await postingsOf(families, dir)).postings[0]!;
    const ld = structuredClone(jobPostingJsonLd(posting)) as Record<string, any>;
    expect(googleErrors(ld)).toEqual([]);
    mutate(ld);
    expect(googleErrors(ld)).not.toEqual([]);
  });
});

describe('which levels get postings', () => {
  it('only levels with an opening that has not expired appear as pages, in postings.json, in the Indeed feed and in the sitemap', async () => {
    const { dir } = await jobBoardFixture({ openings: OPENINGS });
    const run = await jobfam(['postings', '--out', 'out'], dir);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('job-families/_openings.yml:21:19  warning  opening-expired  The opening expired on 2026-11-30 (today is 2026-12-01)');
    expect(run.stderr).toContain('postings: 3 postings in out/jobs (1 expired opening left out)');
    const jobs = path.join(dir, 'out/jobs');
    const open = ['OFFICE-1', 'REMOTE-1', 'SPECIALTY-1'];
    for (const id of open) expect(existsSync(path.join(jobs, `${id}.html`)), id).toBe(true);
    expect(existsSync(path.join(jobs, 'EXPIRED-1.html'))).toBe(false);

    const feed = JSON.parse(await readFile(path.join(jobs, 'postings.json'), 'utf8')) as { postings: { requisitionId: string; level?: string }[] };
    expect(feed.postings.map((p) => p.requisitionId)).toEqual(open);
    const indeed = await readFile(path.join(jobs, 'indeed.xml'), 'utf8');
    const requisitions = [...indeed.matchAll(/<requisitionid><!\[CDATA\[(.*?)\]\]><\/requisitionid>/g)].map((m) => m[1]);
    // One <job> per location: two offices, two eligible countries, one office.
    expect(requisitions).toEqual(['OFFICE-1', 'OFFICE-1', 'REMOTE-1', 'REMOTE-1', 'SPECIALTY-1']);
    expect([...indeed.matchAll(/<referencenumber><!\[CDATA\[(.*?)\]\]>/g)].map((m) => m[1])).toEqual([
      'OFFICE-1-amsterdam',
      'OFFICE-1-new-york',
      'REMOTE-1-remote-NL',
      'REMOTE-1-remote-DE',
      'SPECIALTY-1-new-york',
    ]);
    const sitemap = await readFile(path.join(jobs, 'sitemap.xml'), 'utf8');
    expect([...sitemap.matchAll(/<loc>(.*?)<\/loc>/g)].map((m) => m[1])).toEqual(open.map((id) => `https://jobfam.example.com/jobs/${id}.html`));
    // Levels without an opening: nowhere.
    for (const text of [indeed, sitemap, JSON.stringify(feed)]) {
      expect(text).not.toContain('EXPIRED-1');
      expect(text).not.toContain('Senior Director, Sales Systems');
    }
  });

  it('an empty openings list publishes empty feeds and no pages', async () => {
    const { dir } = await jobBoardFixture({ openings: null });
    expect((await jobfam(['postings', '--out', 'out'], dir)).exitCode).toBe(0);
    const jobs = path.join(dir, 'out/jobs');
    expect(JSON.parse(await readFile(path.join(jobs, 'postings.json'), 'utf8'))).toEqual({ postings: [] });
    expect(await readFile(path.join(jobs, 'indeed.xml'), 'utf8')).not.toContain('<job>');
    expect(await readFile(path.join(jobs, 'sitemap.xml'), 'utf8')).not.toContain('<url>');
  });
});

describe('without a jobBoard block and openings', () => {
  it('the postings and site stages still write the catalog, with no posting and no feed', async () => {
    const { dir, families } = await jobBoardFixture({ config: (c) => c.slice(0, c.indexOf('# Job-board postings')) });
    await writeFile(path.join(families, '_openings.yml'), 'openings: []\n');
    const result = await buildAll({ familiesDir: families, outDir: 'out' }, dir, { JOBFAM_TODAY }, [postingsStage, siteStage]);
    expect(result.diagnostics).toEqual([]);
    expect(result.stages.map((s) => s.summary)).toEqual(['0 postings in out/jobs', 'catalog of 5 families and 15 levels in out/index.html']);
    const index = await readFile(path.join(dir, 'out/index.html'), 'utf8');
    expect(index).toContain('No level is open for hiring right now.');
    expect(index).not.toContain('href="jobs/');
    expect(index).toContain('href="families/sales-operations.html#level-analyst"');
    expect([...(await listOutputFiles(path.join(dir, 'out')))].filter((f) => f.startsWith('jobs/'))).toEqual([]);
  });
});

describe('the feeds', () => {
  it('match the reviewed goldens (postings.json, the Indeed feed, the sitemap, one posting page)', async () => {
    const { dir, families } = await jobBoardFixture({ openings: OPENINGS });
    await buildAll({ familiesDir: families, outDir: 'out' }, dir, { JOBFAM_TODAY }, [postingsStage]);
    const jobs = path.join(dir, 'out/jobs');
    // The page inlines the style sheet (and its CSP hash); the golden names it instead of copying it.
    const withoutStyle = (html: string) =>
      html.replace(/<style>[\s\S]*?<\/style>/, '<style>/* templates/jobboard/style.css */</style>').replace(/sha256-[A-Za-z0-9+/]+(?:=|&#x3D;)*/g, 'sha256-…');
    for (const file of ['postings.json', 'indeed.xml', 'sitemap.xml', 'OFFICE-1.html']) {
      const text = await readFile(path.join(jobs, file), 'utf8');
      await expect(file.endsWith('.html') ? withoutStyle(text) : text).toMatchFileSnapshot(`golden/jobboard/${file}`);
    }
  });
});

describe('the salary publish policy', () => {
  const band = (publish: string) => `openings:
  - requisitionId: PAY-1
    family: sales-operations
    level: analyst
    datePosted: 2026-11-02
    offices: [amsterdam]
    salary: { min: 50000, max: 60000${publish} }
`;
  it.each([
    ['per-opening', ', publish: true', true],
    ['per-opening', '', false],
    ['per-opening', ', publish: false', false],
    ['always', '', true],
    ['never', ', publish: true', false],
  ])('policy %s with band%s: published = %s', async (policy, publish, shown) => {
    const { dir, families } = await jobBoardFixture({ openings: band(publish), config: (c) => c.replace('policy: per-opening', `policy: ${policy}`) });
    // In process (the CLI path is tested above): the stage as jobfam postings runs it.
    const result = await buildAll({ familiesDir: families, outDir: 'out' }, dir, { JOBFAM_TODAY }, [postingsStage]);
    expect(result.diagnostics).toEqual([]);
    const jobs = path.join(dir, 'out/jobs');
    const page = await readFile(path.join(jobs, 'PAY-1.html'), 'utf8');
    const indeed = await readFile(path.join(jobs, 'indeed.xml'), 'utf8');
    const feed = JSON.parse(await readFile(path.join(jobs, 'postings.json'), 'utf8'));
    const label = 'USD 50,000 – 60,000 per year';
    expect(page.includes('"baseSalary"')).toBe(shown);
    expect(page.includes(label)).toBe(shown);
    expect(indeed.includes(`<salary><![CDATA[${label}]]></salary>`)).toBe(shown);
    expect(feed.postings[0].salary).toEqual(shown ? { min: 50000, max: 60000, currency: 'USD', unitText: 'YEAR' } : null);
  });
});

describe('openings validation', () => {
  const entry = (fields: string) => `openings:\n  - requisitionId: R-1\n    datePosted: 2026-11-02\n${fields}`;
  it.each([
    ['an unknown level', entry('    family: sales-operations\n    level: vice-president\n    remote: {}\n'), 'job-families/_openings.yml:6:12 error opening-level-unknown', 'has no level "vice-president"'],
    ['an unknown specialty', entry('    family: sales-management\n    specialty: enterprise\n    remote: {}\n'), 'job-families/_openings.yml:6:16 error opening-level-unknown', 'Use one of: federal, first-order.'],
    ['an unknown family', entry('    family: marketing\n    level: analyst\n    remote: {}\n'), 'job-families/_openings.yml:5:13 error opening-family-unknown', 'No family has the slug "marketing".'],
    ['an unknown office', entry('    family: sales-operations\n    level: analyst\n    offices: [amsterdam, paris]\n'), 'job-families/_openings.yml:7:26 error opening-office-unknown', 'no office "paris"'],
    ['a level and a specialty', entry('    family: sales-management\n    level: senior-area-sales-manager\n    specialty: federal\n    remote: {}\n'), 'job-families/_openings.yml:3:5 error opening-target', 'both a level and a specialty'],
    ['offices and remote', entry('    family: sales-operations\n    level: analyst\n    offices: [amsterdam]\n    remote: {}\n'), 'job-families/_openings.yml:3:5 error opening-place', 'lists offices and is also marked remote'],
    ['validThrough before datePosted', entry('    family: sales-operations\n    level: analyst\n    remote: {}\n    validThrough: 2026-10-01\n'), 'job-families/_openings.yml:8:19 error opening-valid-through', 'validThrough 2026-10-01 is not after datePosted 2026-11-02.'],
    ['a day that does not exist', entry('    family: sales-operations\n    level: analyst\n    remote: {}\n    validThrough: 2027-02-30\n'), 'job-families/_openings.yml:8:19 error opening-date', '"2027-02-30" is not a date of the calendar.'],
    ['a date in another format', entry('    family: sales-operations\n    level: analyst\n    remote: {}\n    validThrough: 30.01.2027\n'), 'job-families/_openings.yml:8:19 error schema-pattern', 'a date written YYYY-MM-DD'],
    ['a lower-case country', entry('    family: sales-operations\n    level: analyst\n    remote: { countries: [us] }\n'), 'job-families/_openings.yml:7:27 error schema-pattern', 'ISO 3166-1 alpha-2'],
    ['a band upside down', entry('    family: sales-operations\n    level: analyst\n    remote: {}\n    salary: { min: 9, max: 1 }\n'), 'job-families/_openings.yml:8:13 error opening-salary-range', 'from 9 down to 1'],
    ['a misspelt key', entry('    family: sales-operations\n    level: analyst\n    remote: {}\n    validTrough: 2027-01-01\n'), 'job-families/_openings.yml:8:5 error schema-unknown-key', 'Did you mean "validThrough"?'],
    // Remote in the Netherlands: sales-operations has no grades, hence no band, which laws in the US would require.
    ['a repeated requisition id', `${entry('    family: sales-operations\n    level: analyst\n    remote: { countries: [NL] }\n')}  - requisitionId: R-1\n    family: sales-operations\n    level: manager\n    datePosted: 2026-11-02\n    remote: { countries: [NL] }\n`, 'job-families/_openings.yml:8:20 error opening-requisition-duplicate', 'already used on line 3'],
  ])('%s is a located error', async (_name, openings, where, words) => {
    const { dir, families } = await jobBoardFixture({ openings });
    const { diagnostics, postings } = await postingsOf(families, dir);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(located)).toEqual([where]);
    expect(errors[0]!.message + errors[0]!.hint).toContain(words);
    // The broken entry is left out (the build publishes nothing at all: see the CLI test below).
    expect(postings.filter((p) => p.requisitionId === 'R-1').length).toBe(openings.includes('level: manager\n') ? 1 : 0);
  });

  it('a level title that carries its grade cannot be posted', async () => {
    const { dir, families } = await jobBoardFixture();
    const family = path.join(families, 'sales/sales-systems-leadership.yml');
    await writeFile(family, (await readFile(family, 'utf8')).replace('title: Manager, Sales Systems', 'title: Manager, Sales Systems (Grade 8)'));
    const { diagnostics } = await postingsOf(families, dir);
    expect(diagnostics.map(located)).toEqual(['job-families/_openings.yml:8:12 error opening-title-grade']);
  });

  it('openings are checked against the whole directory: not when one family file is validated, yes when _openings.yml is named', async () => {
    const { dir } = await jobBoardFixture();
    const one = await readFamilies(['job-families/sales/sales-operations.yml'], dir);
    expect(one.openings).toBeNull();
    expect(validateFamilies(one).diagnostics).toEqual([]);
    const named = await readFamilies(['job-families/_openings.yml'], dir);
    expect(named.openings?.relativePath).toBe('_openings.yml');
    expect(named.families).toHaveLength(5);
    const run = await jobfam(['validate', 'job-families/_openings.yml'], dir);
    expect([run.exitCode, run.stderr]).toEqual([0, '5 family files are valid.']);
  });

  it('an apply URL template with an unknown placeholder is located in _config.yml', async () => {
    const { dir, families } = await jobBoardFixture({ config: (c) => c.replace('?req={requisitionId}', '?req={requisition}') });
    const { diagnostics } = await postingsOf(families, dir);
    // The line of the key in whatever _config.yml holds around the block; the column of its value.
    const line = (await readFile(path.join(families, '_config.yml'), 'utf8')).split('\n').findIndex((l) => l.startsWith('  applyUrlTemplate:')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(diagnostics.map(located)).toEqual([`job-families/_config.yml:${line}:21 error apply-template-placeholder`]);
  });

  it('openings without a jobBoard block in _config.yml are an error', async () => {
    const { dir, families } = await jobBoardFixture({ config: (c) => c.slice(0, c.indexOf('# Job-board postings')) });
    const { diagnostics } = await postingsOf(families, dir);
    expect(diagnostics.map(located)).toEqual(['job-families/_openings.yml:6:3 error opening-config-missing']);
  });

  it('jobfam validate reports an opening of an unknown level, and jobfam build publishes nothing', async () => {
    const { dir } = await jobBoardFixture();
    // The earlier good output (postings only: a full build would print every offer packet too).
    expect((await jobfam(['postings', '--out', 'out'], dir)).exitCode).toBe(0);
    const before = await readFile(path.join(dir, 'out/jobs/postings.json'), 'utf8');
    const openings = path.join(dir, 'job-families/_openings.yml');
    await writeFile(openings, (await readFile(openings, 'utf8')).replace('level: manager-sales-systems', 'level: manager-sales-system'));

    const validate = await jobfam(['validate'], dir);
    expect(validate.exitCode).toBe(1);
    expect(validate.stderr).toContain('job-families/_openings.yml:8:12  error  opening-level-unknown  The family "sales-systems-leadership" has no level "manager-sales-system".');
    const build = await jobfam(['build', '--out', 'out2'], dir);
    expect(build.exitCode).toBe(1);
    expect(build.stderr).toContain('opening-level-unknown');
    expect(build.stderr).toContain('nothing was written');
    expect(existsSync(path.join(dir, 'out2'))).toBe(false);
    // A failed build leaves the previous output as it was.
    expect((await jobfam(['build', '--out', 'out'], dir)).exitCode).toBe(1);
    expect(await readFile(path.join(dir, 'out/jobs/postings.json'), 'utf8')).toBe(before);
  });

  it('the bundled openings are valid and open levels and a specialty', async () => {
    const { dir, families } = await jobBoardFixture();
    const { diagnostics, postings } = await postingsOf(families, dir);
    expect(diagnostics).toEqual([]);
    expect(postings.map((p) => `${p.family.slug}/${p.target.kind}/${p.target.id}`)).toEqual([
      'sales-systems-leadership/level/manager-sales-systems',
      'sales-systems-leadership/level/senior-manager-sales-systems',
      'sales-management/specialty/federal',
      'gtm-planning-and-operations/level/director-gtm-planning-and-operations',
    ]);
  });
});

describe('family text on web pages', () => {
  it.each([
    ['Read the [values](/handbook/values/) **now**', 'Read the <a href="https://handbook.gitlab.com/handbook/values/">values</a> <strong>now</strong>'],
    ['See [below](#requirements) or [there](../x/)', 'See below or there'],
    ['<a id="associate-requirements"></a>Text <span style="text-decoration:underline;">PSE</span><br>end', 'Text PSE end'],
    ['<script>alert(1)</script> & </script><script>alert(2)</script>', '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;'],
    // CommonMark reads `<span x=">">` as one tag (a quoted ">"): dropped whole, the rest is text.
    ['<span x=">"><script>x</script>', '&lt;script&gt;x&lt;/script&gt;'],
    ['[click](javascript:alert(1)) `<b>`', 'click <code>&lt;b&gt;</code>'],
  ])('%s', (markdown, html) => expect(webInlineHtml(markdown, 'https://handbook.gitlab.com')).toBe(html));

  it('whatever the text, the only markup in a list is the markup jobfam writes (property)', () => {
    const unit = fc.constantFrom('<', '>', '&', '"', "'", '[', ']', '(', ')', '*', '`', '/', 'a', ' ', 's', 'c', 'r', 'i', 'p', 't', 'h', ':', '#', '=');
    const allowed = /<\/?(ul|ol|li|strong|em|code)>|<ol start="\d+">|<br>|<a href="https:\/\/handbook\.gitlab\.com\/[^"<>]*">|<\/a>/g;
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 40 }), { minLength: 1, maxLength: 4 }), (items) => {
        const html = webItemsHtml(items, 'https://handbook.gitlab.com');
        expect(html.replace(allowed, '')).not.toMatch(/[<>]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('serialisation', () => {
  it('scriptSafeJson never lets a value close a script element or open a comment, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: fc.constantFrom('<', '>', '&', '/', 's', 'c', 'r', 'i', 'p', 't', '!', '-', '\u2028', '\u2029', 'x') }), (value, text) => {
        const data = { value, text };
        const json = scriptSafeJson(data);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 300 },
    );
  });

  it('cdata keeps any text inside one logical CDATA value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(']', '>', '<', 'a', '[', '!') }), (text) => {
        const wrapped = cdata(text);
        const sections = [...wrapped.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)];
        expect(sections.map((m) => m[1]).join('')).toBe(text);
        expect(sections.map((m) => m[0]).join('')).toBe(wrapped);
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeOutputs with a top-level file', () => {
  it('writes, replaces and removes the owned file, and refuses one it does not own', async () => {
    const dir = await testdir();
    await writeOutputs([{ path: 'index.html', content: 'one' }, { path: 'families/a.html', content: 'a' }], dir, ['families'], ['index.html']);
    expect(await readFile(path.join(dir, 'index.html'), 'utf8')).toBe('one');
    await writeOutputs([{ path: 'index.html', content: 'two' }], dir, ['families'], ['index.html']);
    expect(await readFile(path.join(dir, 'index.html'), 'utf8')).toBe('two');
    expect(existsSync(path.join(dir, 'families/a.html'))).toBe(false);
    await writeOutputs([], dir, ['families'], ['index.html']);
    expect(existsSync(path.join(dir, 'index.html'))).toBe(false);
    await expect(writeOutputs([{ path: 'other.html', content: 'x' }], dir, [], ['index.html'])).rejects.toThrow('must be inside a folder');
    await expect(writeOutputs([{ path: '../index.html', content: 'x' }], dir, [], ['index.html'])).rejects.toThrow('resolves outside');
  });
});

describe('resolveCommand', () => {
  it.each([
    [['postings'], { command: 'postings', familiesDir: 'job-families', outDir: 'public', templatesDir: undefined }],
    [['site', '--families', 'f', '--out', 'o'], { command: 'site', familiesDir: 'f', outDir: 'o', templatesDir: undefined }],
  ])('%j', (argv, value) => expect(resolveCommand(argv, {})).toEqual({ ok: true, value }));

  it.each([[['site', '--bogus']], [['postings', 'extra']]])('%j is a usage error', (argv) => {
    const resolved = resolveCommand(argv, {});
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.usage).toContain('jobfam postings [--families DIR] [--out DIR]');
  });

  it.each([
    [{}, '2026-12-01'],
    [{ JOBFAM_TODAY: '2030-01-01' }, '2030-01-01'],
    [{ JOBFAM_TODAY: 'tomorrow' }, '2026-12-01'],
  ])('todayOf(%j) is the UTC day or the pinned one', (env, day) => expect(todayOf(env, new Date('2026-12-01T23:59:59+00:00'))).toBe(day));

  it('the build date comes from JOBFAM_TODAY when pinned', async () => {
    const { dir, families } = await jobBoardFixture();
    const prepared = await prepareBuild({ familiesDir: families, outDir: 'out' }, dir, { JOBFAM_TODAY: '2030-01-01' });
    expect(prepared.prepared?.config.today).toBe('2030-01-01');
    expect(prepared.diagnostics.filter((d) => d.code === 'opening-expired').map((d) => d.line)).toEqual([10, 17, 24, 31]);
  });
});
