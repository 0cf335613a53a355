// A change to _compensation.yml is a change kind of its own for `jobfam diff` (pay-band): the band as
// reviewers read it, with the levels and openings it reaches. Real git repository, CLI in process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { reviewKindsOf } from '../scripts/lib/diff/describe-changes.ts';
import type { Change } from '../scripts/lib/changes.ts';
import { createBotGitRepo } from './helpers/bot-git.ts';
import { familiesDir } from './helpers/paths.ts';

async function jobfamHere(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(args, {}, { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

const BANDS = readFileSync(path.join(familiesDir, '_compensation.yml'), 'utf8');

describe('jobfam diff on a band change', () => {
  it('names the band before and after and what it reaches, as a pay-band change', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    expect(BANDS).toContain('{ grade: 8, min: 128000, max: 192000 }');
    await repo.write({ 'job-families/_compensation.yml': BANDS.replace('{ grade: 8, min: 128000, max: 192000 }', '{ grade: 8, min: 132000, max: 198000 }').replace('factor: 0.9', 'factor: 0.92') });
    const text = await jobfamHere(['diff', '--from', repo.base], repo.dir);
    expect(text.exitCode).toBe(0); // stderr: the house rules' warnings about the families' text
    // Grade 8: Manager, Sales Systems and Associate Area Sales Manager; opening REQ-2026-0417. The zone: every graded level (10).
    expect(text.stdout).toBe(
      [
        'Pay bands (_compensation.yml)',
        '  Band for grade 8: 128,000 - 192,000 USD → 132,000 - 198,000 USD; affects 2 levels and 1 opening',
        '  Zone us: US, factor 0.9 → US, factor 0.92; affects 10 levels and 4 openings',
      ].join('\n'),
    );
    const json = await jobfamHere(['diff', '--from', repo.base, '--format', 'json'], repo.dir);
    const changes = (JSON.parse(json.stdout) as { changes: Change[] }).changes;
    expect(changes.map(reviewKindsOf)).toEqual([['pay-band'], ['pay-band']]);
    expect(changes[0]).toMatchObject({ kind: 'pay-band-changed', zone: null, grade: 8, levels: 2, openings: 1 });
    // Named too (the bot's MR lists them): "Family: Level" and requisition ids.
    expect(changes[0]).toMatchObject({
      reached: { levels: ['Sales Management: Associate Area Sales Manager', 'Sales Systems Leadership: Manager, Sales Systems'], openings: ['REQ-2026-0417'] },
    });
  });

  it('an unchanged _compensation.yml gives no pay-band change', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    const run = await jobfamHere(['diff', '--from', repo.base], repo.dir);
    expect(run.stdout).not.toContain('Pay bands');
  });
});
