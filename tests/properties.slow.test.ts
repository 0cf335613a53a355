// Property-based tests (fast-check, seeded and bounded so the suite stays fast and every failure
// replays): random mutations of the bundled families and of the real handbook pages in
// ../shared/handbook-pages*/ never make validate, import, render or build throw; whatever validate
// accepts, build builds; whatever fails leaves the output folder exactly as it was.
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILD_STAGES, buildAll, importPages, pdfStage, renderFamilies, validatePaths } from '../scripts/lib/commands.ts';
import { hasErrors } from '../scripts/lib/validate/index.ts';
import { jobfam } from './helpers/cli.ts';
import { familiesDir, sharedDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { snapshot } from './helpers/snapshot.ts';

/** Seeds and run counts, named in the README's promises: change them only on purpose. */
export const PROPERTY_RUNS = { seed: 20261207, families: 150, pages: 100 } as const;

const ENV = { JOBFAM_TODAY: '2026-12-01', SOURCE_DATE_EPOCH: '1764547200' };
const WITHOUT_PDFS = BUILD_STAGES.filter((stage) => stage !== pdfStage);

/** Characters that matter to YAML and markdown, plus a few that matter to readers (NUL, U+FFFD, BOM, CR). */
const HOSTILE = ['-', ':', ' ', '\n', '[', ']', '{', '}', '!', '!!binary ', '&a ', '*a', '|', '>', '#', "'", '"', '\t', '---\n', '\u0000', '\uFFFD', '\uFEFF', '\r', '%', '@', '`', '<a href="javascript:x">', '- - - - ', 'x', '9'];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'indent'; at: number; by: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const lines = out.split('\n');
    const line = m.at % Math.max(1, lines.length);
    switch (m.kind) {
      case 'insert': {
        const at = m.at % (out.length + 1);
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      }
      case 'delete-line':
        lines.splice(line, 1);
        out = lines.join('\n');
        break;
      case 'duplicate-line':
        lines.splice(line, 0, lines[line] ?? '');
        out = lines.join('\n');
        break;
      case 'swap-lines': {
        const other = m.other % Math.max(1, lines.length);
        [lines[line], lines[other]] = [lines[other] ?? '', lines[line] ?? ''];
        out = lines.join('\n');
        break;
      }
      case 'truncate':
        out = out.slice(0, m.at % (out.length + 1));
        break;
      case 'indent':
        lines[line] = m.by >= 0 ? ' '.repeat(m.by) + (lines[line] ?? '') : (lines[line] ?? '').replace(new RegExp(`^ {0,${-m.by}}`), '');
        out = lines.join('\n');
        break;
    }
  }
  return out;
}

const familyFiles = readdirSync(familiesDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => path.relative(familiesDir, path.join(e.parentPath, e.name)))
  .sort();

const pageFiles = ['handbook-pages', 'handbook-pages-2']
  .map((d) => path.join(sharedDir, d))
  .filter((d) => existsSync(d))
  .flatMap((d) => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md') && e.name !== 'SOURCES.md').map((e) => path.join(e.parentPath, e.name)))
  .sort();

describe('mutated families', () => {
  it(`never make validate, render or build throw; what validate accepts builds, what it refuses publishes nothing (seed ${PROPERTY_RUNS.seed}, ${PROPERTY_RUNS.families} runs)`, async () => {
    const dir = await testdir();
    cpSync(familiesDir, path.join(dir, 'fam'), { recursive: true });
    // A previous output, built from the unmutated families: failures must leave it byte for byte.
    const first = await buildAll({ familiesDir: 'fam', outDir: 'public' }, dir, ENV, WITHOUT_PDFS);
    expect(first.published).toBe(true);
    const counts = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...familyFiles), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (file, mutations) => {
        const original = readFileSync(path.join(familiesDir, file), 'utf8');
        const target = path.join(dir, 'fam', file);
        await writeFile(target, mutate(original, mutations));
        try {
          const before = await snapshot(path.join(dir, 'public'));
          const validation = await validatePaths(['fam'], dir, ENV);
          const build = await buildAll({ familiesDir: 'fam', outDir: 'public' }, dir, ENV, WITHOUT_PDFS);
          if (hasErrors(validation.diagnostics)) {
            counts.refused++;
            expect(build.published).toBe(false);
            expect(await snapshot(path.join(dir, 'public'))).toEqual(before);
            const render = await renderFamilies({ familiesDir: 'fam', outDir: 'public' }, dir);
            expect(hasErrors(render.diagnostics)).toBe(true);
            expect(await snapshot(path.join(dir, 'public'))).toEqual(before);
          } else {
            counts.accepted++;
            expect(build.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            expect(build.published).toBe(true);
            expect(build.stages.map((s) => s.stage)).toEqual(['handbook', 'postings', 'site']);
          }
          expect(readdirSync(dir).sort()).toEqual(['fam', 'public']);
        } finally {
          await writeFile(target, original);
        }
      }),
      { seed: PROPERTY_RUNS.seed, numRuns: PROPERTY_RUNS.families, endOnFailure: true },
    );
    // The generator must exercise both sides, or the property proves little.
    expect(counts.accepted).toBeGreaterThan(10);
    expect(counts.refused).toBeGreaterThan(10);
  }, 240_000);

  it('one accepted mutation builds with its offer packets too (Chromium)', async () => {
    const dir = await testdir();
    cpSync(familiesDir, path.join(dir, 'fam'), { recursive: true });
    const file = path.join(dir, 'fam', familyFiles.find((f) => !f.startsWith('_'))!);
    // A mutation validate accepts: a requirement with characters that matter to HTML and markdown.
    const text = readFileSync(file, 'utf8').replace(/(requirements:\n(\s+)- )/, '$1<b>&amp; [x](#y) *a* \uFFFD</b>\n$2- ');
    await writeFile(file, text);
    expect(hasErrors((await validatePaths(['fam'], dir, ENV)).diagnostics)).toBe(false);
    // Through the bin: the PDF stage needs Node's own module resolution, which vitest's transform lacks.
    const build = await jobfam(['build', '--families', 'fam', '--out', 'public'], dir, ENV);
    expect(build.exitCode, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/ error /);
    expect((await snapshot(path.join(dir, 'public'))).filter((l) => l.includes('.pdf ')).length).toBeGreaterThan(0);
  }, 120_000);
});

describe('mutated handbook pages', () => {
  it.skipIf(pageFiles.length === 0)(`never make import or the render of what it wrote throw (seed ${PROPERTY_RUNS.seed}, ${PROPERTY_RUNS.pages} runs)`, async () => {
    const dir = await testdir();
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pageFiles), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (page, mutations) => {
        const work = path.join(dir, 'run');
        await rm(work, { recursive: true, force: true });
        await mkdir(path.join(work, 'pages'), { recursive: true });
        await writeFile(path.join(work, 'pages', path.basename(page)), mutate(readFileSync(page, 'utf8'), mutations));
        const result = await importPages(['pages'], 'fam', work);
        if (result.outputs.length === 0) return;
        imported++;
        // Import writes only families valid in the directory they land in: they must render.
        const render = await renderFamilies({ familiesDir: 'fam', outDir: 'public' }, work);
        expect(render.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { seed: PROPERTY_RUNS.seed, numRuns: PROPERTY_RUNS.pages, endOnFailure: true },
    );
    expect(imported).toBeGreaterThan(10);
  }, 240_000);
});
