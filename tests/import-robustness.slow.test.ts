// The importer is not tuned to eighteen pages: every page with any one line removed, and every prefix
// of every page, must still render back (after reported repairs), round-trip, and give schema-valid
// YAML whenever it has a level. About 2,800 irregular pages, each a real page broken in a new place.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { parseYaml } from '../scripts/lib/load/parse-yaml.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { validateSchema } from '../scripts/lib/validate/schema.ts';
import { applyRepairs, grades, normalise, sameData, templates } from './helpers/pages.ts';
import { sharedDir } from './helpers/paths.ts';

const files = [
  ...readdirSync(path.join(sharedDir, 'handbook-pages'), { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md') && p.includes('/'))
    .map((p) => path.join(sharedDir, 'handbook-pages', p)),
  ...readdirSync(path.join(sharedDir, 'seeds')).map((f) => path.join(sharedDir, 'seeds', f)),
];

function problemWith(source: string): string | null {
  try {
    const { family, warnings } = importPage('page.md', source, grades);
    const rendered = renderHandbookPage(family, grades, templates);
    if (normalise(rendered) !== applyRepairs(source, warnings)) return 'renders differently';
    const yaml = familyToYaml(family, 'schema.json');
    // The same data gives the same YAML: only a family that differs is written out to compare.
    const again = importPage('page.md', rendered, grades).family;
    if (!sameData(again, family) && familyToYaml(again, 'schema.json') !== yaml) return 'does not round-trip';
    const errors = validateSchema(parseYaml({ path: 'page.yml', relativePath: 'page.yml', text: yaml }), 'family');
    // A page cut before its first level has no level yet: the only acceptable schema error.
    const real = errors.filter((e) => !(e.code === 'schema-required' && family.levels.length === 0));
    return real.length > 0 ? `invalid YAML: ${real[0]!.pointer} ${real[0]!.message}` : null;
  } catch (error) {
    return `throws ${(error as Error).message.split('\n')[0]}`;
  }
}

// One test per page, yielding between variants, so vitest's worker is never starved.
let checked = 0;
it.each(files.map((file) => [path.basename(file), file]))('%s: with any one line removed, and cut after any line', async (_name, file) => {
  const failures: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const body = lines.indexOf('---', 1) + 1;
  for (let k = body; k < lines.length; k++) {
    const variants = { [`without line ${k + 1}`]: [...lines.slice(0, k), ...lines.slice(k + 1)], [`cut after line ${k + 1}`]: lines.slice(0, k + 1) };
    // Yield now and then, so vitest's worker can report progress on a loaded machine.
    if (k % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    for (const [how, variant] of Object.entries(variants)) {
      checked++;
      const problem = problemWith(variant.join('\n'));
      if (problem) failures.push(`${path.basename(file)} ${how}: ${problem}`);
    }
  }
  expect(failures).toEqual([]);
}, 60_000);

it('skips writing the YAML twice only for the same data', () => {
  const { family } = importPage('page.md', readFileSync(files[0]!, 'utf8'), grades);
  expect(sameData(structuredClone(family), family)).toBe(true);
  const { frontMatter, ...rest } = family;
  expect(sameData({ ...rest, frontMatter }, family)).toBe(false); // the keys in another order
  expect(sameData({ ...family, levels: family.levels.slice(1) }, family)).toBe(false);
  expect(sameData({ n: -0 }, { n: 0 })).toBe(false);
  expect(sameData({ a: undefined }, {})).toBe(false);
  expect(sameData([1, , 3], [1, undefined, 3])).toBe(false); // a hole is not an undefined entry
  const shared = { text: 'x' };
  expect(sameData({ a: shared, b: shared }, { a: { text: 'x' }, b: { text: 'x' } })).toBe(false); // yaml writes an alias
  expect(sameData({ at: new Date(0) }, { at: new Date(0) })).toBe(false);
});

it('checked about 2,800 variants', () => {
  expect(checked).toBeGreaterThan(2500);
});
