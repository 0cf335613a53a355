// The migration as a new user meets it: `import` into a folder that is not a families directory yet,
// `init`, one clear error when the grade table is missing, and import never writing an invalid family.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS } from '../scripts/lib/errors.ts';
import { STARTER_FILES } from '../scripts/lib/import/run-import.ts';
import { repoRoot, sharedDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { jobfam } from './helpers/cli.ts';

const page = (name: string) => readFileSync(path.join(sharedDir, 'handbook-pages', name), 'utf8');

describe('jobfam init', () => {
  it('makes a folder a families directory, and keeps what is already there', async () => {
    const dir = await testdir({ 'my-families/_grades.yml': 'grades:\n  - { grade: 1, label: One, link: /grades/ }\n' });
    const run = await jobfam(['init', 'my-families'], dir);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(
      'my-families is a families directory: wrote _config.yml, job-family.schema.json, grades.schema.json, config.schema.json; kept the existing _grades.yml.',
    );
    for (const name of STARTER_FILES) expect(existsSync(path.join(dir, 'my-families', name)), name).toBe(true);
    expect(await readFile(path.join(dir, 'my-families/_grades.yml'), 'utf8')).toContain('grade: 1');
    expect((await jobfam(['validate', 'my-families'], dir)).stderr).toBe('0 family files are valid.');
  });
});

describe('jobfam import into a new folder', () => {
  it('makes it a families directory, points $schema at the copies, and render works on the first try', async () => {
    const dir = await testdir({ 'pages/treasury.md': page('finance/treasury.md'), 'pages/legal/public-policy.md': page('legal/public-policy.md') });
    const run = await jobfam(['import', 'pages', '--out', 'my-families'], dir);
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('my-families is a families directory: wrote _grades.yml, _config.yml, job-family.schema.json, grades.schema.json, config.schema.json.');
    const nested = await readFile(path.join(dir, 'my-families/legal/public-policy.yml'), 'utf8');
    expect(nested.split('\n')[0]).toBe('# yaml-language-server: $schema=../job-family.schema.json');
    expect((await readFile(path.join(dir, 'my-families/treasury.yml'), 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=job-family.schema.json');
    const render = await jobfam(['render', '--families', 'my-families', '--out', 'site'], dir);
    expect(render.exitCode).toBe(0);
    expect(await readFile(path.join(dir, 'site/handbook/treasury.md'), 'utf8')).toBe(page('finance/treasury.md'));
    // A second import into the same folder does not initialise it again.
    const again = await jobfam(['import', 'pages/treasury.md', '--out', 'my-families'], dir);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain('is a families directory');
  });

  it('skips a markdown file that is not a page when searching a folder, and refuses it when named', async () => {
    const notes = 'Notes about where these pages come from.\n\n| page | source |\n|---|---|\n';
    const dir = await testdir({ 'pages/SOURCES.md': notes, 'pages/treasury.md': page('finance/treasury.md') });
    const found = await jobfam(['import', 'pages', '--out', 'fams'], dir);
    expect(found.exitCode).toBe(0);
    expect(found.stderr).toContain('pages/SOURCES.md:1:1  warning  import-not-a-page  This markdown file has no front matter and no heading, so it is not a job-family page; it was skipped.');
    const named = await jobfam(['import', 'pages/SOURCES.md', '--out', 'fams2'], dir);
    expect(named.exitCode).toBe(1);
    expect(named.stderr).toContain('pages/SOURCES.md:1:1  error  import-not-a-page  This file has no front matter and no heading, so it is not a job-family page.');
  });
});

describe('import never writes an invalid family', () => {
  it('reports the page at its line and writes the others; exit 1', async () => {
    const bad = '---\ntitle: Analysts\n---\n\n## Levels\n\n### Analyst\n\n#### Analyst Job Grade\n\nThe Analyst is a [grade 42](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n\n#### Analyst Responsibilities\n\n- Analyse\n';
    const dir = await testdir({ 'pages/analysts.md': bad, 'pages/treasury.md': page('finance/treasury.md') });
    // Into an existing families directory an unknown grade is an error (a new one gains the grade instead).
    expect((await jobfam(['init', 'fams'], dir)).exitCode).toBe(0);
    const run = await jobfam(['import', 'pages', '--out', 'fams'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'pages/analysts.md:7:1  error  import-invalid  The page could not be turned into a valid family (grade-unknown: Grade 42 is not in the grade table); nothing was written for it.\n  hint: Fix the page at this position and import it again; the other pages were written.',
    );
    expect(existsSync(path.join(dir, 'fams/analysts.yml'))).toBe(false);
    expect(existsSync(path.join(dir, 'fams/treasury.yml'))).toBe(true);
    expect((await jobfam(['validate', 'fams'], dir)).exitCode).toBe(0);
  });
});

describe('a directory without a grade table', () => {
  it('gives ONE located error that says how to get one, not one per level, and no empty hint list', async () => {
    const family = readFileSync(path.join(repoRoot, 'job-families/sales/sales-management.yml'), 'utf8');
    const dir = await testdir({ 'my-families/sales-management.yml': family });
    const run = await jobfam(['render', '--families', 'my-families', '--out', 'site'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      [
        'my-families:1:1  error  grades-missing  No grade table found: my-families/_grades.yml does not exist, so no grade can be checked.',
        '  hint: Run `jobfam init my-families` to write the standard grade table, config and JSON Schemas there, then adjust _grades.yml to your ladder.',
        '1 error, 0 warnings in 1 file; nothing was written.',
      ].join('\n'),
    );
    expect(run.stderr).not.toMatch(/one of[ ,]*(,|or)/);
  });
});

describe('the diagnostic catalogue', () => {
  // Every entry that lists choices, given none: no hint may then print an empty list.
  const cases: [string, string][] = [
    ['grade-unknown', DIAGNOSTICS['grade-unknown']({ grade: 9, known: [] }).hint],
    ['schema-unknown-key', DIAGNOSTICS['schema-unknown-key']({ key: 'x', allowed: [], suggestion: null }).hint],
    ['schema-enum', DIAGNOSTICS['schema-enum']({ value: 'x', allowed: [] }).hint],
    ['extends-unknown', DIAGNOSTICS['extends-unknown']({ target: 'x', known: [] }).hint],
    ['outline-unknown', DIAGNOSTICS['outline-unknown']({ kind: 'level', id: 'x', known: [] }).hint],
    ['outline-template', DIAGNOSTICS['outline-template']({ template: '{{x}}', problem: 'uses {{x}}', allowed: [] }).hint],
  ];
  it.each(cases)('%s: %s', (_code, hint) => {
    expect(hint).not.toMatch(/(one of|here|of):?\s*(,|\.|$)|\{\{\}\}/);
  });
});
