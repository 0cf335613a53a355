// `jobfam bot` end to end: the real CLI, real @gitbeaker/rest over HTTP, a strict fake GitLab, a
// real git repo. One storyline, step by step, as a family's change goes through review. The shipped
// bin runs the first steps (nothing to do, the first MR), the dry run and the run without a token
// (exit 3); the steps between run the same command through main() in this process, which proves the
// same requests and the same report without a Node start-up each (~0.7 s of CPU per run, ten runs).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMarker } from '../scripts/lib/bot/describe-merge-request.ts';
import { createBotWorld, TARGET_DIR, type BotWorld } from './helpers/bot-world.ts';

const FAMILY = 'sales/sales-systems-leadership.yml';
const BRANCH = 'jobfam/sales-systems-leadership';
const PAGE = `${TARGET_DIR}/sales/sales-systems-leadership.md`;

let world: BotWorld;
beforeAll(async () => {
  world = await createBotWorld();
});
afterAll(() => world.close());

const lineOf = (stdout: string, family: string) => stdout.split('\n').find((l) => l.startsWith(`${family}:`));
const mrs = () => world.project.mergeRequests;
const writes = () => world.gitlab.writes().map((r) => `${r.method} ${r.path}`);

describe('jobfam bot, one family through review', { timeout: 60_000 }, () => {
  it('does nothing while the handbook matches the YAML', async () => {
    const run = await world.run();
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 5 unchanged.');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('opens one MR with the grade labels and reviewers when a grade changes', async () => {
    world.gitlab.clearLog();
    const sha = await world.edit(FAMILY, (y) => y.replace('grade: 8', 'grade: 9'));
    const run = await world.run();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: created !1');
    expect(run.stdout).toContain('sales/sales-management: unchanged');
    expect(writes()).toEqual(['POST /api/v4/projects/1/repository/commits', 'POST /api/v4/projects/1/merge_requests']);

    expect(mrs()).toHaveLength(1);
    const mr = mrs()[0]!;
    expect(mr).toMatchObject({ iid: 1, state: 'opened', sourceBranch: BRANCH, targetBranch: 'main', title: 'Job family Sales Systems Leadership: grade' });
    expect(mr.labels).toEqual(['job-family', 'bot:jobfam', 'change:grade']);
    expect(mr.reviewerIds).toEqual([world.reviewers.totalRewards.id]);
    expect(mr.description).toContain('| Manager, Sales Systems | Grade | 8 (Staff / Manager) | 9 (Principal / Senior Manager) |');
    expect(parseMarker(mr.description)).toMatchObject({ family: 'sales-systems-leadership', sourceSha: sha });

    // The branch holds the new page in one bot commit on top of the default branch.
    const page = world.gitlab.fileAt(world.project, BRANCH, PAGE)!;
    expect(page).toContain('[grade 9]');
    const head = world.project.commits.get(world.project.branches.get(BRANCH)!)!;
    expect(head.parentIds).toEqual([world.project.branches.get('main')]);
    expect(head.authorEmail).toBe('jobfam-bot@noreply.jobfam.invalid');
    expect(world.gitlab.fileAt(world.project, 'main', PAGE)).not.toBe(page);
  });

  it('sends no write at all when run again with nothing new', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
    // And it never asks for an approval or a merge.
    expect(world.gitlab.log.some((r) => /approve|merge$/.test(r.path))).toBe(false);
  });

  it('updates the same MR in place when a requirement changes later', async () => {
    world.gitlab.clearLog();
    await world.edit(FAMILY, (y) => y.replace('      - BA/BS degree.\n', '      - BA/BS degree or equivalent experience.\n'));
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: updated !1');
    expect(writes()).toEqual(['POST /api/v4/projects/1/repository/commits', 'PUT /api/v4/projects/1/merge_requests/1']);
    expect(mrs()).toHaveLength(1);
    const mr = mrs()[0]!;
    expect(mr.title).toBe('Job family Sales Systems Leadership: grade and requirements');
    expect(mr.labels).toEqual(['job-family', 'bot:jobfam', 'change:grade', 'change:requirements']);
    // The unknown reviewer from the config is warned about and skipped; the known ones are added.
    expect(mr.reviewerIds).toEqual([world.reviewers.totalRewards.id, world.reviewers.recruiting.id]);
    expect(run.stderr).toContain('warning: reviewer "nobody-by-this-name" is not a GitLab user; skipped.');
    expect(mr.description).toContain('| Manager, Sales Systems | Requirement reworded | BA/BS degree. | BA/BS degree or equivalent experience. |');
    expect(world.gitlab.fileAt(world.project, BRANCH, PAGE)).toContain('BA/BS degree or equivalent experience.');
    // Still one bot commit on top of main: the branch was rebuilt, not stacked.
    const head = world.project.commits.get(world.project.branches.get(BRANCH)!)!;
    expect(head.parentIds).toEqual([world.project.branches.get('main')]);
  });

  it('leaves an MR a reviewer closed alone, and sends nothing', async () => {
    world.gitlab.closeAsReviewer(world.project, 1);
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: ignored: closed !1');
    expect(world.gitlab.writes()).toEqual([]);
    expect(mrs()[0]!.state).toBe('closed');
  });

  it('opens a fresh MR on the same branch for a new change after that', async () => {
    world.gitlab.clearLog();
    await world.edit(FAMILY, (y) => y.replace('grade: 10', 'grade: 11'));
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: created !2');
    expect(mrs().map((m) => [m.iid, m.state, m.sourceBranch])).toEqual([
      [1, 'closed', BRANCH],
      [2, 'opened', BRANCH],
    ]);
    expect(mrs()[1]!.description).toContain('| Director, Sales Systems | Grade | 10 (Distinguished / Director) | 11 (Fellow / Senior Director) |');
  });

  it('stops updating once a person commits on the branch: one note and a label, then silence', async () => {
    world.gitlab.pushCommit(world.project, BRANCH, { [PAGE]: 'hand-edited\n' });
    await world.edit(FAMILY, (y) => y.replace('SaaS and B2B experience preferred.', 'SaaS and B2B experience required.'));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: skipped: edited by a person !2');
    expect(writes()).toEqual(['POST /api/v4/projects/1/merge_requests/2/notes', 'PUT /api/v4/projects/1/merge_requests/2']);
    expect(world.gitlab.fileAt(world.project, BRANCH, PAGE)).toBe('hand-edited\n');
    const mr = mrs()[1]!;
    expect(mr.labels).toContain('jobfam-bot:edited');
    expect(mr.notes).toHaveLength(1);
    expect(mr.notes[0]!.body).toContain('was not made by jobfam bot');

    world.gitlab.clearLog();
    const again = await world.runInProcess();
    expect(lineOf(again.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: skipped: edited by a person !2');
    expect(world.gitlab.writes()).toEqual([]);
    expect(mr.notes).toHaveLength(1);
  });

  it('closes its MR when the change is reverted', async () => {
    const other = 'sales/sales-management.yml';
    const original = await world.edit(other, (y) => y.replace('grade: 8', 'grade: 9'));
    const opened = await world.runInProcess();
    expect(lineOf(opened.stdout, 'sales/sales-management')).toBe('sales/sales-management: created !3');

    await world.repo.git(['revert', '--no-edit', original]);
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/sales-management')).toBe('sales/sales-management: closed !3');
    expect(writes()).toEqual(['POST /api/v4/projects/1/merge_requests/3/notes', 'PUT /api/v4/projects/1/merge_requests/3']);
    const mr = mrs().find((m) => m.iid === 3)!;
    expect(mr.state).toBe('closed');
    expect(mr.title).toMatch(/ - autoclosed$/);
    expect(mr.notes[0]!.body).toContain('already matches');
    world.gitlab.clearLog();
    expect(lineOf((await world.runInProcess()).stdout, 'sales/sales-management')).toBe('sales/sales-management: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('reports a change that needs no review and leaves it alone', async () => {
    world.gitlab.clearLog();
    await world.edit('sales/self-service-sales.yml', (y) => y.replace(/(hiringProcess:\n\s+- )/, '$1A short call with a recruiter.\n  - '));
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/self-service-sales')).toBe('sales/self-service-sales: left alone: no review needed (hiring process changed)');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('with --dry-run prints the plan with the description and sends only GETs', async () => {
    await world.edit('sales/gtm-planning-and-operations.yml', (y) => y.replace('grade: 10', 'grade: 11'));
    world.gitlab.clearLog();
    const run = await world.run(['--dry-run', '--plan', 'reports/bot-plan.json']);
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(await readFile(path.join(world.repo.dir, 'reports/bot-plan.json'), 'utf8')) as { dryRun: boolean; families: { path: string; outcome: string; labels: string[]; description: string | null }[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.families.find((f) => f.path === 'sales/gtm-planning-and-operations.yml')).toMatchObject({
      outcome: 'would create',
      labels: ['job-family', 'bot:jobfam', 'change:grade'],
      description: expect.stringContaining('| Director, GTM Planning and Operations | Grade |'),
    });
    expect(world.gitlab.log.length).toBeGreaterThan(0);
    expect(world.gitlab.log.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(run.stdout).toContain('sales/gtm-planning-and-operations:\n  DRY-RUN: would commit 1 action on jobfam/gtm-planning-and-operations\n');
    expect(run.stdout).toContain(
      '  DRY-RUN: would create MR "Job family Go-to-Market Planning and Operations: grade" on jobfam/gtm-planning-and-operations labels=[job-family, bot:jobfam, change:grade] reviewers=[total-rewards-lead]',
    );
    expect(run.stdout).toContain('    | Director, GTM Planning and Operations | Grade | 10 (Distinguished / Director) | 11 (Fellow / Senior Director) |');
    expect(run.stdout.split('\n').at(-1)).toMatch(/\(dry run: nothing was written\)\.$/);
    expect(mrs()).toHaveLength(3);
  });

  it('runs as a dry run without a token', async () => {
    world.gitlab.clearLog();
    const run = await world.run([], { JOBFAM_GITLAB_TOKEN: undefined, GITLAB_TOKEN: undefined });
    expect(run.stderr).toContain('no JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, so this is a dry run');
    // The fake project is private: without a token GitLab answers 401, and the bot says what to set.
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('GitLab needs a token to read project 1');
    expect(world.gitlab.log.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
