// Migrating a real handbook: all 56 real pages (handbook-pages/ and handbook-pages-2/, the bare section
// index finance/finance/_index.md is not a page) import to valid YAML, render back, and most of their
// responsibility/requirement bullets become list items. The figures are pinned per page: a change to
// the importer that loses structure or exactness on any page fails here. None of the pages is
// special-cased; the rules are the format's (see README, "import").
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { planImport, type PageInput } from '../scripts/lib/import/plan-import.ts';
import { renderMarkdown } from '../scripts/lib/render/markdown.ts';
import { measureImport, readSharedPages } from './helpers/import-figures.ts';
import { applyRepairs, grades, normalise, templates } from './helpers/pages.ts';
import { familiesDir, repoRoot, sharedDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const DIRS = ['handbook-pages', 'handbook-pages-2'];
const gradesSource = { path: '_grades.yml', relativePath: '_grades.yml', text: readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8') };

/** [page, valid YAML, renders back exactly, bullets that are list items, bullets under responsibility/requirement headings] */
const FIGURES: [string, boolean, boolean, number, number][] = [
  ['handbook-pages-2/alliances/alliances-manager.md', true, true, 31, 31],
  ['handbook-pages-2/chief-executive-officer/strategy-and-operations.md', true, true, 96, 96],
  ['handbook-pages-2/engineering/backend/_index.md', true, true, 213, 223],
  ['handbook-pages-2/engineering/backend/associate.md', true, true, 31, 31],
  ['handbook-pages-2/engineering/backend/intermediate.md', true, true, 34, 34],
  ['handbook-pages-2/engineering/backend/senior.md', true, true, 247, 254],
  ['handbook-pages-2/engineering/backend/staff.md', true, true, 234, 234],
  ['handbook-pages-2/engineering/fellow.md', true, true, 14, 14],
  ['handbook-pages-2/engineering/general-manager-meltano.md', true, true, 24, 24],
  ['handbook-pages-2/engineering/machine-learning.md', true, true, 82, 94],
  ['handbook-pages-2/engineering/management/_index.md', true, true, 39, 39],
  ['handbook-pages-2/engineering/management/vp.md', true, true, 25, 25],
  ['handbook-pages-2/expert/merge-request-coach.md', true, true, 10, 13],
  ['handbook-pages-2/finance/finance/finance-planning-and-analysis.md', true, true, 84, 84],
  ['handbook-pages-2/finance/finance/vp-finance.md', true, true, 0, 0],
  ['handbook-pages-2/finance/sox-pmo.md', true, true, 26, 26],
  ['handbook-pages-2/finance/stock-administrator.md', true, true, 122, 122],
  ['handbook-pages-2/finance/tax.md', true, true, 149, 149],
  ['handbook-pages-2/legal/legal-intern.md', true, true, 9, 9],
  ['handbook-pages-2/legal/risk-management-dispute-resolution.md', true, true, 19, 19],
  ['handbook-pages-2/legal/vice-president-legal.md', true, true, 18, 18],
  ['handbook-pages-2/marketing/brand-leadership.md', true, true, 51, 51],
  ['handbook-pages-2/marketing/corporate-events.md', true, true, 148, 148],
  ['handbook-pages-2/marketing/editor.md', true, true, 98, 98],
  ['handbook-pages-2/marketing/management.md', true, true, 73, 73],
  ['handbook-pages-2/marketing/senior-director-strategy.md', true, true, 16, 16],
  ['handbook-pages-2/people-group/executive-business-administrator.md', true, true, 70, 70],
  ['handbook-pages-2/people-group/people-leadership.md', true, true, 27, 27],
  ['handbook-pages-2/people-group/people-ops-fullstack-engineer.md', true, true, 68, 68],
  ['handbook-pages-2/people-group/talent-acquisition-enablement-ops.md', true, true, 80, 80],
  ['handbook-pages-2/product/chief-product-officer.md', true, true, 38, 38],
  ['handbook-pages-2/product/product-analyst.md', true, true, 15, 35],
  ['handbook-pages-2/product/service-designer.md', true, true, 34, 34],
  ['handbook-pages-2/product/ux-fullstack-engineer.md', true, true, 51, 51],
  ['handbook-pages-2/sales/chief-of-staff-cro.md', true, true, 39, 39],
  ['handbook-pages-2/sales/comm-area-vp.md', true, true, 20, 20],
  ['handbook-pages-2/sales/partner-technical-enablement-specialist.md', true, true, 53, 53],
  ['handbook-pages-2/sales/professional-services-program-manager.md', true, true, 36, 36],
  ['handbook-pages-2/sales/sales-administrator.md', true, true, 26, 26],
  ['handbook-pages-2/sales/vp-revenue-operations.md', true, true, 26, 26],
  ['handbook-pages-2/security/facility-security-officer.md', true, true, 20, 20],
  ['handbook-pages-2/security/red-team.md', true, true, 98, 98],
  ['handbook-pages-2/security/security-program-manager.md', true, true, 38, 38],
  ['handbook-pages/engineering/database-engineer.md', true, true, 38, 38],
  ['handbook-pages/engineering/engineering-manager.md', true, true, 33, 33],
  ['handbook-pages/finance/treasury.md', true, true, 57, 57],
  ['handbook-pages/legal/public-policy.md', true, true, 12, 12],
  ['handbook-pages/marketing/illustrator.md', true, true, 32, 32],
  ['handbook-pages/marketing/pr-manager.md', true, true, 92, 92],
  ['handbook-pages/people-group/chief-people-officer.md', true, true, 45, 45],
  ['handbook-pages/product/pricing.md', true, true, 63, 63],
  ['handbook-pages/sales/area-sales-manager-legacy-erb.md', true, true, 80, 90],
  ['handbook-pages/sales/area-sales-manager.md', true, true, 89, 89],
  ['handbook-pages/sales/deal-desk.md', true, true, 145, 145],
  ['handbook-pages/sales/regional-sales-director.md', true, true, 31, 31],
  ['handbook-pages/sales/renewal-manager.md', true, true, 58, 58],
];

describe('the 56 real pages', () => {
  const rows = measureImport(sharedDir, DIRS, { readPages: readSharedPages, grades, gradesSource, templates, applyRepairs, normalise });

  it('give the pinned figures, page by page', () => {
    expect(rows.map((r) => [r.page, r.valid, r.exact, r.structured, r.bullets])).toEqual(FIGURES);
  });

  it('all import to valid YAML, at least 53 render back exactly, at least 90% of bullets are list items', () => {
    expect(rows).toHaveLength(56);
    expect(rows.filter((r) => r.valid)).toHaveLength(56);
    expect(rows.filter((r) => r.exact).length).toBeGreaterThanOrEqual(53);
    const bullets = rows.reduce((n, r) => n + r.bullets, 0);
    const structured = rows.reduce((n, r) => n + r.structured, 0);
    expect(bullets).toBeGreaterThan(3000);
    expect(structured / bullets).toBeGreaterThanOrEqual(0.9);
  });
});

/** Per family of a section folder: pages it was made from; levels as [id, grade, responsibilities, requirements, nice-to-haves]; specialties; family-wide list sizes. */
const SECTION_FOLDERS = {
  'engineering/backend': [
    {
      path: 'engineering/backend/backend.yml',
      pages: ['_index.md', 'associate.md', 'intermediate.md', 'senior.md', 'staff.md'],
      levels: [
        ['associate-backend-engineer', 5, 8, 14, 9],
        ['intermediate-backend-engineer', 6, 9, 16, 9],
        ['senior-backend-engineer', 7, 10, 16, 0],
        ['staff-backend-engineer', 8, 10, 16, 0],
      ],
      specialties: 62,
      family: [9, 16, 9],
    },
  ],
  'engineering/management': [
    {
      path: 'engineering/management/engineering-management.yml',
      pages: ['_index.md'],
      levels: [
        ['director-incubation-engineering', 10, 10, 4, 0],
        ['vp-of-incubation-engineering', 12, 7, 10, 8],
      ],
      specialties: 0,
      family: [0, 0, 0],
    },
    { path: 'engineering/management/vp.yml', pages: ['vp.md'], levels: [['vp-of-incubation-engineering', null, 7, 10, 8]], specialties: 0, family: [0, 0, 0] },
  ],
  'finance/finance': [
    {
      path: 'finance/finance/finance-planning-and-analysis.yml',
      pages: ['finance-planning-and-analysis.md'],
      levels: [
        ['fp-and-a-analyst-intermediate', 6, 7, 1, 0],
        ['senior-fp-and-a-analyst', 7, 8, 4, 0],
        ['fp-and-a-manager', 8, 9, 3, 0],
        ['manager-fp-and-a', 8, 1, 2, 0],
        ['senior-manager-fp-and-a', 9, 6, 3, 0],
        ['director-fp-and-a', 10, 7, 3, 0],
        ['senior-director-fp-and-a', 11, 2, 3, 0],
      ],
      specialties: 0,
      family: [8, 7, 0],
    },
    { path: 'finance/finance/vp-finance.yml', pages: ['vp-finance.md'], levels: [['vp-fp-and-a', 12, 0, 0, 0]], specialties: 0, family: [0, 0, 0] },
  ],
};

const size = (list?: unknown[]) => list?.length ?? 0;

describe('Hugo section folders', () => {
  const pages = readSharedPages(sharedDir, 'handbook-pages-2');
  const plan = planImport(pages, grades);

  it.each(Object.entries(SECTION_FOLDERS))('%s becomes the pinned families, and every file comes back exact', (folder, expected) => {
    const families = plan.families.filter((f) => path.posix.dirname(f.path) === folder);
    const shape = families.map((f) => ({
      path: f.path,
      pages: f.sources.map((s) => s.name),
      levels: f.family.levels.map((l) => [l.id, l.grade, size(l.responsibilities), size(l.requirements), size(l.niceToHaves)]),
      specialties: f.family.specialties.length,
      family: [size(f.family.responsibilities), size(f.family.requirements), size(f.family.niceToHaves)],
    }));
    expect(shape).toEqual(expected);
    const rendered = renderMarkdown(families.map((f) => ({ relativePath: f.path, family: f.family })), grades, templates);
    const files = families.flatMap((f) => f.sources);
    expect(files.length).toBe(pages.filter((p) => p.folder === folder && p.file !== 'handbook-pages-2/finance/finance/_index.md').length);
    for (const page of files) {
      const output = rendered.find((o) => o.path === `handbook/${folder}/${page.name}`);
      expect(output, page.name).toBeDefined();
      expect(normalise(String(output!.content))).toBe(applyRepairs(page.text, plan.diagnostics.filter((d) => d.file === page.file)));
    }
  });

  it('leaves a bare section index alone, with a note', () => {
    const note = plan.diagnostics.find((d) => d.file === 'handbook-pages-2/finance/finance/_index.md');
    expect(note).toMatchObject({ code: 'import-bare-index', severity: 'warning', line: 1 });
    expect(plan.families.some((f) => f.sources.some((s) => s.file === note!.file))).toBe(false);
  });

  it('groups the files of a split family into one family when they are named one by one', () => {
    const named: PageInput[] = pages.filter((p) => p.folder === 'engineering/backend').map((p) => ({ ...p, file: path.join(sharedDir, p.file), folder: '', named: true }));
    const one = planImport(named, grades);
    expect(one.families.map((f) => [f.path, f.sources.length, f.family.levels.length])).toEqual([['backend.yml', 5, 4]]);
  });
});

describe('the migration path, exactly as the README gives it', () => {
  it('jobfam import ../shared/handbook-pages ../shared/handbook-pages-2 --out fams && jobfam render --families fams --out site', async () => {
    // A fresh directory beside a link to the shared pages, and `jobfam` on PATH as npm installs it.
    const root = await testdir();
    const cwd = path.join(root, 'clone');
    await mkdir(path.join(root, 'bin'), { recursive: true });
    await mkdir(cwd);
    await symlink(sharedDir, path.join(root, 'shared'));
    const bin = path.join(root, 'bin', 'jobfam');
    await writeFile(bin, `#!/bin/sh\nexec node ${JSON.stringify(path.join(repoRoot, 'scripts/jobfam.mjs'))} "$@"\n`);
    await chmod(bin, 0o755);
    const command = 'jobfam import ../shared/handbook-pages ../shared/handbook-pages-2 --out fams && jobfam render --families fams --out site';
    const run = await execa('sh', ['-c', command], { cwd, reject: false, env: { PATH: `${path.dirname(bin)}:${process.env.PATH}` } });
    expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
    expect(run.stderr).toContain('fams is a families directory: wrote _grades.yml, _config.yml, job-family.schema.json, grades.schema.json, config.schema.json.');
    expect(run.stderr).toContain('Rendered 56 handbook pages into site/handbook.');
    const inputs = DIRS.flatMap((dir) => readSharedPages(sharedDir, dir)).filter((p) => p.name !== 'SOURCES.md' && p.file !== 'handbook-pages-2/finance/finance/_index.md');
    expect(inputs).toHaveLength(56);
    for (const page of inputs) expect(existsSync(path.join(cwd, 'site/handbook', page.folder, page.name)), page.file).toBe(true);
    // Every YAML file names the schema copy beside it.
    const yaml = readFileSync(path.join(cwd, 'fams/engineering/backend/backend.yml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../../job-family.schema.json');
  }, 60_000);
});
