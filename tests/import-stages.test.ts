// The importer's stages on their own: the classifier decides what each section is before anything is
// converted, and the converter turns a classified page into a family, both returning warnings as values.
import { describe, expect, it } from 'vitest';
import { classifyPage } from '../scripts/lib/import/classify-page.ts';
import { convertPage } from '../scripts/lib/import/convert-page.ts';
import { importPage } from '../scripts/lib/import/import-page.ts';
import { parseMarkdownPage } from '../scripts/lib/import/markdown-page.ts';
import { buildTree, isSection, type Section } from '../scripts/lib/import/section-tree.ts';
import type { FrontMatter } from '../scripts/lib/types.ts';
import { grades } from './helpers/pages.ts';

function classified(body: string, title = 'Data Analyst', role: 'family' | 'index' | 'level' = 'family') {
  const page = parseMarkdownPage(body);
  const root = buildTree(page.blocks);
  return classifyPage(page.blocks, root, { title }, role);
}

const headed = (root: Section, text: string): Section => {
  const find = (section: Section): Section | undefined => {
    for (const child of section.children) {
      if (!isSection(child)) continue;
      if (child.heading!.text === text) return child;
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  return find(root)!;
};

const FAMILY_WIDE = [
  '## Data Analyst',
  '',
  '### Responsibilities',
  '',
  '* Shared duty',
  '',
  '## Junior Data Analyst',
  '',
  '### Junior Data Analyst Job Grade',
  '',
  'The Junior Data Analyst is a grade 5.',
  '',
  '### Junior Data Analyst Responsibilities',
  '',
  '* Query',
  '',
  '## Senior Data Analyst',
  '',
  '### Senior Data Analyst Job Grade',
  '',
  'The Senior Data Analyst is a grade 7.',
  '',
  '### Senior Data Analyst Responsibilities',
  '',
  '* Extends the Junior Data Analyst responsibilities',
  '* Lead',
  '',
  '### Senior Data Analyst Responsibilities',
  '',
  '* Again',
  '',
].join('\n');

describe('the classifier', () => {
  it('tells levels from a gradeless section named after the family, before any conversion', () => {
    const { value: page, warnings } = classified(FAMILY_WIDE);
    expect(warnings).toEqual([]);
    const levels = [...page.levels].map((s) => page.facts.get(s)!.title);
    expect(levels).toEqual(['Junior Data Analyst', 'Senior Data Analyst']);
    expect([...page.familyWide].map((s) => page.facts.get(s)!.title)).toEqual(['Data Analyst']);
    expect(page.implicitLevel).toBeNull();
    expect(page.bullet).toBe('*');
    expect(page.facts.get(headed(page.root, 'Senior Data Analyst Job Grade'))!.keyword).toEqual({ kind: 'grade', prefix: 'Senior Data Analyst' });
  });

  it('gives a page without level sections one implicit level, titled by its grade sentence', () => {
    const { value: page } = classified('Intro.\n\n## Job Grade\n\nThe Staff Writer is a grade 6.\n\n## Responsibilities\n\n- Write\n\n## Benefits\n\nSee the page.\n');
    expect(page.levels.size).toBe(0);
    expect(page.implicitLevel).toMatchObject({ from: 1, to: 2, title: 'Staff Writer' });
  });

  it('finds no levels on a split family page: its levels are other pages', () => {
    expect(classified(FAMILY_WIDE, 'Data Analyst', 'index').value.levels.size).toBe(0);
  });
});

describe('the converter', () => {
  it('returns the verbatim fallback as a warning value and keeps no state between calls', () => {
    const { value: page } = classified(FAMILY_WIDE);
    const frontMatter = { title: 'Data Analyst' } as FrontMatter;
    const first = convertPage('analyst.md', page, frontMatter, [], grades);
    const second = convertPage('analyst.md', page, { ...frontMatter }, [], grades);
    expect(second).toEqual(first);
    expect(first.warnings.map((w) => [w.code, w.line])).toEqual([['import-verbatim', 28]]);
    const { family, sourceLines } = first.value;
    expect(family.levels.map((l) => [l.id, l.grade])).toEqual([['junior-data-analyst', 5], ['senior-data-analyst', 7]]);
    expect(family.levels[1]!.extends).toEqual({ responsibilities: 'junior-data-analyst' });
    expect(family.responsibilities).toEqual(['Shared duty']);
    expect(sourceLines).toEqual({ '/levels/0': 7, '/levels/1': 17 });
  });

  it('is what importPage runs: the same family and warnings', () => {
    const { value: page } = classified(FAMILY_WIDE);
    const converted = convertPage('analyst.md', page, { title: 'Data Analyst' } as FrontMatter, [], grades);
    const whole = importPage('analyst.md', `---\ntitle: Data Analyst\n---\n\n${FAMILY_WIDE}`, grades);
    expect(whole.family.levels).toEqual(converted.value.family.levels);
    expect(whole.warnings.map((w) => w.code)).toEqual(converted.warnings.map((w) => w.code));
  });
});
