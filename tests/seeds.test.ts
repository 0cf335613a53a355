// The five seed pages: import → render reproduces each page; the structure is real (levels, grades,
// inheritance, list sizes are values, not verbatim markdown); the committed YAML is that import.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { resolveLevel } from '../scripts/lib/family-format.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { type JobFamily, type OutlineNode } from '../scripts/lib/types.ts';
import { applyRepairs, grades, normalise, SEEDS, seedText, templates, type SeedSlug } from './helpers/pages.ts';
import { familiesDir, repoRoot } from './helpers/paths.ts';
import { withoutHouseRules } from './helpers/house-rules.ts';

const slugs = Object.keys(SEEDS) as SeedSlug[];
const committedYaml = (slug: SeedSlug) => readFileSync(path.join(familiesDir, 'sales', `${slug}.yml`), 'utf8');

interface LevelPin {
  id: string;
  title: string;
  grade: number | null;
  extends: Record<string, string | string[]>;
  responsibilities: number;
  requirements: number;
}

const LEVELS: Record<SeedSlug, LevelPin[]> = {
  'sales-systems-leadership': [
    { id: 'manager-sales-systems', title: 'Manager, Sales Systems', grade: 8, extends: {}, responsibilities: 8, requirements: 13 },
    { id: 'senior-manager-sales-systems', title: 'Senior Manager, Sales Systems', grade: 9, extends: { responsibilities: 'manager-sales-systems' }, responsibilities: 5, requirements: 15 },
    { id: 'director-sales-systems', title: 'Director, Sales Systems', grade: 10, extends: {}, responsibilities: 10, requirements: 11 },
    { id: 'senior-director-sales-systems', title: 'Senior Director, Sales Systems', grade: 11, extends: {}, responsibilities: 10, requirements: 12 },
  ],
  'sales-operations': [
    { id: 'analyst', title: 'Analyst', grade: null, extends: {}, responsibilities: 10, requirements: 10 },
    { id: 'manager', title: 'Manager', grade: null, extends: {}, responsibilities: 11, requirements: 10 },
    { id: 'director', title: 'Director', grade: null, extends: {}, responsibilities: 8, requirements: 11 },
  ],
  'sales-management': [
    { id: 'associate-area-sales-manager', title: 'Associate Area Sales Manager', grade: 8, extends: {}, responsibilities: 15, requirements: 11 },
    { id: 'area-sales-manager-intermediate', title: 'Area Sales Manager (Intermediate)', grade: 9, extends: {}, responsibilities: 9, requirements: 11 },
    { id: 'senior-area-sales-manager', title: 'Senior Area Sales Manager', grade: 9, extends: {}, responsibilities: 9, requirements: 15 },
  ],
  'self-service-sales': [
    { id: 'senior-manager-self-service-sales', title: 'Senior Manager, Self-Service Sales', grade: 9, extends: {}, responsibilities: 10, requirements: 11 },
  ],
  'gtm-planning-and-operations': [
    { id: 'senior-manager-gtm-planning-and-operations', title: 'Senior Manager, GTM Planning and Operations', grade: 9, extends: {}, responsibilities: 3, requirements: 4 },
    {
      id: 'director-gtm-planning-and-operations',
      title: 'Director, GTM Planning and Operations',
      grade: 10,
      extends: { responsibilities: 'senior-manager-gtm-planning-and-operations', requirements: 'senior-manager-gtm-planning-and-operations' },
      responsibilities: 7,
      requirements: 1,
    },
  ],
};

/** Every warning the importer gives per seed: the repairs it made and the sections it kept verbatim. */
const WARNINGS: Record<SeedSlug, [string, number][]> = {
  'sales-systems-leadership': [['import-verbatim', 155]],
  'sales-operations': [],
  'sales-management': [
    ['import-lost-bullet', 25],
    ['import-verbatim', 157],
  ],
  'self-service-sales': [
    ['import-verbatim', 7],
    ['import-lost-bullet', 40],
    ['import-lost-bullet', 45],
    ['import-lazy-paragraph', 68],
  ],
  'gtm-planning-and-operations': [],
};

const imported = (slug: SeedSlug) => importPage(`${slug}.md`, seedText(slug), grades);

function markdownNodes(nodes: readonly OutlineNode[]): string[] {
  return nodes.flatMap((node) => {
    if (typeof node !== 'object') return [];
    if ('markdown' in node) return [node.markdown];
    if ('body' in node) return markdownNodes(node.body);
    return [];
  });
}

describe.each(slugs)('seed %s', (slug) => {
  it('renders back to the seed page, except for the repairs the importer reports', () => {
    const { family, warnings } = imported(slug);
    const rendered = renderHandbookPage(family, grades, templates);
    expect(normalise(rendered)).toBe(applyRepairs(seedText(slug), warnings));
  });

  it('reports exactly the pinned repairs and verbatim sections', () => {
    expect(imported(slug).warnings.map((w) => [w.code, w.line])).toEqual(WARNINGS[slug]);
  });

  it('models levels, grades, inheritance and lists as values', () => {
    const { family } = imported(slug);
    expect(
      family.levels.map((l) => ({
        id: l.id,
        title: l.title,
        grade: l.grade,
        extends: l.extends ?? {},
        responsibilities: l.responsibilities.length,
        requirements: l.requirements.length,
      })),
    ).toEqual(LEVELS[slug]);
  });

  it('keeps no level heading, grade or list item in verbatim markdown', () => {
    const { family } = imported(slug);
    const verbatim = markdownNodes(family.handbook!.outline).join('\n');
    for (const level of family.levels) {
      expect(verbatim).not.toContain(`# ${level.title}`);
      for (const item of [...level.responsibilities, ...level.requirements]) {
        expect(verbatim).not.toContain(typeof item === 'string' ? item : item.text);
      }
    }
    expect(verbatim).not.toMatch(/compensation-calculator\/#gitlab-job-grades/);
  });

  it('is committed as exactly what import produces', () => {
    expect(committedYaml(slug)).toBe(familyToYaml(imported(slug).family, '../job-family.schema.json'));
  });

  it('round-trips: importing the rendered page gives back the same YAML', () => {
    const { family } = imported(slug);
    const again = importPage(`${slug}.md`, renderHandbookPage(family, grades, templates), grades);
    expect(again.warnings.filter((w) => w.code !== 'import-verbatim')).toEqual([]);
    expect(familyToYaml(again.family, 'schema.json')).toBe(familyToYaml(family, 'schema.json'));
  });
});

describe('committed families', () => {
  it('are valid and render to the seed pages', async () => {
    const result = await validatePaths(['job-families'], repoRoot);
    // The house-rule and language findings of the real pages are pinned by policy-bundled.test.ts.
    expect(withoutHouseRules(result.diagnostics)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.families.map((f) => f.slug).sort()).toEqual([...slugs].sort());
    for (const { slug, family } of result.families) {
      const { warnings } = imported(slug as SeedSlug);
      expect(normalise(renderHandbookPage(family, result.grades, templates))).toBe(applyRepairs(seedText(slug as SeedSlug), warnings));
    }
  });

  it('resolve a level with its inherited lists in one call', async () => {
    const { families } = await validatePaths(['job-families/sales/sales-systems-leadership.yml'], repoRoot);
    const family: JobFamily = families[0]!.family;
    const senior = resolveLevel(family, 'senior-manager-sales-systems')!;
    const manager = family.levels[0]!;
    expect(senior.grade).toBe(9);
    expect(senior.inherits.responsibilities).toEqual([{ id: 'manager-sales-systems', title: 'Manager, Sales Systems' }]);
    expect(senior.responsibilities).toEqual([...manager.responsibilities, ...family.levels[1]!.responsibilities]);
    expect(senior.responsibilities).toHaveLength(8 + 5);
    expect(senior.requirements).toHaveLength(15);
    expect(resolveLevel(family, 'no-such-level')).toBeUndefined();
  });

  it('resolve several inheritance targets in the order the page names them', async () => {
    const { families } = await validatePaths(['job-families/sales/sales-management.yml'], repoRoot);
    const family = families[0]!.family;
    const firstOrder = family.specialties.find((s) => s.id === 'first-order')!;
    expect(firstOrder.extends?.responsibilities).toEqual(['area-sales-manager-intermediate', 'senior-area-sales-manager']);
  });
});
