// The thirteen further real pages in ../shared/handbook-pages: none is special-cased, each must
// render back exactly (after the repairs the importer reports), validate, and round-trip.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { parseYaml } from '../scripts/lib/load/parse-yaml.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { validateSchema } from '../scripts/lib/validate/schema.ts';
import { applyRepairs, grades, normalise, templates } from './helpers/pages.ts';
import { sharedDir } from './helpers/paths.ts';

const pagesDir = path.join(sharedDir, 'handbook-pages');
const pages = readdirSync(pagesDir, { recursive: true })
  .map(String)
  .filter((p) => p.endsWith('.md') && p.includes('/'))
  .sort();

/** Pages whose markdown needed repairs; every other page renders back byte for byte. */
const REPAIRED: Record<string, string[]> = {
  'legal/public-policy.md': ['import-lost-bullet', 'import-lost-bullet'],
  'sales/area-sales-manager.md': ['import-lost-bullet'],
  'sales/area-sales-manager-legacy-erb.md': ['import-lost-bullet', 'import-blank-lines', ...Array(10).fill('import-mixed-bullets'), 'import-blank-lines'],
};

/** Levels found per page: the structure, not a verbatim copy. */
const LEVEL_COUNTS: Record<string, number> = {
  'engineering/database-engineer.md': 1,
  'engineering/engineering-manager.md': 1,
  'finance/treasury.md': 3,
  'legal/public-policy.md': 1,
  'marketing/illustrator.md': 3,
  'marketing/pr-manager.md': 4,
  'people-group/chief-people-officer.md': 1,
  'product/pricing.md': 5,
  'sales/area-sales-manager-legacy-erb.md': 3,
  'sales/area-sales-manager.md': 3,
  'sales/deal-desk.md': 7,
  'sales/regional-sales-director.md': 1,
  'sales/renewal-manager.md': 6,
};

describe.each(pages)('%s', (page) => {
  const source = readFileSync(path.join(pagesDir, page), 'utf8');
  const { family, warnings } = importPage(page, source, grades);

  it('renders back to the page, except for the repairs the importer reports', () => {
    const repairs = warnings.filter((w) => w.code !== 'import-verbatim');
    expect(repairs.map((w) => w.code)).toEqual(REPAIRED[page] ?? []);
    const rendered = normalise(renderHandbookPage(family, grades, templates));
    if (repairs.length === 0) expect(rendered).toBe(normalise(source));
    else expect(rendered).toBe(applyRepairs(source, warnings));
  });

  it('finds its levels and produces schema-valid YAML', () => {
    expect(family.levels).toHaveLength(LEVEL_COUNTS[page]!);
    const yaml = familyToYaml(family, 'schema.json');
    const parsed = parseYaml({ path: page, relativePath: page, text: yaml });
    expect(parsed.diagnostics).toEqual([]);
    expect(validateSchema(parsed, 'family')).toEqual([]);
  });

  it('round-trips through its own rendering', () => {
    const again = importPage(page, renderHandbookPage(family, grades, templates), grades);
    expect(familyToYaml(again.family, 'schema.json')).toBe(familyToYaml(family, 'schema.json'));
  });
});

it('covers all thirteen pages', () => {
  expect(pages).toHaveLength(13);
  expect(Object.keys(LEVEL_COUNTS).sort()).toEqual(pages);
});
