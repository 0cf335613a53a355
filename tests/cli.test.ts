// The CLI as users run it: real processes, real files, exit codes 0 / 1 / 2.
import { existsSync, readFileSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { familiesDir, sharedDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { jobfam } from './helpers/cli.ts';
import { snapshot } from './helpers/snapshot.ts';
import { familiesWithoutHouseRules, withoutHouseRules } from './helpers/house-rules.ts';
import type { Diagnostic } from '../scripts/lib/types.ts';

const ENV = { JOBFAM_TODAY: '2026-12-01', SOURCE_DATE_EPOCH: '1764547200' };

async function familiesCopy(): Promise<string> {
  const dir = await testdir();
  await cp(familiesDir, path.join(dir, 'job-families'), { recursive: true });
  return dir;
}

describe('jobfam render', () => {
  it('writes OUT/handbook/<relative path>.md for every family', async () => {
    const dir = await familiesCopy();
    const run = await jobfam(['render', '--families', 'job-families', '--out', 'site'], dir);
    expect(run.exitCode).toBe(0);
    // Five families and the pay-bands page of _compensation.yml (the page `jobfam bot` publishes).
    expect(run.stderr).toContain('Rendered 6 handbook pages');
    const page = readFileSync(path.join(dir, 'site/handbook/sales/sales-operations.md'), 'utf8');
    expect(page).toBe(readFileSync(path.join(sharedDir, 'seeds/001_1d24dc6a6c88d453.txt'), 'utf8'));
    expect(readFileSync(path.join(dir, 'site/handbook/_pay-bands.md'), 'utf8')).toContain('| 8 | Staff / Manager | 128,000 | 192,000 | USD |');
  });

  it('writes nothing and keeps the previous output when a family is invalid', async () => {
    const dir = await familiesCopy();
    expect((await jobfam(['render', '--families', 'job-families', '--out', 'site'], dir)).exitCode).toBe(0);
    const page = path.join(dir, 'site/handbook/sales/sales-operations.md');
    const previous = await readFile(page, 'utf8');
    const family = path.join(dir, 'job-families/sales/sales-systems-leadership.yml');
    await writeFile(family, (await readFile(family, 'utf8')).replace('grade: 9', 'grade: 42'));
    await writeFile(path.join(dir, 'job-families/sales/sales-operations.yml'), 'frontMatter: {title: Changed}\nlevels: [{id: a, title: A}]\n');

    const run = await jobfam(['render', '--families', 'job-families', '--out', 'site'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('job-families/sales/sales-systems-leadership.yml:35:12  error  grade-unknown  Grade 42 is not in the grade table.');
    expect(run.stderr).toContain('nothing was written');
    expect(await readFile(page, 'utf8')).toBe(previous);
  });

  it('replaces the previous output as a whole, so removed families disappear', async () => {
    const dir = await familiesCopy();
    await jobfam(['render', '--families', 'job-families', '--out', 'site'], dir);
    await writeFile(path.join(dir, 'site/handbook/stale.md'), 'old');
    await cp(path.join(dir, 'job-families/sales/sales-operations.yml'), path.join(dir, 'job-families/sales/renamed.yml'));
    await rm(path.join(dir, 'job-families/sales/sales-operations.yml'));
    expect((await jobfam(['render', '--families', 'job-families', '--out', 'site'], dir)).exitCode).toBe(0);
    expect(existsSync(path.join(dir, 'site/handbook/stale.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'site/handbook/sales/sales-operations.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'site/handbook/sales/renamed.md'))).toBe(true);
  });
});

describe('jobfam build --no-pdfs', () => {
  it('writes what render, postings and site write one after another (the CI build job), in one run, and is incremental', async () => {
    const dir = await familiesCopy();
    const build = await jobfam(['build', '--no-pdfs', '--families', 'job-families', '--out', 'one'], dir, ENV);
    expect(build.exitCode, build.stderr).toBe(0);
    expect(build.stderr.split('\n').filter((l) => /^[a-z]+: /.test(l)).map((l) => l.split(':')[0])).toEqual(['handbook', 'postings', 'site']);
    for (const command of ['render', 'postings', 'site']) {
      const run = await jobfam([command, '--families', 'job-families', '--out', 'three'], dir, ENV);
      expect(run.exitCode, run.stderr).toBe(0);
    }
    const files = async (out: string) => (await snapshot(path.join(dir, out))).filter((line) => !line.startsWith('jobfam-build.json '));
    expect(await files('one')).toEqual(await files('three'));
    expect(existsSync(path.join(dir, 'one/pdf'))).toBe(false);
    const again = await jobfam(['build', '--no-pdfs', '--families', 'job-families', '--out', 'one'], dir, ENV);
    expect(again.stderr).toContain('site: unchanged since the last build');
  });
});

describe('jobfam validate', () => {
  it('exits 0 on the bundled families', async () => {
    const run = await jobfam(['validate']);
    expect(run.exitCode).toBe(0);
    // The bundled config's house rules warn (README: what the real families lack); nothing else is reported.
    expect(run.stderr.split('\n').at(-1)).toMatch(/^0 errors, \d+ warnings, \d+ notes \(--notes lists them\) in 5 files$/);
    expect(run.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l) && !/ (policy|language)-/.test(l))).toEqual([]);
    // The notes (coded words) are counted, not listed, unless --notes asks for them.
    const notes = Number(/(\d+) notes/.exec(run.stderr.split('\n').at(-1)!)![1]);
    expect(notes).toBeGreaterThan(0);
    expect(run.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ {2}info /.test(l))).toEqual([]);
    const listed = await jobfam(['validate', '--notes']);
    expect(listed.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ {2}info /.test(l))).toHaveLength(notes);
    expect(listed.stderr.split('\n').at(-1)).toMatch(/^0 errors, \d+ warnings, \d+ notes in 5 files$/);
    const plain = await jobfam(['validate', 'job-families'], await familiesWithoutHouseRules());
    expect([plain.exitCode, plain.stderr]).toEqual([0, '5 family files are valid.']);
  });

  it('prints located diagnostics as JSON on request', async () => {
    const dir = await familiesCopy();
    const family = path.join(dir, 'job-families/sales/sales-operations.yml');
    await writeFile(family, (await readFile(family, 'utf8')).replace('  - id: manager\n', '  - id: manager\n    grade: "9"\n'));
    const run = await jobfam(['validate', 'job-families', '--format', 'json'], dir);
    expect(run.exitCode).toBe(1);
    expect(withoutHouseRules(JSON.parse(run.stdout) as Diagnostic[])).toMatchObject([
      { code: 'schema-type', file: 'job-families/sales/sales-operations.yml', line: 32, column: 12, pointer: '/levels/1/grade', message: 'Expected a whole number or null, found text.' },
    ]);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [[], 'No command given.'],
    [['publish'], 'Unknown command "publish".'],
    [['import', 'x.md'], 'import needs --out DIR.'],
    [['validate', 'no/such/dir'], 'no/such/dir does not exist.'],
    [['import', 'no-such-page.md', '--out', 'tmp-never-written'], 'no-such-page.md does not exist.'],
    [['validate', '--format', 'xml'], '--format must be text or json'],
    [['render', '--bogus'], "Unknown option '--bogus'"],
  ])('%j', async (args, message) => {
    const run = await jobfam(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage:');
  });
});

describe('jobfam import', () => {
  it('writes DIR/<slug>.yml whose first line points editors at the schema', async () => {
    const dir = await familiesCopy();
    const page = path.join(sharedDir, 'handbook-pages/marketing/illustrator.md');
    const run = await jobfam(['import', page, '--out', 'job-families/marketing'], dir);
    expect(run.exitCode).toBe(0);
    const yaml = await readFile(path.join(dir, 'job-families/marketing/illustrator.yml'), 'utf8');
    const firstLine = yaml.split('\n')[0]!;
    expect(firstLine).toBe('# yaml-language-server: $schema=../job-family.schema.json');
    expect(existsSync(path.resolve(dir, 'job-families/marketing', firstLine.split('=')[1]!))).toBe(true);
    expect((await jobfam(['validate', 'job-families'], dir)).exitCode).toBe(0);
  });

  it('reports repairs as located warnings', async () => {
    const dir = await testdir();
    const run = await jobfam(['import', path.join(sharedDir, 'seeds/003_849c93c08d13e1de.txt'), '--out', dir]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/003_849c93c08d13e1de\.txt:40:1 {2}warning {2}import-lost-bullet {2}"Proven track record/);
    expect(existsSync(path.join(dir, '003_849c93c08d13e1de.yml'))).toBe(true);
  });
});
