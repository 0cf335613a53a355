// `jobfam import` at the edge, in process: what it may replace (never without --force), what it reports
// about the directory it writes into, grades a new directory gains, front matter it cannot read, and
// where a section folder given directly lands.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initFamiliesDir, runImport } from '../scripts/lib/import/run-import.ts';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { testdir } from './helpers/testdir.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures/import-long-tail/pages');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const codes = (diagnostics: readonly { code: string; severity: string; file: string; line: number }[]) =>
  diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`);
const validateDir = async (dir: string) => validateFamilies(await readFamilies([dir], process.cwd()));

describe('import never replaces a file it did not write, unless --force', () => {
  it('reports and skips every file it would replace (an error), writes the rest; --force replaces', async () => {
    const dir = await testdir({
      'pages/incident-lead.md': fixture('security/incident-lead.md'),
      'pages/engineering-intern.md': fixture('interns/engineering-intern.md'),
    });
    const first = await runImport(['pages'], 'fams', dir);
    expect(first.outputs.map((o) => o.path).sort()).toEqual(['engineering-intern.yml', 'incident-lead.yml']);
    const unrelated = '# somebody else\'s file\nfrontMatter: { title: Other }\n';
    await writeFile(path.join(dir, 'fams/incident-lead.yml'), unrelated);

    const again = await runImport(['pages'], 'fams', dir);
    expect(codes(again.diagnostics.filter((d) => d.severity === 'error'))).toEqual(['pages/incident-lead.md:1 error import-would-replace']);
    expect(again.diagnostics.find((d) => d.code === 'import-would-replace')!.message).toBe('fams/incident-lead.yml exists with other content; it was not replaced.');
    expect(again.outputs).toEqual([]); // the intern's file is the same as before: nothing to write
    expect(await readFile(path.join(dir, 'fams/incident-lead.yml'), 'utf8')).toBe(unrelated);

    const forced = await runImport(['pages'], 'fams', dir, { force: true });
    expect(forced.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(forced.outputs.map((o) => o.path)).toEqual(['incident-lead.yml']);
    expect(await readFile(path.join(dir, 'fams/incident-lead.yml'), 'utf8')).toContain('keptLinks');
    // No staging files left beside the families.
    expect(readdirSync(path.join(dir, 'fams')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('reports a broken _config.yml or _grades.yml in the directory and writes nothing', async () => {
    for (const [name, text, code] of [
      ['_config.yml', 'company: "Acme\n', 'yaml-syntax'],
      ['_grades.yml', 'grades:\n  - { grade: x, label: X, link: /x/ }\n', 'schema-type'],
    ] as const) {
      const dir = await testdir({ 'pages/incident-lead.md': fixture('security/incident-lead.md') });
      expect((await runImport(['pages'], 'fams', dir)).outputs).toHaveLength(1);
      await writeFile(path.join(dir, 'fams', name), text);
      await writeFile(path.join(dir, 'pages/engineering-intern.md'), fixture('interns/engineering-intern.md'));
      const run = await runImport(['pages'], 'fams', dir);
      const errors = run.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.every((d) => d.file.endsWith(`fams/${name}`)), name).toBe(true);
      expect(errors.map((d) => d.code), name).toContain(code);
      expect(run.outputs).toEqual([]);
      expect(existsSync(path.join(dir, 'fams/engineering-intern.yml'))).toBe(false);
    }
  });
});

describe('grades the grade table does not have', () => {
  it('a new families directory gains every grade its pages use, each reported; the result validates', async () => {
    const dir = await testdir({ 'pages/engineering-intern.md': fixture('interns/engineering-intern.md'), 'pages/incident-lead.md': fixture('security/incident-lead.md') });
    const run = await runImport(['pages'], 'fams', dir);
    expect(codes(run.diagnostics)).toEqual(['pages/engineering-intern.md:8 warning import-grade-added', 'pages/incident-lead.md:15 warning import-link-kept']);
    expect(run.diagnostics[0]!.message).toBe('Grade 4 is not in the standard grade table; it was added to fams/_grades.yml for this page.');
    const table = await readFile(path.join(dir, 'fams/_grades.yml'), 'utf8');
    const entries = table.split('\n').filter((l) => l.trim().startsWith('- {'));
    expect(entries[0]).toBe('  - { grade: 4, label: Grade 4, link: /handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades }');
    expect(entries[1]).toContain('grade: 5,');
    const check = await validateDir(path.join(dir, 'fams'));
    expect(check.diagnostics.filter((d) => d.severity !== 'info' && !d.code.startsWith('policy-') && !d.code.startsWith('language-')).map((d) => `${d.severity} ${d.code}`)).toEqual(['warning link-kept']);
    // The grade sentence links the table's link again, so the YAML says {{gradeLink}}, not the address.
    expect(await readFile(path.join(dir, 'fams/engineering-intern.yml'), 'utf8')).not.toContain('#gitlab-job-grades');
  });

  it('into an existing directory the unknown grade is the located error it is, and nothing is added', async () => {
    const dir = await testdir({ 'pages/engineering-intern.md': fixture('interns/engineering-intern.md') });
    expect((await initFamiliesDir('fams', dir)).written).toContain('_grades.yml');
    const table = await readFile(path.join(dir, 'fams/_grades.yml'), 'utf8');
    const run = await runImport(['pages'], 'fams', dir);
    expect(codes(run.diagnostics)).toEqual(['pages/engineering-intern.md:8 error import-invalid']);
    expect(run.diagnostics[0]!.message).toContain('grade-unknown');
    expect(await readFile(path.join(dir, 'fams/_grades.yml'), 'utf8')).toBe(table);
  });
});

describe('front matter that cannot be read', () => {
  it('is a located error for that page (an unclosed quote in title:), not the title "Levels"', async () => {
    const broken = fixture('security/incident-lead.md').replace('title: Incident Lead', 'title: "Incident Lead');
    const dir = await testdir({ 'pages/incident-lead.md': broken, 'pages/engineering-intern.md': fixture('interns/engineering-intern.md') });
    const run = await runImport(['pages'], 'fams', dir);
    const error = run.diagnostics.find((d) => d.severity === 'error')!;
    expect(error).toMatchObject({ file: 'pages/incident-lead.md', line: 2, column: 8, code: 'import-front-matter' });
    expect(run.outputs.map((o) => o.path)).toEqual(['engineering-intern.yml']);
  });

  it('a quoted value folded over an unindented line stays readable, as Hugo reads it', async () => {
    const folded = fixture('security/incident-lead.md').replace('description: The Incident Lead coordinates', 'description: "The Incident Lead\ncoordinates').replace('security incidents.\n---', 'security incidents."\n---');
    const dir = await testdir({ 'pages/incident-lead.md': folded });
    const run = await runImport(['pages'], 'fams', dir);
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(run.outputs).toHaveLength(1);
  });
});

describe('a section folder given directly', () => {
  it('keeps its folder name: the split family renders under platform/, not at the handbook root', async () => {
    const dir = await testdir(Object.fromEntries(['_index.md', 'associate.md', 'senior.md'].map((n) => [`site/platform/${n}`, fixture(`platform/${n}`)])));
    const run = await runImport(['site/platform'], 'fams', dir);
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(run.outputs.map((o) => o.path)).toEqual(['platform/platform.yml']);
  });
});
