// The long tail of a real migration (issue 17): pages that do not fit the model as it was. Each class has
// its own fixture pages under tests/fixtures/import-long-tail/pages/ (written for these tests, in the style
// of the real pages); the imported YAML is pinned in expected/ and every page must render back exactly.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planImport } from '../scripts/lib/import/plan-import.ts';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { renderMarkdown } from '../scripts/lib/render/markdown.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { planCatalog } from '../scripts/lib/site/plan-catalog.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { buildPdfJobs, createPdfTemplates } from '../scripts/lib/pdf/build-packets.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import type { Grade } from '../scripts/lib/types.ts';
import { readSharedPages } from './helpers/import-figures.ts';
import { grades, templates } from './helpers/pages.ts';
import { templatesDir } from './helpers/paths.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures/import-long-tail');
const pages = readSharedPages(fixtures, 'pages');
/** The standard table plus the intern's grade, as `import` writes it into a new directory. */
const withIntern: Grade[] = [{ grade: 4, label: 'Grade 4', link: grades[0]!.link }, ...grades];
const plan = planImport(pages, withIntern);
const expectedFiles = readdirSync(path.join(fixtures, 'expected'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();
const gradesYaml = (table: readonly Grade[]) => `grades:\n${table.map((g) => `  - { grade: ${g.grade}, label: ${g.label}, link: ${g.link} }`).join('\n')}\n`;
const validate = (files: { path: string; text: string }[], table: readonly Grade[] = withIntern) =>
  validateFamilies({
    root: '.',
    families: files.map((f) => ({ path: f.path, relativePath: f.path, text: f.text })),
    grades: { path: '_grades.yml', relativePath: '_grades.yml', text: gradesYaml(table) },
    config: null,
  });

describe('every class imports to the pinned YAML and renders back exactly', () => {
  it('makes one family per page, one per split section folder, nothing dropped', () => {
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.families.map((f) => f.path)).toEqual(expectedFiles);
    expect(plan.families.flatMap((f) => f.sources).length).toBe(pages.length);
  });

  it.each(expectedFiles)('%s', (file) => {
    const planned = plan.families.find((f) => f.path === file)!;
    expect(familyToYaml(planned.family, 'job-family.schema.json')).toBe(readFileSync(path.join(fixtures, 'expected', file), 'utf8'));
    const outputs = renderMarkdown([{ relativePath: planned.path, family: planned.family }], withIntern, templates);
    expect(outputs.length).toBe(planned.sources.length);
    for (const source of planned.sources) {
      // Class 4: the page comes back at the path it came from, whatever its name.
      const output = outputs.find((o) => o.path === `handbook/${source.folder}/${source.name}`);
      expect(output, source.file).toBeDefined();
      expect(String(output!.content)).toBe(source.text);
      // And reading the rendered page again gives the same family.
      if (planned.sources.length === 1) {
        const again = importPage(source.file, String(output!.content), withIntern);
        expect(familyToYaml(again.family, 'x')).toBe(familyToYaml(importPage(source.file, source.text, withIntern).family, 'x'));
      }
    }
  });

  it('the pinned YAML validates (warnings only: the kept link)', () => {
    const result = validate(expectedFiles.map((f) => ({ path: f, text: readFileSync(path.join(fixtures, 'expected', f), 'utf8') })));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.code, d.severity])).toEqual([['security/incident-lead.yml', 13, 'link-kept', 'warning']]);
    expect(result.families).toHaveLength(expectedFiles.length);
  });
});

describe('1. a family without levels', () => {
  const observer = plan.families.find((f) => f.path === 'board/board-observer.yml')!;
  const section = plan.families.find((f) => f.path === 'board/board.yml')!;

  it('holds the role once (intro, performance indicators, hiring process) and no levels', () => {
    expect(observer.family.levels).toEqual([]);
    expect(observer.family.performanceIndicators).toHaveLength(2);
    expect(observer.family.hiringProcess).toHaveLength(3);
    expect(familyToYaml(observer.family, 'x')).not.toContain('levels:');
  });

  it('a section _index.md of prose that links its families is a page of its own, kept with its links', () => {
    expect(section.family.levels).toEqual([]);
    expect(section.family.handbook?.file).toBe('_index');
    expect(section.sources.map((s) => s.name)).toEqual(['_index.md']);
  });

  it('is listed in the catalog (without levels) and gets no offer packet', async () => {
    const result = validate(expectedFiles.map((f) => ({ path: f, text: readFileSync(path.join(fixtures, 'expected', f), 'utf8') })));
    const model = buildHandbook(result);
    const catalog = planCatalog(model, new Set(), { company: 'Acme', handbookUrl: 'https://handbook.example', siteUrl: null });
    const listed = catalog.families.find((f) => f.title === 'Board Observer');
    expect(listed).toMatchObject({ entries: [] });
    const jobs = buildPdfJobs({
      families: model.families,
      site: null,
      stamps: new Map(),
      templates: createPdfTemplates(await readTemplates(templatesDir)),
      paper: 'A4',
      toolchain: { jobfam: '0', puppeteer: '0', pdfLib: '0', browser: 'none' },
    });
    expect(jobs.some((j) => j.key.startsWith('board/'))).toBe(false);
    expect(jobs.filter((j) => j.key.startsWith('platform/')).map((j) => j.key)).toEqual([
      'platform/platform/associate-platform-engineer.pdf',
      'platform/platform/senior-platform-engineer.pdf',
    ]);
  });
});

describe('2. a grade the grade table does not have', () => {
  it('imports the intern at grade 4; against the standard table it is the located error it was', () => {
    const intern = plan.families.find((f) => f.path === 'interns/engineering-intern.yml')!;
    expect(intern.family.levels.map((l) => l.grade)).toEqual([4]);
    const yaml = readFileSync(path.join(fixtures, 'expected/interns/engineering-intern.yml'), 'utf8');
    const strict = validate([{ path: 'interns/engineering-intern.yml', text: yaml }], grades);
    expect(strict.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([['grade-unknown', 10, 'error']]);
  });
});

describe('3. a link the validator rejects', () => {
  const lead = plan.families.find((f) => f.path === 'security/incident-lead.yml')!;

  it('is kept as written, listed in handbook.keptLinks and reported at its line in the page', () => {
    expect(lead.family.handbook?.keptLinks).toEqual(['[the director](#Director, Security Operations)']);
    const warning = plan.diagnostics.find((d) => d.code === 'import-link-kept');
    expect(warning).toMatchObject({ file: 'pages/security/incident-lead.md', line: 15, column: 8, severity: 'warning' });
  });

  it('stays an error when jobfam did not import it: a link not listed, or listed in another family', () => {
    const yaml = readFileSync(path.join(fixtures, 'expected/security/incident-lead.yml'), 'utf8');
    const written = yaml.replace(/ {2}keptLinks:\n.*\n/, '');
    expect(written).not.toContain('keptLinks');
    expect(validate([{ path: 'security/incident-lead.yml', text: written }]).diagnostics.map((d) => [d.code, d.severity])).toEqual([['link-malformed', 'error']]);
    const another = yaml.replace('informed of every', 'informed, with [the CISO](#CISO Office), of every');
    expect(validate([{ path: 'security/incident-lead.yml', text: another }]).diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['link-kept', 'warning'],
      ['link-malformed', 'error'],
    ]);
  });
});

describe('5. a section index of family-wide sections only, with level pages beside it', () => {
  it('is one split family: the index holds the family-wide lists, each page one level', () => {
    const platform = plan.families.find((f) => f.path === 'platform/platform.yml')!;
    expect(platform.sources.map((s) => s.name)).toEqual(['_index.md', 'associate.md', 'senior.md']);
    expect(platform.family.levels.map((l) => [l.id, l.grade])).toEqual([
      ['associate-platform-engineer', 5],
      ['senior-platform-engineer', 7],
    ]);
    expect(platform.family.performanceIndicators).toHaveLength(2);
    expect(platform.family.careerLadder).toMatch(/^The next step/);
  });

  it('an index of prose only stays a page of its own, even with single-role pages beside it', () => {
    expect(plan.families.filter((f) => f.path.startsWith('board/')).map((f) => f.sources.length)).toEqual([1, 1]);
  });
});
