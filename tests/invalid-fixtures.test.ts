// Golden tests for the user-facing diagnostics. Every directory under tests/fixtures/invalid/ holds a
// small, realistic family with exactly one defect and, in expected.txt, the exact diagnostic lines
// (with hints) that `jobfam validate tests/fixtures/invalid/<defect>` prints to stderr, minus the
// summary line. tests/fixtures/invalid/ is itself a families root (_grades.yml, _config.yml).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { DIAGNOSTICS, formatDiagnostic } from '../scripts/lib/errors.ts';
import { type Diagnostic } from '../scripts/lib/types.ts';
import { hasErrors } from '../scripts/lib/validate/index.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** As the user types it, relative to the repository root, where the CLI and the goldens run. */
const FIXTURES = 'tests/fixtures/invalid';

const defects = readdirSync(path.join(repoRoot, FIXTURES), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const fixtureDir = (defect: string) => `${FIXTURES}/${defect}`;
const expectedFile = (defect: string) => path.join(repoRoot, FIXTURES, defect, 'expected.txt');
const readExpected = (defect: string) => readFileSync(expectedFile(defect), 'utf8');

/** Paths as printed on a POSIX system, so goldens compare the same on every platform. */
const format = (d: Diagnostic) => formatDiagnostic({ ...d, file: d.file.split(path.sep).join('/') });

async function diagnosticsOf(dir: string): Promise<Diagnostic[]> {
  return (await validatePaths([dir], repoRoot)).diagnostics;
}

/** Lines of a text file, without the empty string after a final newline. */
function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

const DIAGNOSTIC_LINE = /^(?<file>\S+):(?<line>\d+):(?<column>\d+) {2}(?<severity>error|warning) {2}(?<code>\S+) {2}\S/;

describe('invalid fixtures', () => {
  it('has at least 18 fixtures, each with a golden', () => {
    expect(defects.length).toBeGreaterThanOrEqual(18);
    expect(defects.filter((d) => !existsSync(expectedFile(d)))).toEqual([]);
  });

  it.each(defects)('%s: the diagnostics match expected.txt exactly', async (defect) => {
    const actual = (await diagnosticsOf(fixtureDir(defect))).map(format).join('\n');
    expect(`${actual}\n`).toBe(readExpected(defect));
  });

  it.each(defects)('%s: validation reports at least one error', async (defect) => {
    const diagnostics = await diagnosticsOf(fixtureDir(defect));
    expect(hasErrors(diagnostics)).toBe(true);
  });

  it.each(defects)('%s: expected.txt is diagnostic/hint pairs pointing at real positions in the fixture', (defect) => {
    const lines = linesOf(readExpected(defect));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length % 2).toBe(0);
    for (let i = 0; i < lines.length; i += 2) {
      const match = DIAGNOSTIC_LINE.exec(lines[i]!);
      expect(match, `not a diagnostic line: ${lines[i]}`).not.toBeNull();
      expect(lines[i + 1]).toMatch(/^ {2}hint: \S/);
      const { file, line, column, code } = match!.groups!;
      expect(Object.keys(DIAGNOSTICS)).toContain(code);
      expect(file!.startsWith(`${fixtureDir(defect)}/`), `${file} is outside ${fixtureDir(defect)}`).toBe(true);
      const source = linesOf(readFileSync(path.join(repoRoot, file!), 'utf8'));
      const [row, col] = [Number(line), Number(column)];
      expect(row).toBeGreaterThanOrEqual(1);
      expect(row, `${file}:${row} is past the last line`).toBeLessThanOrEqual(source.length);
      const text = source[row - 1]!;
      expect(col).toBeGreaterThanOrEqual(1);
      expect(col, `${file}:${row}:${col} is past the end of the line`).toBeLessThanOrEqual(text.length);
      // Outside YAML syntax errors (a tab is itself the offending character) a position names a node.
      if (code !== 'yaml-syntax') expect(text[col - 1], `${file}:${row}:${col} points at blank space`).toMatch(/\S/);
    }
  });

  it('validating the whole fixtures root gives exactly the union of the per-fixture diagnostics', async () => {
    // Also proves the fixtures do not interfere: every family slug is unique except where that is the defect.
    const whole = (await diagnosticsOf(FIXTURES)).map(format);
    const parts = (await Promise.all(defects.map((d) => diagnosticsOf(fixtureDir(d))))).flat().map(format);
    expect(whole.sort()).toEqual(parts.sort());
  });
});

describe('invalid fixtures through the CLI', () => {
  const samples = ['yaml-syntax-tab-indentation', 'schema-unknown-key-typo', 'family-slug-duplicate', 'outline-field-scope'];

  it.concurrent.each(samples)(
    '%s: `jobfam validate` prints the golden and a summary to stderr and exits 1',
    async (defect) => {
      const result = await execa('node', ['scripts/jobfam.mjs', 'validate', fixtureDir(defect)], { cwd: repoRoot, reject: false });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n');
      expect(`${lines.slice(0, -1).join('\n')}\n`).toBe(readExpected(defect));
      expect(lines.at(-1)).toMatch(/^[1-9]\d* errors?, \d+ warnings? in [1-9]\d* files?$/);
    },
    30_000,
  );

  it('`jobfam validate` exits 1 on the whole fixtures root', async () => {
    const result = await execa('node', ['scripts/jobfam.mjs', 'validate', FIXTURES], { cwd: repoRoot, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n').at(-1)).toMatch(/^[1-9]\d* errors?, 0 warnings in \d+ files$/);
  }, 30_000);
});
