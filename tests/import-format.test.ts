// Format rules of the importer on small pages, each one a rule a handbook author would recognise.
// Every page must render back exactly and give the structure named in the test.
import { describe, expect, it } from 'vitest';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { parseYaml } from '../scripts/lib/load/parse-yaml.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { grades, NOT_REPAIRS, templates } from './helpers/pages.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { familiesDir } from './helpers/paths.ts';

const gradesSource = { path: '_grades.yml', relativePath: '_grades.yml', text: readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8') };

function imported(page: string): JobFamily {
  const { family, warnings } = importPage('page.md', page, grades);
  expect(warnings.filter((w) => !NOT_REPAIRS.has(w.code) && w.code !== 'import-verbatim')).toEqual([]);
  expect(renderHandbookPage(family, grades, templates)).toBe(page);
  const yaml = familyToYaml(family, 'job-family.schema.json');
  expect(parseYaml({ path: 'page.yml', relativePath: 'page.yml', text: yaml }).diagnostics).toEqual([]);
  const check = validateFamilies({ root: '.', families: [{ path: 'page.yml', relativePath: 'page.yml', text: yaml }], grades: gradesSource, config: null });
  expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return check.families[0]!.family;
}

const page = (body: string, front = 'title: Role') => `---\n${front}\n---\n\n${body}`;

describe('CommonMark structure', () => {
  // Blocks the model has no field for are kept exactly as written: never an intro, a label or a list.
  it.each([
    ['an ordered list', '1. Apply\n2. Interview\n3. Offer'],
    ['a block quote', '> Hire for values.\n> Train for skills.'],
    ['indented code', '    make ship\n    make test'],
    ['a setext heading', 'Our values\n----------'],
    ['a thematic break', '***'],
    ['a `+` list (no bullet of the model)', '+ One\n+ Two'],
  ])('%s is kept verbatim, not read as a paragraph', (_what, block) => {
    const family = imported(page(`${block}\n\n## Responsibilities\n\n- Write code\n`));
    expect(family.intro).toBeNull();
    expect(family.handbook!.outline[0]).toEqual({ markdown: block });
    expect(family.levels[0]!.responsibilities).toEqual(['Write code']);
  });

  it('a `+` list under Responsibilities stays as written rather than becoming a list of a bullet the model lacks', () => {
    const family = imported(page('## Job Grade\n\nThe Role is a grade 7.\n\n## Responsibilities\n\n+ One\n+ Two\n'));
    expect(family.levels[0]!.responsibilities).toEqual([]);
    expect(JSON.stringify(family.handbook)).toContain('"markdown":"+ One\\n+ Two"');
  });

  it('an ordered list right under a paragraph ends the paragraph; a list right after a bullet list ends it', () => {
    const family = imported(page('Steps:\n1. Apply\n2. Interview\n\n## Requirements\n\n- Patience\n1. not an item of the list\n'));
    expect(family.intro).toBe('Steps:');
    expect(family.levels[0]!.requirements).toEqual(['Patience']);
  });

  it('a loose list whose items hold a second paragraph or a fenced code block is ONE list', () => {
    const family = imported(
      page('## Responsibilities\n\n- Write code\n\n  and review it.\n\n- Ship\n\n  ```sh\n  # not a heading\n\n  make ship\n  ```\n- Support users\n'),
    );
    expect(family.levels[0]!.responsibilities).toEqual(['Write code\n\nand review it.', 'Ship\n\n```sh\n# not a heading\n\nmake ship\n```', 'Support users']);
  });

  it('lines inside a fenced code block are never headings or lists', () => {
    const family = imported(page('## Requirements\n\n```\n# a comment\n- not an item\n```\n\n- Patience\n'));
    expect(family.levels[0]!.requirements).toEqual(['Patience']);
  });

  it('lists one after another, only a blank line between, are one list', () => {
    const family = imported(page('## Requirements\n\n- One\n- Two\n\n- Three\n'));
    expect(family.levels[0]!.requirements).toEqual(['One', 'Two', 'Three']);
  });

  it('lists each under a one-line label are labelled groups', () => {
    const family = imported(page('## Requirements\n\nExperience\n\n- Five years\n- A team\n\nValues\n\n- Share ours\n'));
    expect(family.levels[0]!.requirements).toEqual([
      { text: 'Experience', items: ['Five years', 'A team'] },
      { text: 'Values', items: ['Share ours'] },
    ]);
  });

  it('a sentence between two lists is prose, not a label', () => {
    const { family } = importPage('page.md', page('## Requirements\n\n- One\n\nMore details are on our hiring page.\n\n- Two\n'), grades);
    expect(family.levels[0]!.requirements).toEqual([]);
  });
});

describe('sections that are lists', () => {
  it('nice-to-haves are their own list, misspelt headings and "Level" are recognised', () => {
    const family = imported(
      page('## Level\n\n### Analyst\n\n#### Analyst Responsibilites\n\n- Analyse\n\n#### Analyst Requirements\n\n- SQL\n\n#### Analyst Nice-to-haves\n\n- Python\n'),
    );
    expect(family.levels.map((l) => [l.title, l.responsibilities, l.requirements, l.niceToHaves])).toEqual([['Analyst', ['Analyse'], ['SQL'], ['Python']]]);
  });

  it('a section named after the level belongs to it even when its heading is too shallow', () => {
    const family = imported(
      page('## Levels\n\n### Manager, Tax\n\n#### Manager, Tax Responsibilities\n\n- Manage\n\n#### Senior Manager, Tax\n\n### Senior Manager, Tax Responsibilities\n\n- Lead\n'),
    );
    expect(family.levels.map((l) => [l.title, l.responsibilities])).toEqual([
      ['Manager, Tax', ['Manage']],
      ['Senior Manager, Tax', ['Lead']],
    ]);
  });
});

describe('levels whose sections are not nested under them', () => {
  it('an unnamed list heading at the level\'s depth, after its Job Grade, and "Sr" for "Senior", belong to the level', () => {
    const family = imported(
      page(
        '## Senior Director, People\n\n### Job Grade\n\nThe Senior Director, People is a [grade 11](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n\n## Sr Director, People Responsibilities\n\n- Lead\n\n## VP, People\n\n### Job Grade\n\nThe VP, People is a [grade 12](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n\n## Responsibilities\n\n- Decide\n\n## Requirements\n\n- Experience\n',
      ),
    );
    expect(family.levels.map((l) => [l.title, l.grade, l.responsibilities, l.requirements])).toEqual([
      ['Senior Director, People', 11, ['Lead'], []],
      ['VP, People', 12, ['Decide'], ['Experience']],
    ]);
  });
});

describe('front matter', () => {
  it('keeps every key in order, the unknown ones in params, as written', () => {
    const front = 'title: "Product Analyst"\ndescription: "Analysts improve the product\nthrough data"\nweight: 10\naliases:\n- /old/\nmanual_cookiebot: true';
    const family = imported(page('## Responsibilities\n\n- Analyse\n', front));
    expect(family.frontMatter).toEqual({
      title: 'Product Analyst',
      description: 'Analysts improve the product through data',
      params: { weight: 10, aliases: ['/old/'], manual_cookiebot: true },
    });
  });

  it('keeps the page order when params sit between the typed keys', () => {
    const family = imported(page('## Responsibilities\n\n- Analyse\n', 'title: Analyst\nweight: 20\ndescription: Analyses things'));
    expect(family.frontMatter).toEqual({ title: 'Analyst', description: 'Analyses things', params: { weight: 20 } });
    expect(family.handbook!.frontMatterOrder).toEqual(['title', 'weight', 'description']);
  });

  it('Hugo ref shortcodes are valid link targets and survive unescaped', () => {
    const family = imported(page('## Responsibilities\n\n- Follow the [screening guide]({{< ref "interviewing#screening-call" >}})\n- See [grades]({{% relref "compensation" %}})\n'));
    expect(family.levels[0]!.responsibilities).toEqual([
      'Follow the [screening guide]({{< ref "interviewing#screening-call" >}})',
      'See [grades]({{% relref "compensation" %}})',
    ]);
  });

  it('a page without front matter renders back without it', () => {
    const body = '\n### Director\n\n### Responsibilities\n\n- Direct\n';
    const { family, warnings } = importPage('page.md', body, grades);
    expect(warnings.map((w) => w.code)).toEqual(['import-no-title']);
    expect(family.frontMatter.title).toBe('Director');
    expect(renderHandbookPage(family, grades, templates)).toBe(body);
  });
});
