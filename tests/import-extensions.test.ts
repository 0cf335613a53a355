// Issue 17 class 4 for the extension: every imported page renders back to the exact path it came from,
// including a Middleman-era `.md.erb` page (fixtures written for this test, in the style of real pages).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planImport, type PageInput } from '../scripts/lib/import/plan-import.ts';
import { familyToYaml } from '../scripts/lib/import/to-yaml.ts';
import { renderMarkdown } from '../scripts/lib/render/markdown.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { grades, templates } from './helpers/pages.ts';
import { familiesDir } from './helpers/paths.ts';

const root = path.join(import.meta.dirname, 'fixtures/import-extensions/pages');
const pages: PageInput[] = readdirSync(root, { recursive: true })
  .map((p) => String(p).split(path.sep).join('/'))
  .filter((p) => /\.md(\.erb)?$/.test(p))
  .sort()
  .map((p) => ({ file: `pages/${p}`, folder: path.posix.dirname(p), name: path.posix.basename(p), named: false, text: readFileSync(path.join(root, p), 'utf8') }));
const plan = planImport(pages, grades);
const gradesSource = { path: '_grades.yml', relativePath: '_grades.yml', text: readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8') };
const validate = (files: { path: string; text: string }[]) =>
  validateFamilies({ root: '.', families: files.map((f) => ({ ...f, relativePath: f.path })), grades: gradesSource, config: null });

describe('a page renders back to the path it came from, extension and all', () => {
  it('imports every fixture page, nothing dropped', () => {
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.families.map((f) => f.path)).toEqual(['data/data.yml', 'field/territory-manager.yml', 'legacy/partner-engineer/partner-engineer.yml']);
    expect(plan.families.flatMap((f) => f.sources).length).toBe(pages.length);
  });

  it.each(pages.map((p) => `${p.folder}/${p.name}`))('%s comes back at its own path with its own text', (source) => {
    const planned = plan.families.find((f) => f.sources.some((s) => `${s.folder}/${s.name}` === source))!;
    const outputs = renderMarkdown([{ relativePath: planned.path, family: planned.family }], grades, templates);
    const output = outputs.find((o) => o.path === `handbook/${source}`);
    expect(output, outputs.map((o) => o.path).join(', ')).toBeDefined();
    expect(String(output!.content)).toBe(pages.find((p) => `${p.folder}/${p.name}` === source)!.text);
  });

  it('says so in the layout only where the extension is not .md, and the YAML validates', () => {
    const layouts = plan.families.map((f) => [f.path, f.family.handbook?.file, f.family.handbook?.extension, f.family.handbook?.pages?.map((p) => [p.file, p.extension])]);
    expect(layouts).toEqual([
      ['data/data.yml', '_index', undefined, [['associate', undefined], ['senior', '.md.erb']]],
      ['field/territory-manager.yml', undefined, '.md.erb', undefined],
      ['legacy/partner-engineer/partner-engineer.yml', 'index.html', '.md.erb', undefined],
    ]);
    const files = plan.families.map((f) => ({ path: f.path, text: familyToYaml(f.family, 'job-family.schema.json') }));
    expect(files[1]!.text).toMatch(/^ {2}extension: \.md\.erb$/m);
    const result = validate(files);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The model claims the same paths render writes.
    const model = buildHandbook(result);
    expect(model.families.flatMap((f) => f.handbookPages).sort()).toEqual(pages.map((p) => `handbook/${p.folder}/${p.name}`).sort());
  });

  it('an extension that is not a markdown one, or would leave the folder, is a located schema error', () => {
    const yaml = familyToYaml(plan.families[1]!.family, 'job-family.schema.json');
    for (const bad of ['.html', '/../../x.md', '.md.erb.sh']) {
      const result = validate([{ path: 'field/territory-manager.yml', text: yaml.replace('extension: .md.erb', `extension: ${bad}`) }]);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length, bad).toBeGreaterThan(0);
      expect(errors[0]!.line, bad).toBe(yaml.split('\n').findIndex((l) => l.includes('extension:')) + 1);
    }
  });
});
