// The standard-layout pages of the bundled families pass markdownlint-cli2 with the GitLab handbook's
// rules: the handbook's pipeline lints every MR the bot opens, so a page that fails would block it.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import { renderMarkdown } from '../scripts/lib/render/markdown.ts';
import { createMarkdownTemplates } from '../scripts/lib/render/templates.ts';
import { PAY_BANDS_OUTPUT } from '../scripts/lib/model/paths.ts';
import { renderPayBandsPage } from '../scripts/lib/render/pay-bands-page.ts';
import { prepareHandbook } from '../scripts/lib/prepare.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { familiesDir, repoRoot, templatesDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const CONFIG = path.join(repoRoot, 'tests/fixtures/markdownlint/gitlab-handbook.markdownlint.yaml');
const lint = (cwd: string, globs: string[]) =>
  execa('node', [path.join(repoRoot, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), '--config', CONFIG, ...globs], { cwd, reject: false });

async function standardLayoutPages(dir: string): Promise<string[]> {
  const validation = validateFamilies(await readFamilies([familiesDir], repoRoot));
  expect(validation.families.length).toBeGreaterThan(0);
  const templates = createMarkdownTemplates(await readTemplates(templatesDir));
  // Without `handbook:` every family gets the standard layout, the one the bot's pages use for new families.
  const families = validation.families.map((f) => {
    const { handbook: _layout, ...content } = f.family;
    return { relativePath: f.source.relativePath, family: content as JobFamily };
  });
  const outputs = renderMarkdown(families, validation.grades, templates);
  // The pay-bands page too: the bot opens MRs with it, and the handbook's pipeline lints those.
  const { model } = prepareHandbook(await readFamilies([familiesDir], repoRoot), { today: null });
  outputs.push({ path: PAY_BANDS_OUTPUT, content: renderPayBandsPage(templates, model!.pay!.compensation!, validation.grades) });
  for (const output of outputs) {
    const file = path.join(dir, output.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, output.content);
  }
  return outputs.map((o) => o.path);
}

describe('markdownlint with the GitLab handbook rules', { timeout: 60_000 }, () => {
  it('passes on the standard-layout page of every bundled family', async () => {
    const dir = await testdir();
    const pages = await standardLayoutPages(dir);
    const run = await lint(dir, pages.map((p) => `:${p}`));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Linting: ${pages.length} file(s)`);
  });

  it('is strict enough to fail a page that breaks the rules', async () => {
    const dir = await testdir({
      'bad.md': '---\ntitle: Bad\n---\n\nSetext heading\n==============\n\n## Trailing colon:\n\n    indented code\n\n***\n',
    });
    const run = await lint(dir, [':bad.md']);
    expect(run.exitCode).toBe(1);
    for (const rule of ['MD003', 'MD026', 'MD046', 'MD035']) expect(run.stderr).toContain(rule);
  });
});
