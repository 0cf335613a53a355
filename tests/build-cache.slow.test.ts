// The build cache with the PDF stage and a real Chromium: a build with nothing changed starts no
// browser and prints nothing; a PDF changed on disk since the last build is printed again (its hash is
// trusted from the manifest only while its inode, size and mtime are what the last build recorded).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll } from '../scripts/lib/commands.ts';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { testdir } from './helpers/testdir.ts';

const ENV = { SOURCE_DATE_EPOCH: '1764547200', JOBFAM_TODAY: '2026-12-01' };

describe('jobfam build with PDFs, built twice', () => {
  it('prints nothing when nothing changed, and prints again a PDF edited since the last build', async () => {
    const dir = await testdir();
    for (const [name, content] of Object.entries(syntheticFamilies(12))) {
      await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
      await writeFile(path.join(dir, 'fam', name), content);
    }
    const build = () => buildAll({ familiesDir: 'fam', outDir: 'out' }, dir, ENV);
    const first = await build();
    expect(first.published, JSON.stringify(first.diagnostics)).toBe(true);
    expect(first.stages.find((s) => s.stage === 'pdf')!.summary).toMatch(/^rendered 12, skipped 0/);

    const none = await build();
    expect(none.unchanged).toBe(true);
    expect(none.stages.find((s) => s.stage === 'pdf')!.summary).toMatch(/^unchanged since the last build/);

    const pdfs = (await readdir(path.join(dir, 'out/pdf'), { recursive: true })).filter((f) => f.endsWith('.pdf')).sort();
    expect(pdfs).toHaveLength(12);
    const target = path.join(dir, 'out/pdf', pdfs[0]!);
    const original = await readFile(target);
    await writeFile(target, Buffer.concat([original.subarray(0, original.length - 10), Buffer.from('0123456789')])); // same size, new bytes
    const again = await build();
    expect(again.unchanged).toBe(false);
    expect(again.stages.find((s) => s.stage === 'pdf')!.summary).toMatch(/^rendered 1, skipped 11/);
    expect((await readFile(target)).equals(original)).toBe(true);
  }, 120_000);
});
