// Small pure pieces, tested as tables.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { resolveCommand, USAGE } from '../scripts/lib/config.ts';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { slugify } from '../scripts/lib/family-format.ts';
import { safeOutputPath, writeOutputs } from '../scripts/lib/publish/write-outputs.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { templateProblem, templateProblemParsed } from '../scripts/lib/validate/rules.ts';
import { COUNTRY_NAMES } from '../scripts/lib/pay/country-names.ts';
import { countryNames } from '../scripts/build/generate-country-names.mjs';
import { linkFindings } from '../scripts/lib/markdown/link-policy.ts';
import { SCHEMAS } from '../scripts/lib/validate/schemas.ts';
import { type FrontMatter, type Grade, type HandbookLayout, type JobFamily, type Level, type SiteConfig, type Specialty } from '../scripts/lib/types.ts';
import { grades, templates } from './helpers/pages.ts';
import { familiesDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

describe('resolveCommand', () => {
  const env = {};
  it.each([
    [['validate'], { command: 'validate', paths: ['job-families'], format: 'text', notes: false }],
    [['validate', 'a.yml', 'b'], { command: 'validate', paths: ['a.yml', 'b'], format: 'text', notes: false }],
    [['validate', '--notes'], { command: 'validate', paths: ['job-families'], format: 'text', notes: true }],
    [['render'], { command: 'render', familiesDir: 'job-families', outDir: 'public', templatesDir: undefined }],
    [['render', '--families', 'f', '--out', 'o'], { command: 'render', familiesDir: 'f', outDir: 'o', templatesDir: undefined }],
    [['import', 'a.md', 'b.md', '--out', 'd'], { command: 'import', files: ['a.md', 'b.md'], outDir: 'd', force: false }],
    [['import', 'pages/', '--out', 'd', '--force'], { command: 'import', files: ['pages/'], outDir: 'd', force: true }],
    [['init'], { command: 'init', dir: 'job-families' }],
    [['init', 'my-families'], { command: 'init', dir: 'my-families' }],
    [['--help'], { command: 'help', usage: USAGE }],
    [['--version'], { command: 'version' }],
  ])('%j', (argv, expected) => {
    expect(resolveCommand(argv, env)).toEqual({ ok: true, value: expected });
  });

  it('takes defaults from the environment', () => {
    expect(resolveCommand(['render'], { JOBFAM_FAMILIES: 'fam', JOBFAM_OUT: 'site' })).toMatchObject({
      value: { familiesDir: 'fam', outDir: 'site' },
    });
  });

  it.each([[['import', 'a.md']], [['import', '--out', 'd']], [['nope']], [[]], [['render', 'extra']], [['init', 'a', 'b']], [['init', '--bogus']]])('rejects %j', (argv) => {
    expect(resolveCommand(argv, env).ok).toBe(false);
  });
});

describe('output paths derived from data', () => {
  it.each(['../escape.md', 'handbook/../../escape.md', '/etc/passwd', '', '.'])('refuses %j', (relative) => {
    expect(() => safeOutputPath('/tmp/out', relative)).toThrow(/outside|refus/i);
  });

  it('accepts paths inside the folder', () => {
    expect(safeOutputPath('/tmp/out', 'handbook/sales/x.md')).toBe('/tmp/out/handbook/sales/x.md');
  });

  it('writes nothing at all when one output would escape', async () => {
    const dir = await testdir();
    const out = path.join(dir, 'public');
    await expect(
      writeOutputs(
        [
          { path: 'handbook/ok.md', content: 'ok' },
          { path: 'handbook/../../evil.md', content: 'x' },
        ],
        out,
      ),
    ).rejects.toThrow(/outside/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('empties a folder it owns when nothing is rendered into it any more', async () => {
    const dir = await testdir({ 'public/handbook/sales/old.md': 'old' });
    await writeOutputs([], path.join(dir, 'public'), ['handbook']);
    expect(await readdir(path.join(dir, 'public/handbook'))).toEqual([]);
  });

  it('leaves other output folders alone', async () => {
    const dir = await testdir({ 'public/pdf/keep.pdf': 'pdf' });
    await writeOutputs([{ path: 'handbook/a.md', content: 'a' }], path.join(dir, 'public'));
    expect((await readdir(path.join(dir, 'public'))).sort()).toEqual(['handbook', 'pdf']);
  });
});

describe('linkFindings', () => {
  it.each([
    ['[ok](/handbook/values/)', []],
    ['[ok](https://about.gitlab.com/x)', []],
    ['[ok](#anchor) and [mail](mailto:a@b.c)', []],
    ['[trailing space is fine](/handbook/values/#x )', []],
    ['[placeholder]({{gradeLink}})', []],
    ['[titled](/handbook/guide/ "The guide")', []],
    ['[bad](/path with space)', ['the address contains a space']],
    ['[bad]()', ['the address is empty']],
    ['[bad](/no/closing', ['the closing parenthesis is missing']],
    ['[bad](javascript:alert(1))', ['only http(s) and mailto addresses are allowed']],
  ])('%s', (text, reasons) => {
    expect(linkFindings(text).map((p) => p.reason)).toEqual(reasons);
  });
});

describe('slugify', () => {
  it.each([
    ['Manager, Sales Systems', 'manager-sales-systems'],
    ['Area Sales Manager (Intermediate)', 'area-sales-manager-intermediate'],
    ['Director - Treasury', 'director-treasury'],
    ['Go-to-Market Planning & Operations', 'go-to-market-planning-and-operations'],
    ['Équipe Résumé', 'equipe-resume'],
  ])('%s → %s', (title, slug) => expect(slugify(title)).toBe(slug));
});

describe('the schemas', () => {
  it('compile under ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    for (const schema of Object.values(SCHEMAS)) expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('document every property with a description and examples', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
      for (const [name, property] of Object.entries(properties ?? {})) {
        // A $ref'd property is documented where its definition is.
        const target = typeof property.$ref === 'string' ? definitions[property.$ref.replace('#/definitions/', '')] : undefined;
        if (!property.description && !target?.description) undocumented.push(`${where}.${name}: description`);
        if (!property.examples && !target?.examples) undocumented.push(`${where}.${name}: examples`);
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${where}.${key}`);
    };
    let definitions: Record<string, Record<string, unknown>> = {};
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      definitions = (schema as { definitions?: typeof definitions }).definitions ?? {};
      visit(schema, name);
    }
    expect(undocumented).toEqual([]);
  });

  it('reject unknown keys everywhere, except in the two documented open maps', () => {
    // Front matter keys jobfam does not model (Hugo's weight, aliases...) and their original text.
    // And the per-family factors of _compensation.yml, keyed by family slug.
    const documentedOpen = ['family.properties.frontMatter.properties.params', 'family.definitions.handbook.properties.frontMatterText', 'family.definitions.handbookPage.properties.frontMatterText', 'compensation.properties.families'];
    const open: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object' && n.additionalProperties !== false && !documentedOpen.includes(where)) open.push(where);
      for (const [key, child] of Object.entries(n)) visit(child, `${where}.${key}`);
    };
    for (const [name, schema] of Object.entries(SCHEMAS)) visit(schema, name);
    expect(open).toEqual([]);
  });
});

describe('readFamilies', () => {
  it('reads family files in sub-folders and skips files whose name starts with "_"', async () => {
    const dir = await testdir({
      'fam/_grades.yml': 'grades: []',
      'fam/_config.yml': 'company: X',
      'fam/_drafts.yml': 'x: 1',
      'fam/a/one.yml': 'x: 1',
      'fam/b/c/two.yaml': 'x: 2',
      'fam/notes.md': '# not yaml',
    });
    await mkdir(path.join(dir, 'fam/empty'));
    const input = await readFamilies(['fam'], dir);
    expect(input.root).toBe('fam');
    expect(input.families.map((f) => f.relativePath)).toEqual(['a/one.yml', 'b/c/two.yaml']);
    expect(input.grades?.relativePath).toBe('_grades.yml');
    expect(input.config?.relativePath).toBe('_config.yml');
  });

  it('finds the grade table above a single file', async () => {
    const dir = await testdir({ 'fam/_grades.yml': 'grades: []', 'fam/sales/x.yml': 'x: 1' });
    const input = await readFamilies(['fam/sales/x.yml'], dir);
    expect(input.root).toBe('fam');
    expect(input.families.map((f) => f.path)).toEqual(['fam/sales/x.yml']);
  });
});

describe('the bundled YAML files', () => {
  it('each start with a yaml-language-server line pointing at an existing schema', async () => {
    const files = (await readdir(familiesDir, { recursive: true })).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const firstLine = (await readFile(path.join(familiesDir, file), 'utf8')).split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
      expect(m, file).not.toBeNull();
      expect(existsSync(path.resolve(familiesDir, path.dirname(file), m![1]!)), file).toBe(true);
    }
  });
});

// The TypeScript model and the JSON Schema are both written by hand; these pairs keep them in step.
// A key added to one side only fails the typecheck (the `true` below) or the comparison.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const FAMILY_KEYS = ['frontMatter', 'intro', 'responsibilities', 'requirements', 'niceToHaves', 'levels', 'specialties', 'performanceIndicators', 'careerLadder', 'hiringProcess', 'handbook'] as const;
const LEVEL_KEYS = ['id', 'title', 'grade', 'reportsTo', 'intro', 'extends', 'responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess'] as const;
const SPECIALTY_KEYS = ['id', 'name', 'title', 'intro', 'extends', 'responsibilities', 'requirements', 'niceToHaves'] as const;
const FRONT_MATTER_KEYS = ['title', 'description', 'summary', 'layout', 'RoleName', 'params'] as const;
const HANDBOOK_KEYS = ['bullet', 'quoted', 'frontMatterText', 'frontMatterOrder', 'file', 'extension', 'withoutFrontMatter', 'keptLinks', 'outline', 'pages'] as const;
const GRADE_KEYS = ['grade', 'label', 'link'] as const;
const CONFIG_KEYS = ['company', 'handbookUrl', 'pdf', 'jobBoard', 'bot', 'policy', 'language'] as const;
const inStep: [
  SameKeys<(typeof FAMILY_KEYS)[number], keyof JobFamily>,
  SameKeys<(typeof LEVEL_KEYS)[number], keyof Level>,
  SameKeys<(typeof SPECIALTY_KEYS)[number], keyof Specialty>,
  SameKeys<(typeof FRONT_MATTER_KEYS)[number], keyof FrontMatter>,
  SameKeys<(typeof HANDBOOK_KEYS)[number], keyof HandbookLayout>,
  SameKeys<(typeof GRADE_KEYS)[number], keyof Grade>,
  SameKeys<(typeof CONFIG_KEYS)[number], keyof SiteConfig>,
] = [true, true, true, true, true, true, true];

describe('the TypeScript model and the schemas', () => {
  const keys = (schema: unknown) => Object.keys((schema as { properties: object }).properties).sort();
  const family = SCHEMAS.family as unknown as { properties: Record<string, unknown>; definitions: Record<string, unknown> };
  const gradeItem = (SCHEMAS.grades as unknown as { properties: { grades: { items: unknown } } }).properties.grades.items;
  it.each([
    ['family', family, FAMILY_KEYS],
    ['level', family.definitions.level, LEVEL_KEYS],
    ['specialty', family.definitions.specialty, SPECIALTY_KEYS],
    ['frontMatter', family.properties.frontMatter, FRONT_MATTER_KEYS],
    ['handbook', family.definitions.handbook, HANDBOOK_KEYS],
    ['grade', gradeItem, GRADE_KEYS],
    ['config', SCHEMAS.config, CONFIG_KEYS],
  ])('%s has the same keys', (_name, schema, tsKeys) => {
    expect(inStep.every(Boolean)).toBe(true);
    expect(keys(schema)).toEqual([...tsKeys].sort());
  });
});

describe('templateProblem', () => {
  it.each([
    ['### {{title}} Job Grade', null],
    ['The {{title}} is a [grade {{grade}}]({{gradeLink}}).', null],
    ['### {{titel}}', 'uses {{titel}}, which is not available here'],
    ['{{#if grade}}x{{/if}}', 'uses a block or partial; only {{placeholders}} are allowed'],
    ['{{lookup title 1}}', 'calls a helper; only {{placeholders}} are allowed'],
    ['### {{title', /^is not a valid pattern/],
  ])('%s', (template, problem) => {
    const actual = templateProblem(template, ['title', 'grade', 'gradeLink']);
    if (problem instanceof RegExp) expect(actual).toMatch(problem);
    else expect(actual).toBe(problem);
  });
});

describe('country names', () => {
  it("are this Node's ICU names (else run node scripts/build/generate-country-names.mjs)", () => {
    expect(COUNTRY_NAMES).toEqual(countryNames());
    expect(COUNTRY_NAMES.NL).toBe('Netherlands');
  });
});

describe('templateProblem without Handlebars', () => {
  // Plain {{name}} patterns are judged without loading Handlebars; every pattern must get the answer
  // Handlebars' own parser gives, whichever path judged it.
  it.each([
    '', 'Senior', '{{title}}', '### {{title}} Job Grade', '{{titel}} and {{grade}}', '{{title}}{{grade}}', '{{ title }}',
    '{{else}}', '{{true}}', '{{null}}', '{{this}}', '{{@index}}', '{{{title}}}', '{{~title~}}', '\\{{title}}', '{title}', 'a }} b',
    '{{!comment}}', '{{> partial}}', '{{title', 'a {{title}} {', '{{undefined}}', '{{_x}}', '{{title.name}}', '{{../title}}',
  ])('%j', (template) => {
    expect(templateProblem(template, ['title', 'grade'])).toBe(templateProblemParsed(template, ['title', 'grade']));
  });
});

describe('page text that looks like a Handlebars placeholder', () => {
  it('survives import and render unchanged', () => {
    const page = [
      '---',
      'title: Shortcodes',
      '---',
      '',
      '## Writer {{< icon >}}',
      '',
      'The Writer {{x}} reports to the {{< lead >}}.',
      '',
      '### Job Grade',
      '',
      'The Writer is a [grade 7](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades) {{y}}.',
      '',
      '### Responsibilities',
      '',
      '- Write {{docs}}',
      '',
    ].join('\n');
    const { family } = importPage('page.md', page, grades);
    expect(family.levels[0]).toMatchObject({ title: 'Writer {{< icon >}}', grade: 7, responsibilities: ['Write {{docs}}'] });
    expect(renderHandbookPage(family, grades, templates)).toBe(page);
  });
});
