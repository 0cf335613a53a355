// The resolved model (scripts/lib/model/build-handbook.ts): built once from the validation result,
// it is what every stage reads, so its facts are pinned here: inheritance with each item's origin,
// grade labels, output paths claimed once, postings resolved to their level.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll, validatePaths } from '../scripts/lib/commands.ts';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { prepareHandbook } from '../scripts/lib/prepare.ts';
import type { FamiliesInput } from '../scripts/lib/types.ts';
import { slugOfPage } from '../scripts/lib/import/plan-import.ts';
import { isFamilySlug, validateFamilies } from '../scripts/lib/validate/index.ts';
import { familiesDir, repoRoot, sharedDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { cp, readFile, writeFile } from 'node:fs/promises';

const bundled = () => readFamilies([familiesDir], repoRoot);
const model = async () => buildHandbook(validateFamilies(await bundled(), { today: '2026-12-01' }));

/** The input with one family file's text edited. */
function edit(input: FamiliesInput, relativePath: string, change: (text: string) => string): FamiliesInput {
  return { ...input, families: input.families.map((f) => (f.relativePath === relativePath ? { ...f, text: change(f.text) } : f)) };
}

describe('buildHandbook', () => {
  it('resolves inheritance once, and every item knows where it came from', async () => {
    const family = (await model()).families.find((f) => f.slug === 'sales-systems-leadership')!;
    const senior = family.levels.find((l) => l.id === 'senior-manager-sales-systems')!;
    const manager = family.levels.find((l) => l.id === 'manager-sales-systems')!;
    expect(senior.origins.responsibilities).toHaveLength(senior.responsibilities.length);
    const inherited = senior.origins.responsibilities.filter((o) => o.from === 'inherited');
    expect(inherited).toHaveLength(manager.responsibilities.length - family.file.family.responsibilities.length);
    expect(inherited.every((o) => o.from === 'inherited' && o.level.id === 'manager-sales-systems')).toBe(true);
    // Requirements are not inherited: every one is the level's own (or the family's).
    expect(senior.origins.requirements.every((o) => o.from !== 'inherited')).toBe(true);
    // Family-wide first, then inherited, then the level's own.
    const order = senior.origins.responsibilities.map((o) => o.from);
    expect(order).toEqual([...order].sort((a, b) => ['family', 'inherited', 'own'].indexOf(a) - ['family', 'inherited', 'own'].indexOf(b)));
    expect(order.at(-1)).toBe('own');
  });

  it('looks each grade up once: label and link from _grades.yml, a specialty its levels\' grades', async () => {
    const handbook = await model();
    for (const family of handbook.families) {
      for (const level of family.levels) {
        const entry = handbook.grades.find((g) => g.grade === level.grade);
        expect(level.gradeLabel).toBe(entry?.label ?? null);
        expect(level.gradeInfo).toEqual(level.grade === null ? null : { grade: level.grade, label: entry?.label ?? null, link: entry?.link ?? null });
      }
      for (const specialty of family.specialties) {
        const grades = [...new Set(specialty.levels.flatMap((l) => (l.grade === null ? [] : [l.grade])))].sort((a, b) => a - b);
        expect(specialty.grades.map((g) => g.grade)).toEqual(grades);
        expect(specialty.grade).toBe(grades.length === 1 ? grades[0] : null);
      }
    }
    const federal = handbook.families.find((f) => f.slug === 'sales-management')!.specialties.find((s) => s.id === 'federal')!;
    expect(federal.levels.map((l) => l.id)).toContain('senior-area-sales-manager');
  });

  it('names every output path once: handbook pages, PDFs, catalog pages and postings', async () => {
    const handbook = await model();
    const expected = [
      'handbook/_pay-bands.md',
      ...handbook.families.flatMap((f) => [...f.handbookPages, ...f.levels.map((l) => l.pdfPath), ...f.specialties.map((s) => s.pdfPath), f.catalogPage]),
      ...handbook.postings.map((p) => p.path),
    ];
    expect(handbook.postings.length).toBeGreaterThan(0);
    expect(new Set(expected).size).toBe(expected.length);
    expect([...handbook.outputs.keys()].sort()).toEqual([...expected].sort());
    expect(handbook.outputs.get('pdf/sales/sales-management/federal.pdf')?.file).toMatch(/sales-management\.yml$/);
    expect(handbook.diagnostics).toEqual([]);
  });

  it('resolves each posting to its level: title, grade and label from the model', async () => {
    const handbook = await model();
    for (const posting of handbook.postings) {
      const family = handbook.families.find((f) => f.slug === posting.family.slug)!;
      const target = [...family.levels, ...family.specialties].find((t) => t.id === posting.target.id && t.kind === posting.target.kind)!;
      expect(posting).toMatchObject({ title: target.title, grade: target.grade, gradeLabel: target.gradeLabel, requirements: target.requirements });
    }
  });

  it('a page claimed by two families is a located error naming both, and nothing is written', async () => {
    const input = edit(await bundled(), 'sales/sales-operations.yml', (text) => text.replace(/^handbook:\n/m, 'handbook:\n  file: sales-management\n'));
    const prepared = prepareHandbook(input, { today: '2026-12-01' });
    expect(prepared.model).toBeNull();
    const claimed = prepared.diagnostics.filter((d) => d.code === 'output-path-claimed');
    expect(claimed).toHaveLength(1);
    const lines = input.families.find((f) => f.relativePath === 'sales/sales-operations.yml')!.text.split('\n');
    expect(claimed[0]).toMatchObject({ severity: 'error', file: expect.stringMatching(/sales-operations\.yml$/), line: lines.indexOf('  file: sales-management') + 1, column: 9 });
    expect(claimed[0]!.message).toContain('handbook/sales/sales-management.md');
    expect(claimed[0]!.message).toContain('Sales Management');
    expect(claimed[0]!.message).toContain('Sales Operations');

    // The same through a build: the families validate one by one, but the build stops before writing.
    const dir = await testdir();
    await cp(familiesDir, path.join(dir, 'families'), { recursive: true });
    const file = path.join(dir, 'families/sales/sales-operations.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^handbook:\n/m, 'handbook:\n  file: sales-management\n'));
    const validated = await validatePaths(['families'], dir, { JOBFAM_TODAY: '2026-12-01' });
    expect(validated.diagnostics.filter((d) => d.code === 'output-path-claimed')).toHaveLength(1);
    const result = await buildAll({ familiesDir: 'families', outDir: 'out' }, dir, { JOBFAM_TODAY: '2026-12-01' });
    expect(result.stages).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain('output-path-claimed');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('file names and level ids are bounded slugs (they name pages, PDFs and catalog links)', () => {
  const oneFamily = async (relativePath: string, change: (text: string) => string = (t) => t) => {
    const input = await bundled();
    const source = input.families.find((f) => f.relativePath === 'sales/sales-operations.yml')!;
    const moved = { ...source, relativePath, path: path.join(input.root, relativePath), text: change(source.text) };
    return validateFamilies({ ...input, families: [moved], openings: null }).diagnostics.filter((d) => d.severity === 'error');
  };

  it.each(['sales/q#?%.yml', 'sales/Sales Ops.yml', 'sales/-ops.yml', `sales/${'a'.repeat(65)}.yml`])('%s is a located family-file-name error', async (name) => {
    const errors = await oneFamily(name);
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['family-file-name', 1, 1]]);
    expect(errors[0]!.file).toContain(path.basename(name));
  });

  it('a 64-character slug is fine, and so is one with underscores (imported seed pages are named so)', async () => {
    expect(await oneFamily(`sales/${'a'.repeat(64)}.yml`)).toEqual([]);
    expect(await oneFamily('sales/003_849c93c08d13e1de.yml')).toEqual([]);
  });

  it('a level id over 64 characters is a located schema error', async () => {
    const long = `m${'-x'.repeat(40)}`;
    const errors = await oneFamily('sales/sales-operations.yml', (text) => text.replace(/^ {2}- id: (\S+)$/m, `  - id: ${long}`));
    expect(errors.map((d) => d.code)).toContain('schema-pattern');
    expect(errors.find((d) => d.code === 'schema-pattern')!.message).toContain('at most 64 characters');
  });

  it('every real handbook page imports under a name that passes', () => {
    const pages = ['handbook-pages', 'handbook-pages-2'].flatMap((dir) =>
      readdirSync(path.join(sharedDir, dir), { recursive: true })
        .map(String)
        .filter((p) => p.endsWith('.md') && p.includes('/'))
        .map((p) => ({ file: path.join(sharedDir, dir, p), folder: path.posix.dirname(p), name: path.posix.basename(p) })),
    );
    expect(pages.length).toBeGreaterThanOrEqual(56);
    expect(pages.map((p) => slugOfPage(p)).filter((slug) => !isFamilySlug(slug))).toEqual([]);
  });
});
