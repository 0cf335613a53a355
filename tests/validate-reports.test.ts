// CI reports of `jobfam validate`: GitLab Code Quality JSON, JUnit XML and the HTML page for people.
// Goldens for every broken fixture (reviewed like UI: they are what the MR shows), fingerprints that
// survive unrelated edits, escaping, and the CLI flags as users run them.
import { readdirSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { validatePaths } from '../scripts/lib/commands.ts';
import { resolveCommand } from '../scripts/lib/config.ts';
import { buildCodeQualityReport } from '../scripts/lib/report/code-quality.ts';
import { fingerprintDiagnostics, stablePointer } from '../scripts/lib/report/fingerprint.ts';
import { buildHtmlReport } from '../scripts/lib/report/html.ts';
import { buildJunitReport } from '../scripts/lib/report/junit.ts';
import { renderValidationReports } from '../scripts/lib/report/write-reports.ts';
import { type Diagnostic, type SourceFile } from '../scripts/lib/types.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { jobfam } from './helpers/cli.ts';
import { familiesWithoutHouseRules } from './helpers/house-rules.ts';

const FIXTURES = 'tests/fixtures/invalid';
const defects = readdirSync(path.join(repoRoot, FIXTURES), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const REQUEST = { codequality: 'reports/cq.json', junit: 'reports/junit.xml', html: 'reports/index.html' };

async function reportsOf(dir: string, cwd = repoRoot) {
  const checked = await validatePaths([dir], cwd);
  const [codequality, junit, html] = renderValidationReports(checked, REQUEST).map((r) => r.content);
  return { checked, codequality: codequality!, junit: junit!, html: html! };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, htmlEntities: true, parseAttributeValue: false, parseTagValue: false, isArray: (name) => name === 'testcase' });
interface JunitCase {
  name: string;
  classname: string;
  file: string;
  failure?: { type: string; message: string; '#text': string };
  'system-out'?: string;
}
function casesOf(report: string): JunitCase[] {
  expect(XMLValidator.validate(report)).toBe(true);
  return (xml.parse(report) as { testsuites: { testsuite: { testcase?: JunitCase[] } } }).testsuites.testsuite.testcase ?? [];
}

describe('reports for the broken fixtures (goldens)', () => {
  it.each(defects)('%s: Code Quality and JUnit reports match their goldens', async (defect) => {
    const { codequality, junit } = await reportsOf(`${FIXTURES}/${defect}`);
    await expect(codequality).toMatchFileSnapshot(`golden/validate-reports/${defect}.codequality.json`);
    await expect(junit).toMatchFileSnapshot(`golden/validate-reports/${defect}.junit.xml`);
  });

  it.each(defects)('%s: every diagnostic is one Code Quality issue and one located line of a JUnit failure', async (defect) => {
    const { checked, codequality, junit } = await reportsOf(`${FIXTURES}/${defect}`);
    const issues = JSON.parse(codequality) as Array<{ check_name: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    expect(issues.map((i) => [i.check_name, i.location.path, i.location.lines.begin])).toEqual(checked.diagnostics.map((d) => [d.code, d.file, d.line]));
    expect(issues.every((i) => i.severity === 'major')).toBe(true);

    const cases = casesOf(junit);
    expect(cases.map((c) => c.file)).toEqual(expect.arrayContaining(checked.input.families.map((f) => f.path)));
    for (const d of checked.diagnostics) {
      const failing = cases.find((c) => c.file === d.file);
      expect(failing?.failure?.['#text'], `${d.file}:${d.line}`).toContain(`${d.file}:${d.line}:${d.column}  error  ${d.code}  ${d.message}`);
    }
  });

  it('gives every problem in the fixtures its own fingerprint', async () => {
    const { codequality } = await reportsOf(FIXTURES);
    const fingerprints = (JSON.parse(codequality) as Array<{ fingerprint: string }>).map((i) => i.fingerprint);
    expect(fingerprints.length).toBeGreaterThanOrEqual(defects.length);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const f of fingerprints) expect(f).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('fingerprints survive unrelated edits', () => {
  const fixture = `${FIXTURES}/grade-unknown/revenue-operations.yml`;

  async function fingerprintOf(text: string): Promise<{ line: number; fingerprint: string }> {
    const dir = await testdir({
      '_grades.yml': await readFile(path.join(repoRoot, FIXTURES, '_grades.yml'), 'utf8'),
      'sales/revenue-operations.yml': text,
    });
    const { checked, codequality } = await reportsOf(dir, dir);
    const issues = JSON.parse(codequality) as Array<{ check_name: string; fingerprint: string; location: { lines: { begin: number } } }>;
    const grade = issues.filter((i) => i.check_name === 'grade-unknown');
    expect(grade, JSON.stringify(checked.diagnostics)).toHaveLength(1);
    return { line: grade[0]!.location.lines.begin, fingerprint: grade[0]!.fingerprint };
  }

  it('keeps the fingerprint when lines, a list item or a whole level are inserted above the problem', async () => {
    const original = await readFile(path.join(repoRoot, fixture), 'utf8');
    const before = await fingerprintOf(original);
    expect(before.line).toBe(17);

    const edits = {
      'a comment line at the top': original.replace('frontMatter:', '# Owned by Revenue Operations.\n\nfrontMatter:'),
      'a responsibility of the level before': original.replace(
        '      - Maintain pipeline and bookings dashboards',
        '      - Keep the CRM data clean\n      - Maintain pipeline and bookings dashboards',
      ),
      'a new level before the broken one': original.replace(
        '  - id: manager-revenue-operations',
        '  - id: senior-revenue-operations-analyst\n    title: Senior Revenue Operations Analyst\n    grade: 7\n    responsibilities:\n      - Own the forecast model\n    requirements:\n      - 4+ years in revenue operations\n  - id: manager-revenue-operations',
      ),
    };
    for (const [edit, text] of Object.entries(edits)) {
      expect(text, edit).not.toBe(original);
      const after = await fingerprintOf(text);
      expect(after.line, edit).toBeGreaterThan(before.line);
      expect(after.fingerprint, edit).toBe(before.fingerprint);
    }
  });

  it('changes the fingerprint when the problem itself changes', async () => {
    const original = await readFile(path.join(repoRoot, fixture), 'utf8');
    const before = await fingerprintOf(original);
    const otherGrade = await fingerprintOf(original.replace('grade: 42', 'grade: 43'));
    const otherLevel = await fingerprintOf(original.replace('grade: 6', 'grade: 42').replace('grade: 42\n    reportsTo: the Director', 'grade: 7\n    reportsTo: the Director'));
    expect(otherGrade.fingerprint).not.toBe(before.fingerprint);
    expect(otherLevel.line).toBe(9);
    expect(otherLevel.fingerprint).not.toBe(before.fingerprint);
  });

  it('names list elements by what they are, not where they are', () => {
    const doc = parseDocument(
      ['levels:', '  - id: analyst', '    responsibilities: [Keep dashboards, ""]', '  - id: manager', '    grade: 42', 'handbook:', '  outline: [intro, {heading: "## a/b", body: []}]', ''].join('\n'),
    );
    const cases: Array<[string, string]> = [
      ['/levels/1/grade', '/levels/[id=manager]/grade'],
      ['/levels/0/responsibilities/0', '/levels/[id=analyst]/responsibilities/[text=Keep dashboards]'],
      ['/levels/0/responsibilities/1', '/levels/[id=analyst]/responsibilities/[text=]'],
      ['/handbook/outline/0', '/handbook/outline/[text=intro]'],
      // An outline section has no id: its index is all there is.
      ['/handbook/outline/1/heading', '/handbook/outline/1/heading'],
      ['/levels/7/title', '/levels/7/title'],
      ['/levels/1/no~1such', '/levels/[id=manager]/no~1such'],
      ['', ''],
    ];
    for (const [pointer, stable] of cases) expect(stablePointer(doc, pointer), pointer).toBe(stable);
    expect(stablePointer(null, '/levels/1/grade')).toBe('/levels/1/grade');
  });

  it('tells apart identical problems in one file, and leaves line numbers quoted in a message out', () => {
    const at = (line: number, message = 'The file is not valid YAML: a tab is used for indentation.'): Diagnostic => ({
      code: 'yaml-syntax',
      severity: 'error',
      file: 'f.yml',
      line,
      column: 1,
      message,
      hint: 'Indent with spaces only.',
    });
    const sources = new Map<string, string>();
    const [first, second] = fingerprintDiagnostics([at(3), at(9)], sources);
    expect(first).not.toBe(second);
    // The same two problems moved down by five lines: the same two fingerprints, in the same order.
    expect(fingerprintDiagnostics([at(14), at(8)], sources)).toEqual([second, first]);
    const quoting = (line: number, firstLine: number) => ({ ...at(line, `The id "a" is already used by another level or specialty on line ${firstLine}.`), code: 'level-id-duplicate' });
    expect(fingerprintDiagnostics([quoting(15, 7)], sources)).toEqual(fingerprintDiagnostics([quoting(20, 12)], sources));
  });
});

describe('escaping', () => {
  const source: SourceFile = { path: 'job-families/a&b/x.yml', relativePath: 'a&b/x.yml', text: 'levels: []\n' };
  const hostile = (message: string): Diagnostic => ({
    code: 'schema-invalid',
    severity: 'error',
    file: source.path,
    line: 2,
    column: 3,
    message,
    hint: 'Use <b>plain</b> text & "quotes".',
  });

  it('JUnit: any message text gives well-formed XML that reads back as the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (message) => {
        const report = buildJunitReport([source.path], [hostile(message)]);
        expect(XMLValidator.validate(report)).toBe(true);
        const [testcase] = casesOf(report);
        // Characters XML 1.0 cannot carry become U+FFFD; everything else survives.
        expect(testcase!.failure!.message).toBe(message.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu, '\uFFFD'));
      }),
      { numRuns: 300 },
    );
  });

  it('JUnit: markup in names and messages stays text', () => {
    const report = buildJunitReport([source.path], [hostile('<failure>&amp;</failure>')]);
    expect(report).toContain('message="&lt;failure&gt;&amp;amp;&lt;/failure&gt;"');
    expect(report).toContain('file="job-families/a&amp;b/x.yml"');
    expect(buildJunitReport(['x.yml'], [{ ...hostile(`'"<>&`), file: 'x.yml' }])).toContain('message="&apos;&quot;&lt;&gt;&amp;"');
  });

  it('HTML: data never becomes markup, and source links are built only when a base is given', () => {
    const d = hostile('<script>alert(1)</script>');
    const page = buildHtmlReport([source.path], [d], { blobUrl: 'https://gitlab.example.com/g/p/-/blob/abc123/' });
    expect(page).not.toContain('<script>');
    // Defence in depth: the page may load nothing and run nothing, whatever the data.
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Use &lt;b&gt;plain&lt;/b&gt; text &amp; &quot;quotes&quot;.');
    expect(page).toContain('href="https://gitlab.example.com/g/p/-/blob/abc123/job-families/a%26b/x.yml#L2"');
    expect(buildHtmlReport([source.path], [d])).not.toContain('href=');
  });
});

describe('report content', () => {
  it('an all-valid run gives an empty Code Quality report, a passing case per family and a green page', async () => {
    const { checked, codequality, junit, html } = await reportsOf('job-families', await familiesWithoutHouseRules());
    expect(checked.diagnostics).toEqual([]);
    expect(JSON.parse(codequality)).toEqual([]);
    const cases = casesOf(junit);
    expect(cases.map((c) => c.file)).toEqual(checked.input.families.map((f) => f.path).sort());
    expect(cases).toHaveLength(5);
    expect(cases.filter((c) => c.failure)).toEqual([]);
    expect(html).toContain('5 family files checked: no errors.');
  });

  it('warnings: minor Code Quality issues, JUnit system-out instead of a failure', () => {
    const warning: Diagnostic = { code: 'import-blank-lines', severity: 'warning', file: 'a.yml', line: 4, column: 1, message: '3 blank lines in a row were reduced to one.', hint: 'Use one.' };
    const [issue] = buildCodeQualityReport([warning], new Map());
    expect(issue).toMatchObject({ severity: 'minor', check_name: 'import-blank-lines', location: { path: 'a.yml', lines: { begin: 4 } } });
    const [testcase] = casesOf(buildJunitReport(['a.yml'], [warning]));
    expect(testcase!.failure).toBeUndefined();
    expect(testcase!['system-out']).toContain('a.yml:4:1  warning  import-blank-lines');
  });

  it('JUnit: a problem outside any family file (the grade table) gets a case of its own', async () => {
    const dir = await testdir({ '_grades.yml': 'grades: nope\n', 'x.yml': 'frontMatter: {title: X}\nlevels: [{id: a, title: A, responsibilities: [r], requirements: [q]}]\n' });
    const { junit } = await reportsOf(dir, dir);
    const cases = casesOf(junit);
    expect(cases.map((c) => c.file).sort()).toEqual(['_grades.yml', 'x.yml']);
    expect(cases.find((c) => c.file === '_grades.yml')!.failure).toBeDefined();
  });
});

describe('jobfam validate --codequality --junit --html', () => {

  it.each([
    [['validate', '--codequality', 'r/cq.json'], { codequality: 'r/cq.json', junit: undefined, html: undefined }],
    [['validate', '--junit', 'j.xml', '--html', 'r.html', 'fam'], { paths: ['fam'], junit: 'j.xml', html: 'r.html' }],
  ])('resolves %j', (argv, expected) => {
    const resolved = resolveCommand(argv, {});
    expect(resolved).toMatchObject({ ok: true, value: { command: 'validate', format: 'text', ...expected } });
  });

  it('links the HTML report to the commit only in CI', () => {
    const env = { CI_PROJECT_URL: 'https://gitlab.example.com/g/p', CI_COMMIT_SHA: 'abc' };
    expect(resolveCommand(['validate', '--html', 'r.html'], env)).toMatchObject({ value: { blobUrl: 'https://gitlab.example.com/g/p/-/blob/abc' } });
    expect(resolveCommand(['validate', '--html', 'r.html'], {})).not.toHaveProperty('value.blobUrl');
  });

  it.each([
    [['validate', '--junit'], "Option '--junit <value>' argument missing"],
    [['validate', '--junit', ''], '--junit needs a file name.'],
    [['validate', '--junit', 'r.xml', '--codequality', 'r.xml'], 'Each report needs its own file.'],
  ])('%j is a usage error', (argv, message) => {
    const resolved = resolveCommand(argv, {});
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.usage).toContain(message);
  });

  it('writes all three reports beside the JSON output, and exits 1 on a broken family', async () => {
    const dir = await testdir();
    const fixture = path.join(repoRoot, FIXTURES, 'grade-order');
    const run = await jobfam(['validate', fixture, '--format', 'json', '--codequality', 'out/cq.json', '--junit', 'out/junit.xml', '--html', 'out/index.html'], dir);
    expect(run.exitCode).toBe(1);
    const diagnostics = JSON.parse(run.stdout) as Diagnostic[];
    expect(diagnostics.map((d) => d.code)).toEqual(['grade-order']);
    const issues = JSON.parse(await readFile(path.join(dir, 'out/cq.json'), 'utf8')) as Array<{ location: { path: string; lines: { begin: number } } }>;
    expect(issues.map((i) => i.location)).toEqual([{ path: diagnostics[0]!.file, lines: { begin: 25 } }]);
    expect(casesOf(await readFile(path.join(dir, 'out/junit.xml'), 'utf8'))[0]!.failure!.type).toBe('grade-order');
    expect(await readFile(path.join(dir, 'out/index.html'), 'utf8')).toContain('1 error, 0 warnings in 1 file');
  });

  it('keeps the human output and exit 0 on the bundled families; an unwritable report is an operational error', async () => {
    const dir = await testdir({ blocker: 'a file where a folder must go' });
    await cp(path.join(await familiesWithoutHouseRules(), 'job-families'), path.join(dir, 'plain'), { recursive: true });
    const ok = await jobfam(['validate', 'plain', '--codequality', 'reports/cq.json'], dir);
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toBe('5 family files are valid.');
    expect(JSON.parse(await readFile(path.join(dir, 'reports/cq.json'), 'utf8'))).toEqual([]);

    const bad = await jobfam(['validate', path.join(repoRoot, 'job-families'), '--junit', 'blocker/junit.xml'], dir);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('jobfam: Cannot write the report blocker/junit.xml');
    expect(bad.stderr).not.toContain('    at ');
  });
});
