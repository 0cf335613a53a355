// `jobfam bot` when GitLab misbehaves: rate limits, a 502 after the write went through, bad tokens,
// too little access. The real CLI over HTTP; the fake's fault switches and request log.
import { afterEach, describe, expect, it } from 'vitest';
import { botStderr, createBotWorld, BOT_TOKEN, type BotWorld } from './helpers/bot-world.ts';

const FAMILY = 'sales/sales-systems-leadership.yml';
const gradeChange = (y: string) => y.replace('grade: 8', 'grade: 9');

let world: BotWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function worldWithGradeChange(): Promise<BotWorld> {
  world = await createBotWorld();
  await world.edit(FAMILY, gradeChange);
  world.gitlab.clearLog();
  return world;
}

const output = (run: { stdout: string; stderr: string }) => `${run.stdout}\n${run.stderr}`;

describe('jobfam bot against a failing GitLab', { timeout: 60_000 }, () => {
  it('rides out a 429 storm, waiting as Retry-After says, and opens exactly one MR', async () => {
    const w = await worldWithGradeChange();
    // Rack::Attack's answer (text/plain, Retry-After), then the application limiter's (JSON, no Retry-After).
    w.gitlab.faults.push({ path: /\/merge_requests$/, times: 2, mode: 'respond', status: 429, body: 'Retry later\n', headers: { 'content-type': 'text/plain', 'retry-after': '1' } });
    w.gitlab.failWithJson('POST', /\/merge_requests$/, 429, { message: { error: 'This endpoint has been requested too many times. Try again later.' } }, 2);
    const run = await w.run();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('sales/sales-systems-leadership: created !1');
    expect(w.project.mergeRequests).toHaveLength(1);
    const creates = w.gitlab.log.filter((r) => r.method === 'POST' && r.path.endsWith('/merge_requests'));
    expect(creates.map((r) => r.status)).toEqual([429, 429, 201]);
    expect(w.gitlab.faults.every((f) => f.times === 0)).toBe(true);
  });

  it('after a 502 on writes that went through, re-reads and leaves exactly one commit and one MR', async () => {
    const w = await worldWithGradeChange();
    w.gitlab.faults.push(
      { method: 'POST', path: /\/repository\/commits$/, times: 1, mode: 'after-write' },
      { method: 'POST', path: /\/merge_requests$/, times: 1, mode: 'after-write' },
    );
    const run = await w.run();
    expect(botStderr(run.stderr)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('sales/sales-systems-leadership: created !1');
    expect(w.project.mergeRequests.map((m) => [m.iid, m.state])).toEqual([[1, 'opened']]);
    const posts = w.gitlab.writes().map((r) => `${r.method} ${r.path.replace('/api/v4/projects/1', '')} ${r.status}`);
    // Each write once; the bot read the state again instead of repeating it.
    expect(posts).toEqual(['POST /repository/commits 502', 'POST /merge_requests 502']);
    // The branch is one bot commit on main, not two.
    const head = w.project.commits.get(w.project.branches.get('jobfam/sales-systems-leadership')!)!;
    expect(head.parentIds).toEqual([w.project.branches.get('main')]);

    w.gitlab.clearLog();
    expect((await w.run()).stdout).toContain('sales/sales-systems-leadership: unchanged');
    expect(w.gitlab.writes()).toEqual([]);
  });

  it('adopts the open MR that "already exists" (409) when it was not found first', async () => {
    const w = await worldWithGradeChange();
    // An MR an old token opened on the bot's branch, which the first lookups miss (a stale read).
    const branch = 'jobfam/sales-systems-leadership';
    w.project.branches.set(branch, w.project.branches.get('main')!);
    w.gitlab.pushCommit(w.project, branch, { 'content/job-families/sales/sales-systems-leadership.md': 'old bot text\n' }, { name: 'jobfam bot', email: 'jobfam-bot@noreply.jobfam.invalid' });
    w.project.mergeRequests.push({
      id: 1,
      iid: 1,
      title: 'Someone else opened this',
      description: 'no marker',
      state: 'opened',
      sourceBranch: 'jobfam/sales-systems-leadership',
      targetBranch: 'main',
      labels: ['keep-me'],
      reviewerIds: [],
      authorId: w.reviewers.recruiting.id,
      notes: [],
      createdAt: '',
      updatedAt: '',
      closedAt: null,
      mergedAt: null,
    });
    w.project.nextIid = 2;
    w.gitlab.failWithJson('GET', /\/merge_requests$/, 200, [], 4);
    const run = await w.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('sales/sales-systems-leadership: updated !1');
    expect(w.project.mergeRequests).toHaveLength(1);
    expect(w.project.mergeRequests[0]!.labels).toEqual(['keep-me', 'job-family', 'bot:jobfam', 'change:grade']);
    expect(w.gitlab.log.some((r) => r.method === 'POST' && r.path.endsWith('/merge_requests') && r.status === 409)).toBe(true);
  });

  it('fails on a 401 with a clear message, exit 3, and no token anywhere in the output', async () => {
    const w = await worldWithGradeChange();
    w.gitlab.tokens.clear();
    const run = await w.run();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('jobfam bot: GitLab refused the token (GET /user answered 401 Unauthorized).');
    expect(run.stderr).toContain('JOBFAM_GITLAB_TOKEN (or GITLAB_TOKEN)');
    expect(output(run)).not.toContain(BOT_TOKEN);
    expect(w.gitlab.writes()).toEqual([]);
  });

  it('never prints the token, even when GitLab echoes it back in an error', async () => {
    const w = await worldWithGradeChange();
    // A proxy error page that dumps the request headers.
    w.gitlab.faults.push({ method: 'POST', path: /\/repository\/commits$/, times: 1, mode: 'respond', status: 400, body: `bad request; private-token: ${BOT_TOKEN}`, headers: { 'content-type': 'text/plain' } });
    const run = await w.run();
    expect(run.exitCode).toBe(3);
    // The refusal concerns one family: it is reported, the others are still reconciled.
    expect(run.stdout).toContain('sales/sales-systems-leadership: failed: POST /projects/1/repository/commits answered 400 bad request; private-token: [MASKED]');
    expect(run.stdout).toContain('jobfam bot: 5 families: 4 unchanged, 1 failed.');
    expect(run.stderr).toContain('GitLab refused the changes of 1 family');
    expect(output(run)).not.toContain(BOT_TOKEN);
    expect(output(run)).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a reporter token', (w: BotWorld) => w.project.members.set(w.bot.id, 20), 'the token has access level 20 on handbook/handbook; the bot needs Developer (30)'],
    ['an archived project', (w: BotWorld) => (w.project.archived = true), 'project handbook/handbook is archived'],
    ['a project the token cannot see', (w: BotWorld) => w.project.members.delete(w.bot.id), 'GitLab answered "not found" (GET /projects/1 answered 404 Project Not Found)'],
    ['merge requests turned off', (w: BotWorld) => (w.project.mergeRequestsEnabled = false), 'has merge requests turned off'],
  ])('stops in preflight on %s, before any write', async (_name, breakIt, message) => {
    const w = await worldWithGradeChange();
    breakIt(w);
    const run = await w.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(message);
    expect(w.gitlab.writes()).toEqual([]);
    expect(run.stdout).not.toContain('sales/');
  });

  it('explains a token with too narrow a scope (403 insufficient_scope on the first write)', async () => {
    const w = await worldWithGradeChange();
    w.gitlab.failWithJson('POST', /\/repository\/commits$/, 403, {
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the access token.',
      scope: 'api',
    });
    const run = await w.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('GitLab refused the request (POST /projects/1/repository/commits answered 403 insufficient_scope). The token needs the Developer role and the api scope');
    expect(w.project.mergeRequests).toEqual([]);
  });

  it('warns about a published page no family renders any more, and leaves it', async () => {
    const w = await worldWithGradeChange();
    w.gitlab.pushCommit(w.project, 'main', { 'content/job-families/sales/retired-family.md': '---\ntitle: Retired\n---\n' });
    const run = await w.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('warning: content/job-families/sales/retired-family.md is on main but no family renders it any more; left alone.');
    expect(w.gitlab.fileAt(w.project, 'main', 'content/job-families/sales/retired-family.md')).toBeDefined();
  });

  it('survives the branch being deleted under an open MR: the next change rebuilds it', async () => {
    const w = await worldWithGradeChange();
    expect((await w.runInProcess()).stdout).toContain('sales/sales-systems-leadership: created !1');
    // GitLab closes such MRs only later (asynchronously): for now the MR is open and the branch gone.
    w.project.branches.delete('jobfam/sales-systems-leadership');
    await w.edit(FAMILY, (y) => y.replace('grade: 10', 'grade: 11'));
    const run = await w.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('sales/sales-systems-leadership: updated !1');
    expect(w.gitlab.fileAt(w.project, 'jobfam/sales-systems-leadership', 'content/job-families/sales/sales-systems-leadership.md')).toContain('[grade 11]');
  });

  it('retries reads that GitLab answers 502/503, and gives up with exit 3 when it keeps failing', async () => {
    const w = await worldWithGradeChange();
    const busy = (times: number) => ({ method: 'GET', path: /\/projects\/1$/, times, mode: 'respond' as const, status: 503, body: 'busy', headers: { 'retry-after': '0' } });
    w.gitlab.faults.push(busy(2));
    const ok = await w.runInProcess();
    expect(ok.exitCode).toBe(0);
    expect(w.gitlab.log.filter((r) => r.path === '/api/v4/projects/1').map((r) => r.status)).toEqual([503, 503, 200]);

    w.gitlab.faults.push(busy(50));
    const down = await w.runInProcess();
    expect(down.exitCode).toBe(3);
    expect(down.stderr).toContain('GitLab could not be reached or is overloaded (GET /projects/1 answered 503 busy). Nothing is lost: the next pipeline reconciles.');
  });

  it('takes the target from JOBFAM_TARGET_PROJECT (a path, %2F-encoded) and JOBFAM_TARGET_DIR', async () => {
    const w = await worldWithGradeChange();
    const run = await w.runInProcess([], { JOBFAM_TARGET_PROJECT: 'handbook/handbook', JOBFAM_TARGET_DIR: 'elsewhere/jobs' });
    expect(run.exitCode).toBe(0);
    // Nothing is published there yet: every family is new, which needs no review by default; the pay
    // bands are new too, and bands always need review: their one MR is the only write.
    expect(run.stdout).toContain('sales/sales-systems-leadership: left alone: no review needed (new family with 4 levels');
    expect(w.gitlab.log.find((r) => r.path.endsWith('/repository/tree'))).toMatchObject({
      path: '/api/v4/projects/handbook%2Fhandbook/repository/tree',
      query: { path: 'elsewhere/jobs', ref: 'main' },
    });
    expect(run.stdout).toMatch(/^_compensation: created !\d+$/m);
    expect(w.gitlab.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v4/projects/handbook%2Fhandbook/repository/commits',
      'POST /api/v4/projects/handbook%2Fhandbook/merge_requests',
    ]);
    expect(JSON.stringify(w.gitlab.writes()[0]!.body)).toContain('elsewhere/jobs/_pay-bands.md');
  });

  it('says GitLab is unreachable (exit 3) when nothing listens', async () => {
    const w = await worldWithGradeChange();
    const url = w.gitlab.apiUrl;
    await w.gitlab.stop();
    const run = await w.runInProcess([], { CI_API_V4_URL: url });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/GitLab could not be reached or is overloaded \(GET \/user could not reach GitLab \(ECONNREFUSED\)\)/);
  });
});
