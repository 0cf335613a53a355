// `jobfam bot` without GitLab: the Quick start's dry run. The handbook is taken to be what the families
// at a git revision render to, so the plan shows exactly the MRs the working tree's changes would open.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { createBotGitRepo } from './helpers/bot-git.ts';
import { jobfam } from './helpers/cli.ts';

/**
 * `jobfam ARGS` through main() in this process, with no variable but PATH and HOME (as `jobfam` with
 * clean: true gives the bin). The first case and the usage error run the shipped bin; the reruns of
 * the second case call main() and spare a Node start-up each.
 */
async function jobfamInProcess(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(args, { PATH: process.env.PATH, HOME: process.env.HOME }, { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

const FAMILY = 'job-families/sales/sales-systems-leadership.yml';

describe('jobfam bot offline', { timeout: 60_000 }, () => {
  it('with nothing changed since HEAD, every family is unchanged', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    const run = await jobfam(['bot'], repo.dir, {}, { clean: true });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('offline dry run against the pages the families at HEAD render to');
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 5 unchanged (dry run: nothing was written).');
  });

  it('a grade edited in the working tree is planned as one MR with the grade table; --published names the base', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    const file = path.join(repo.dir, FAMILY);
    await writeFile(file, (await readFile(file, 'utf8')).replace('grade: 8', 'grade: 9'));
    const run = await jobfamInProcess(['bot'], repo.dir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('would create MR "Job family Sales Systems Leadership: grade" on jobfam/sales-systems-leadership');
    expect(run.stdout).toContain('| Manager, Sales Systems | Grade | 8 (Staff / Manager) | 9 (Principal / Senior Manager) |');
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 4 unchanged, 1 would create (dry run: nothing was written).');

    await repo.commit('raise a grade');
    const rerun = await jobfamInProcess(['bot', '--published', 'HEAD~1'], repo.dir);
    expect(rerun.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 4 unchanged, 1 would create (dry run: nothing was written).');
    expect((await jobfamInProcess(['bot'], repo.dir)).stdout.split('\n').at(-1)).toContain('5 unchanged');
  });

  it('an unknown revision is a usage error', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    const run = await jobfam(['bot', '--published', 'no-such-branch'], repo.dir, {}, { clean: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no-such-branch is not a commit');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
