// `jobfam bot` against hostile or misconfigured servers (issue 12 #1, #3, #17): redirects to another
// origin, login pages and proxies answering 200, and error bodies and headers that echo the token in
// every encoding. Real HTTP to the fake GitLab and to a second listening server (the other origin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitbeakerPort } from '../scripts/lib/bot/gitbeaker-adapter.ts';
import type { GitLabPort } from '../scripts/lib/bot/gitlab-port.ts';
import { startFakeGitLab, type FakeGitLab } from './fakes/gitlab-server.ts';
import { startOtherOrigin, type OtherOrigin } from './fakes/other-origin.ts';
import { botStderr, createBotWorld, type BotWorld } from './helpers/bot-world.ts';

// Characters that URL-encoding and base64 both change: every encoding differs from the raw token.
const TOKEN = 'glpat-S3cr3t+T0k/en=Wi~th.Q9xZ';
const REDIRECTS = [301, 302, 307, 308] as const;

/**
 * Every place the token shows in `output`, found independently of the redactor: raw, after URL- and
 * JSON-decoding, and inside any base64/base64url run decoded at each of its four starting offsets.
 * A hit is any 10-character piece of the token.
 */
function leaks(output: string, token = TOKEN): string[] {
  const pieces = Array.from({ length: token.length - 9 }, (_, i) => token.slice(i, i + 10));
  const found: string[] = [];
  const check = (label: string, text: string) => {
    if (pieces.some((piece) => text.includes(piece))) found.push(label);
  };
  check('raw', output);
  const urlDecoded = output.replace(/\+/g, ' ').replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  check('url-decoded', urlDecoded);
  check('url-decoded keeping +', output.replace(/(%[0-9a-f]{2})+/gi, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('latin1')));
  check('json-unescaped', output.replace(/\\\//g, '/').replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  for (const run of output.match(/[A-Za-z0-9+/_=-]{12,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset += 1) {
      const standard = run.slice(offset).replace(/-/g, '+').replace(/_/g, '/');
      check(`base64 at ${offset}: ${run}`, Buffer.from(standard, 'base64').toString('latin1'));
    }
  }
  return found;
}

/** The token as servers, proxies and libraries echo it. */
function encodingsOf(token: string): Record<string, string> {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  return {
    raw: token,
    'URL-encoded': encodeURIComponent(token),
    'URL-encoded, lower-case hex': encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'JSON with escaped slashes': JSON.stringify(token).replace(/\//g, '\\/'),
    base64: b64(token),
    base64url: b64url(token),
    'base64, 1 byte in': b64(`x${token}`),
    'base64, 2 bytes in': b64(`xy${token}`),
    'base64url, 2 bytes in': b64url(`:)${token}`),
    'Basic header': `Authorization: Basic ${b64(`oauth2:${token}`)}`,
    'Basic header of user:token': `Basic ${b64(`project_1_bot:${token}`)}`,
    'Bearer header': `Authorization: Bearer ${token}`,
    'PRIVATE-TOKEN header': `PRIVATE-TOKEN: ${token}`,
    'query string': `?private_token=${encodeURIComponent(token)}&x=1`,
  };
}

describe('the leak oracle itself', () => {
  it('finds every encoding the fake echoes, and nothing in clean text', () => {
    for (const [name, echoed] of Object.entries(encodingsOf(TOKEN))) expect(leaks(`error: ${echoed} end`), name).not.toEqual([]);
    expect(leaks('GET /user answered 401 Unauthorized [MASKED]')).toEqual([]);
  });
});

describe('the adapter over real HTTP: every call, against redirects and answers that are not the API', () => {
  let gitlab: FakeGitLab;
  let other: OtherOrigin;
  let port: GitLabPort;
  beforeAll(async () => {
    gitlab = await startFakeGitLab();
    other = await startOtherOrigin();
    const user = gitlab.addUser('project_1_bot', { token: TOKEN, bot: true });
    gitlab.addProject('handbook/handbook', { 'content/a.md': 'A\n' }, { members: [[user, 30]] });
    port = createGitbeakerPort({ apiUrl: gitlab.apiUrl, token: TOKEN });
  });
  afterAll(async () => {
    await gitlab.stop();
    await other.close();
  });

  const commit = { branch: 'jobfam/a', message: 'm', actions: [{ action: 'update' as const, filePath: 'content/a.md', content: 'B\n' }], startSha: '0'.repeat(40), authorName: 'b', authorEmail: 'b@x' };
  const calls: [string, RegExp, (p: GitLabPort) => Promise<unknown>][] = [
    ['GET', /\/user$/, (p) => p.currentUser()],
    ['GET', /\/projects\/1$/, (p) => p.project(1)],
    ['GET', /\/repository\/tree$/, (p) => p.listFiles(1, 'content', 'main')],
    ['GET', /\/repository\/files\//, (p) => p.readFile(1, 'content/a.md', 'main')],
    ['GET', /\/repository\/branches\//, (p) => p.branchHead(1, 'main')],
    ['GET', /\/repository\/commits$/, (p) => p.listCommits(1, 'main', 20)],
    ['GET', /\/merge_requests$/, (p) => p.listMergeRequests(1, 'jobfam/a')],
    ['GET', /\/users$/, (p) => p.findUser('someone')],
    ['POST', /\/repository\/commits$/, (p) => p.commitFiles(1, commit)],
    ['POST', /\/merge_requests$/, (p) => p.createMergeRequest(1, { sourceBranch: 'jobfam/a', targetBranch: 'main', title: 't', description: 'd', labels: [], reviewerIds: [] })],
    ['PUT', /\/merge_requests\/1$/, (p) => p.updateMergeRequest(1, 1, { title: 't' })],
    ['POST', /\/notes$/, (p) => p.createNote(1, 1, 'note')],
  ];

  it.each(calls.flatMap(([method, path, call]) => REDIRECTS.map((status) => [`${method} ${path.source}`, status, method, path, call] as const)))(
    '%s answered %i to another origin: a "redirected" error, nothing sent there',
    async (_name, status, method, path, call) => {
      gitlab.redirectTo(method, path, status, other.origin);
      const error = await call(port).then(
        () => null,
        (e: unknown) => e as { failure: string; status: number; message: string },
      );
      expect(error).toMatchObject({ failure: 'redirected', status });
      expect(error!.message).toContain(`answered ${status}`);
      expect(error!.message).toContain(`a redirect to ${other.origin}`);
      expect(gitlab.faults.at(-1)!.times).toBe(0);
      expect(other.requests).toEqual([]);
    },
  );

  const notTheApi: [string, string, string][] = [
    ['a login page (200 text/html)', 'text/html; charset=utf-8', '<!DOCTYPE html><html><body><form action="/users/sign_in">Sign in</form></body></html>'],
    ['HTML labelled as JSON', 'application/json', '<html><body>Proxy error</body></html>'],
    ['JSON of the wrong shape', 'application/json', '{"status":"ok"}'],
  ];
  const reads = calls.filter(([method]) => method === 'GET');
  it.each(reads.flatMap(([method, path, call]) => notTheApi.map(([what, type, body]) => [`${method} ${path.source}`, what, path, call, type, body] as const)))(
    '%s answered with %s: "not GitLab\'s API", naming the URL and the content type',
    async (_name, what, path, call, type, body) => {
      gitlab.answerWith('GET', path, 200, type, body);
      const error = await call(port).then(
        () => null,
        (e: unknown) => e as { failure: string; message: string },
      );
      expect(error).toMatchObject({ failure: 'not-api' });
      expect(error!.message).toContain("the answer was not GitLab's API");
      if (what.startsWith('a login page')) expect(error!.message).toMatch(new RegExp(`content type text/html from ${gitlab.apiUrl}/`));
      if (what === 'HTML labelled as JSON') expect(error!.message).toContain('a body that is not JSON');
      expect(error!.message).not.toContain('undefined');
    },
  );

  it('a 200 with an HTML body to a write is "not GitLab\'s API" too', async () => {
    gitlab.answerWith('POST', /\/repository\/commits$/, 201, 'text/html', '<html>Sign in</html>');
    await expect(port.commitFiles(1, commit)).rejects.toMatchObject({ failure: 'not-api' });
  });

  it('follows pagination on the API origin only, even when the Link header names another', async () => {
    const hostile = await startFakeGitLab({ maxPerPage: 1, linkOrigin: other.origin });
    try {
      const user = hostile.addUser('project_1_bot', { token: TOKEN, bot: true });
      hostile.addProject('h/h', { 'c/a.md': 'A', 'c/b.md': 'B', 'c/c.md': 'C' }, { members: [[user, 30]] });
      const files = await createGitbeakerPort({ apiUrl: hostile.apiUrl, token: TOKEN }).listFiles(1, 'c', 'main');
      expect(files).toEqual(['c/a.md', 'c/b.md', 'c/c.md']);
      expect(hostile.log.filter((r) => r.path.endsWith('/tree')).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
      expect(other.requests).toEqual([]);
    } finally {
      await hostile.stop();
    }
  });
});

describe('jobfam bot against hostile servers', { timeout: 60_000 }, () => {
  let world: BotWorld;
  let other: OtherOrigin;
  const FAMILY = 'sales/sales-systems-leadership.yml';
  let edits = 0;
  const editRequirement = () => world.edit(FAMILY, (y) => y.replace(/BA\/BS degree[^\n]*/, `BA/BS degree (variant ${(edits += 1)}).`));
  const output = (run: { stdout: string; stderr: string }) => `${run.stdout}\n${run.stderr}`;

  beforeAll(async () => {
    world = await createBotWorld({ token: TOKEN });
    other = await startOtherOrigin();
    // One open MR, current: a rerun then reads everything (user, project, tree, files, branches,
    // users, merge requests, commits) and writes nothing.
    await world.edit(FAMILY, (y) => y.replace('grade: 8', 'grade: 9'));
    const first = await world.runInProcess();
    expect(first.stdout).toContain('sales/sales-systems-leadership: created !1');
  });
  afterAll(async () => {
    await world.close();
    await other.close();
  });

  const expectRedirectRefused = (run: { exitCode: number; stdout: string; stderr: string }, status: number) => {
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`answered ${status}`);
    expect(run.stderr).toContain('The bot never follows a redirect');
    expect(run.stderr).toContain('Check CI_API_V4_URL');
    expect(world.gitlab.faults.every((f) => f.times === 0)).toBe(true);
    expect(other.requestsWith(TOKEN)).toEqual([]);
    expect(other.requests).toEqual([]);
    expect(leaks(output(run))).toEqual([]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  const reads: [RegExp, number][] = [
    [/\/user$/, 301],
    [/\/projects\/1$/, 302],
    [/\/repository\/tree$/, 307],
    [/\/repository\/files\//, 308],
    [/\/repository\/branches\/main$/, 301],
    [/\/merge_requests$/, 302],
    [/\/repository\/commits$/, 307],
    [/\/users$/, 308],
  ];
  it.each(reads)('a read (GET %s) answered %i to another origin stops with exit 3, and sends nothing there', async (path, status) => {
    world.gitlab.redirectTo('GET', path, status, other.origin);
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expectRedirectRefused(run, status);
    expect(world.gitlab.writes()).toEqual([]);
  });

  it.each(REDIRECTS)('a commit (POST) answered %i to another origin: exit 3, nothing sent there, nothing written', async (status) => {
    await editRequirement();
    const head = world.project.branches.get('jobfam/sales-systems-leadership');
    world.gitlab.redirectTo('POST', /\/repository\/commits$/, status, other.origin);
    const run = await world.runInProcess();
    expectRedirectRefused(run, status);
    expect(world.project.branches.get('jobfam/sales-systems-leadership')).toBe(head);
  });

  it('an MR update (PUT) answered 308, and an MR create (POST) answered 307: the same', async () => {
    world.gitlab.redirectTo('PUT', /\/merge_requests\/1$/, 308, other.origin);
    expectRedirectRefused(await world.runInProcess(), 308);
    await world.edit('sales/sales-management.yml', (y) => y.replace('grade: 8', 'grade: 9'));
    world.gitlab.faults.length = 0;
    world.gitlab.redirectTo('POST', /\/merge_requests$/, 307, other.origin);
    expectRedirectRefused(await world.runInProcess(), 307);
    expect(world.project.mergeRequests).toHaveLength(1);
  });

  it('a login page (200 text/html) in place of the API is "not GitLab\'s API", not an access level', async () => {
    world.gitlab.answerWith('GET', /\/projects\/1$/, 200, 'text/html; charset=utf-8', '<html><body>Sign in to GitLab</body></html>');
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`The answer was not GitLab's API (GET /projects/1 answered 200 with content type text/html from ${world.gitlab.apiUrl}/projects/1`);
    expect(run.stderr).toContain('Check CI_API_V4_URL');
    expect(run.stderr).not.toContain('access level');
    expect(run.stderr).not.toContain('undefined');
  });

  it('a proxy answering {} with a JSON content type is "not GitLab\'s API" too', async () => {
    world.gitlab.answerWith('GET', /\/user$/, 200, 'application/json', '{}');
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("GET /user answered JSON that is not GitLab's user");
  });

  it.each(Object.entries(encodingsOf(TOKEN)))('a 401 echoing the token (%s) in its body and headers prints none of it', async (_name, echoed) => {
    const headers = { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="x", error="${echoed.replace(/"/g, '')}"`, 'x-echo': echoed };
    world.gitlab.faults.push({ method: 'GET', path: /\/user$/, times: 1, mode: 'respond', status: 401, headers, body: JSON.stringify({ message: `401 Unauthorized: ${echoed}` }) });
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('GitLab refused the token (GET /user answered 401 Unauthorized: ');
    expect(leaks(output(run))).toEqual([]);
  });

  describe('a refused commit', () => {
    // One pending change: each refusal below leaves it pending for the next.
    beforeAll(() => editRequirement());
    it.each(Object.entries(encodingsOf(TOKEN)))('echoing the token (%s) in a text body is reported without it', async (_name, echoed) => {
    world.gitlab.answerWith('POST', /\/repository\/commits$/, 400, 'text/plain', `bad request; we saw ${echoed} in your request`);
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('sales/sales-systems-leadership: failed: POST /projects/1/repository/commits answered 400 bad request; we saw ');
    expect(leaks(output(run))).toEqual([]);
    });
  });

  it('prints at most a short excerpt of a long error page', async () => {
    const page = `<html><body>${'<p>Something went wrong on our side.</p>'.repeat(200)}</body></html>`;
    world.gitlab.faults.push({ method: 'GET', path: /\/projects\/1$/, times: 1, mode: 'respond', status: 403, headers: { 'content-type': 'text/html' }, body: page });
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(3);
    expect(botStderr(run.stderr).length).toBeLessThan(700);
    expect(botStderr(run.stderr)).toMatch(/… \(\d+ more characters\)/);
  });
});
