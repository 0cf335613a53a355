// Hostile input never crashes validate or import: each gets one located diagnostic with a code, the
// command exits 1, and no stack trace is printed. The goldens are the exact lines a user sees.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { byLocation, formatDiagnostic } from '../scripts/lib/errors.ts';
import { runImport as importPages } from '../scripts/lib/import/run-import.ts';
import { type Diagnostic } from '../scripts/lib/types.ts';
import { familiesDir } from './helpers/paths.ts';
import { HOSTILE_PAGES, HOSTILE_YAML } from './helpers/hostile-files.ts';
import { testdir } from './helpers/testdir.ts';
import { jobfam } from './helpers/cli.ts';

async function dirWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await testdir();
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** Diagnostic lines (with hints) as printed, without the summary. */
const diagnosticLines = (stderr: string) => stderr.split('\n').filter((line) => /^\S+:\d+:\d+ {2}(error|warning)|^ {2}hint:/.test(line));

const VALIDATE_GOLDEN: Record<string, string[]> = {
  'alias-bomb.yml': [
    'alias-bomb.yml:2:10  error  yaml-alias-bomb  The YAML expands its aliases (*name) more than 100 times, so reading it would take unbounded memory ("billion laughs").',
    '  hint: Write the values out instead of nesting aliases of aliases; family files need no aliases.',
  ],
  'binary.yml': [
    'binary.yml:1:8  error  file-binary  The file is not text: it contains NUL bytes.',
    '  hint: Family files and handbook pages are UTF-8 text; check that this is the file you meant.',
  ],
  'too-large.yml': [
    'too-large.yml:1:1  error  file-too-large  The file is larger than the 1 MiB limit; it was not read.',
    '  hint: A family file or handbook page is a few kilobytes: check that this is the file you meant, or split it.',
  ],
  'deep-flow.yml': [
    'deep-flow.yml:2:73  error  file-too-deep  The content is nested more than 64 levels deep, deeper than jobfam reads.',
    '  hint: Flatten the nesting; real family files and pages are a handful of levels deep.',
  ],
  'deep-block.yml': [
    'deep-block.yml:67:129  error  file-too-deep  The content is nested more than 64 levels deep, deeper than jobfam reads.',
    '  hint: Flatten the nesting; real family files and pages are a handful of levels deep.',
  ],
  'empty.yml': [
    'empty.yml:1:1  error  yaml-not-a-mapping  The file holds no data (it is empty or only comments), not a mapping of keys to values.',
    '  hint: A family file starts with keys such as `frontMatter:` and `levels:`.',
  ],
};

const IMPORT_GOLDEN: Record<string, string[]> = {
  'alias-bomb.md': [
    'alias-bomb.md:4:10  error  yaml-alias-bomb  The YAML expands its aliases (*name) more than 100 times, so reading it would take unbounded memory ("billion laughs").',
    '  hint: Write the values out instead of nesting aliases of aliases; family files need no aliases.',
  ],
  'binary.md': [
    'binary.md:3:1  error  file-binary  The file is not text: it contains NUL bytes.',
    '  hint: Family files and handbook pages are UTF-8 text; check that this is the file you meant.',
  ],
  'too-large.md': [
    'too-large.md:1:1  error  file-too-large  The file is larger than the 1 MiB limit; it was not read.',
    '  hint: A family file or handbook page is a few kilobytes: check that this is the file you meant, or split it.',
  ],
  'deep-list.md': [
    'deep-list.md:23:1  error  file-too-deep  The content is nested more than 64 levels deep, deeper than jobfam reads.',
    '  hint: Flatten the nesting; real family files and pages are a handful of levels deep.',
  ],
  'empty.md': [
    'empty.md:1:1  error  page-empty  empty.md is empty: it has no front matter and no content to import.',
    '  hint: Import a handbook page with a title and job content, or remove the file from the command.',
  ],
};

/** As the CLI prints them, relative to `dir`. */
const printed = (diagnostics: readonly Diagnostic[]) => [...diagnostics].sort(byLocation).flatMap((d) => formatDiagnostic(d).split('\n'));

describe('validate on hostile YAML', () => {
  it.each(Object.keys(HOSTILE_YAML))('%s: one located diagnostic with a code', async (name) => {
    const dir = await dirWith({ [name]: HOSTILE_YAML[name]!, '_grades.yml': await readFile(path.join(familiesDir, '_grades.yml')) });
    const result = await validatePaths(['.'], dir);
    expect(printed(result.diagnostics)).toEqual(VALIDATE_GOLDEN[name]);
  });
});

describe('import on hostile pages', () => {
  it.each(Object.keys(HOSTILE_PAGES))('%s: one located diagnostic with a code, nothing written for it', async (name) => {
    const dir = await dirWith({ [name]: HOSTILE_PAGES[name]! });
    const result = await importPages([name], 'fams', dir);
    expect(printed(result.diagnostics)).toEqual(IMPORT_GOLDEN[name]);
    expect(result.outputs).toEqual([]);
  });
});

describe('through the CLI', () => {
  it('validate exits 1 with every golden and no stack trace', async () => {
    const dir = await dirWith({ ...HOSTILE_YAML, '_grades.yml': await readFile(path.join(familiesDir, '_grades.yml')) });
    const run = await jobfam(['validate', '.'], dir);
    expect(run.exitCode).toBe(1);
    expect(diagnosticLines(run.stderr)).toEqual(Object.keys(HOSTILE_YAML).sort().flatMap((name) => VALIDATE_GOLDEN[name]!));
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  });

  it('import exits 1 with every golden, no stack trace, and still writes the good page beside them', async () => {
    const good = '---\ntitle: Good\n---\n\n## Responsibilities\n\n- Ship it\n';
    const dir = await dirWith({ ...HOSTILE_PAGES, 'good.md': good });
    const run = await jobfam(['import', '.', '--out', 'fams'], dir);
    expect(run.exitCode).toBe(1);
    expect(diagnosticLines(run.stderr)).toEqual(Object.keys(HOSTILE_PAGES).sort().flatMap((name) => IMPORT_GOLDEN[name]!));
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(await readFile(path.join(dir, 'fams/good.yml'), 'utf8')).toContain('- Ship it');
  });
});
