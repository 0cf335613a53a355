// A family written by hand, without a `handbook:` outline, gets a standard page, and that page holds
// all of its content: importing it gives back the same values.
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { withDefaults } from '../scripts/lib/family-format.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { grades, templates } from './helpers/pages.ts';
import { repoRoot } from './helpers/paths.ts';

const { families } = await validatePaths(['job-families'], repoRoot);

describe.each(families.map((f) => [f.slug, f.family] as const))('%s without its outline', (_slug, family) => {
  const content: JobFamily = { ...family, handbook: undefined };
  const page = renderHandbookPage(content, grades, templates);

  it('renders every level with its grade sentence under ## Levels', () => {
    expect(page).toContain('\n## Levels\n');
    for (const level of family.levels) {
      expect(page).toContain(`\n### ${level.title}\n`);
      if (level.grade !== null) expect(page).toContain(`The ${level.title} is a [grade ${level.grade}](`);
    }
  });

  it('keeps every structured value: importing the page gives the same content back', () => {
    const { family: again } = importPage('page.md', page, grades);
    const strip = (f: JobFamily) => {
      const { handbook: _layout, ...rest } = withDefaults(f);
      return rest;
    };
    expect(strip(again)).toEqual(strip(content));
  });
});
