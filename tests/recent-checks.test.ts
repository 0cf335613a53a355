// validateFamilies remembers the last family files it checked whole, by content (validate/index.ts,
// recentChecks): `jobfam bot` checks two revisions whose files are mostly the same. A file checked
// again gives what checking it gives, whatever a caller did with the earlier result, and a change to
// the shared files or the options is a new check.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { repoRoot } from './helpers/paths.ts';

const bundled = () => readFamilies([path.join(repoRoot, 'job-families')], repoRoot);

describe('a family file checked again in one process', () => {
  it('gives the same result, whatever a caller did with the first one', async () => {
    const input = await bundled();
    const first = validateFamilies(input, { today: '2026-12-01' });
    expect(first.families.length).toBeGreaterThanOrEqual(5);
    const expected = structuredClone(first);
    // A caller that changes what it got (the model may not, but nothing relies on that here).
    for (const file of first.families) {
      file.family.levels.length = 0;
      (file.family as { intro?: string }).intro = 'changed by a caller';
    }
    first.diagnostics.forEach((d) => Object.assign(d, { message: 'changed' }));
    const again = validateFamilies(await bundled(), { today: '2026-12-01' });
    expect(again).toEqual(expected);
    // The families it hands out are its own: the source is the one it was given.
    expect(again.families.every((file) => file.source.text.length > 0)).toBe(true);
  });

  it('is checked anew when the shared files or the options differ', async () => {
    const input = await bundled();
    const plain = validateFamilies(input, { today: '2026-12-01' });
    expect(plain.diagnostics.filter((d) => d.code === 'grade-unknown')).toEqual([]);
    // The same family files against a grade table without grade 9, which levels of several use.
    const grades = { ...input.grades!, text: input.grades!.text.replace(/^ {2}- \{ grade: 9,.*\n/m, '') };
    expect(grades.text).not.toBe(input.grades!.text);
    const fewer = validateFamilies({ ...input, grades }, { today: '2026-12-01' });
    const familyErrors = fewer.diagnostics.filter((d) => d.severity === 'error' && d.file.includes('/sales/'));
    expect(familyErrors.length).toBeGreaterThan(0);
    expect(validateFamilies(input, { today: '2026-12-01' })).toEqual(plain);
  });
});
