// `jobfam validate` reads and checks one family file at a time and keeps only a skeleton of each
// (validate/compact-family.ts), so memory stays flat in the number of families. These tests prove the
// compact run finds exactly what the full one finds, and that it lets go of the files' text.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { familiesDir, repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const both = async (paths: string[], cwd: string) => ({
  full: await validatePaths(paths, cwd, { JOBFAM_TODAY: '2026-12-01' }),
  compact: await validatePaths(paths, cwd, { JOBFAM_TODAY: '2026-12-01' }, {}, { compact: true }),
});

describe('compact validation', () => {
  it('finds the same diagnostics as the full one on the invalid fixtures and the bundled families', async () => {
    for (const dir of ['tests/fixtures/invalid', path.relative(repoRoot, familiesDir)]) {
      const { full, compact } = await both([dir], repoRoot);
      expect(full.diagnostics.length).toBeGreaterThan(0);
      expect(compact.diagnostics).toEqual(full.diagnostics);
      expect(compact.families.map((f) => f.slug)).toEqual(full.families.map((f) => f.slug));
      // The reports fingerprint diagnostics from the text: files with diagnostics keep it.
      const located = new Set(full.diagnostics.map((d) => d.file));
      for (const [i, source] of compact.input.families.entries()) {
        expect(source.text).toBe(located.has(source.path) ? full.input.families[i]!.text : '');
      }
    }
  });

  it('locates an output path claimed twice from the positions it kept, like the full run', async () => {
    const dir = await testdir();
    await cp(familiesDir, path.join(dir, 'families'), { recursive: true });
    const file = path.join(dir, 'families/sales/sales-operations.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^handbook:\n/m, 'handbook:\n  file: sales-management\n'));
    const { full, compact } = await both(['families'], dir);
    const claimed = compact.diagnostics.filter((d) => d.code === 'output-path-claimed');
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.line).toBeGreaterThan(1);
    expect(compact.diagnostics).toEqual(full.diagnostics);
  });

  it('keeps no text and no prose of a valid family', async () => {
    const { compact } = await both([path.relative(repoRoot, familiesDir)], repoRoot);
    for (const { source, family } of compact.families) {
      expect(source.text).toBe('');
      expect(family.intro).toBeNull();
      for (const entry of [family, ...family.levels, ...family.specialties]) {
        expect(entry.responsibilities).toEqual([]);
        expect(entry.requirements).toEqual([]);
      }
      expect(family.levels.every((l) => l.id && l.title)).toBe(true);
    }
  });

  it('retains a small fraction of the text it read (no string slices of the files kept alive)', async () => {
    const dir = await testdir();
    let bytes = 0;
    for (const [name, content] of Object.entries(syntheticFamilies(1200))) {
      await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
      await writeFile(path.join(dir, 'fam', name), content);
      bytes += Buffer.byteLength(content);
    }
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const result = await validatePaths(['fam'], dir, {}, {}, { compact: true });
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(result.files).toBeGreaterThan(100);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The families' skeletons are a few per cent of their text; keeping the slices would retain all of it.
    expect(retained).toBeLessThan(bytes * 0.35);
  });
});
