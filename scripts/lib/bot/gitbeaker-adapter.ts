// The GitLabPort over HTTP with @gitbeaker/rest: the only code that talks to the network.
// gitbeaker's own requester retries 429 and 502 ten times in 0.3 s, ignores Retry-After and re-POSTs
// writes; this one (same shape, see gitlab-api.md §3) honours Retry-After, retries 5xx only for reads,
// and hands ambiguous write failures back to ensureMergeRequest, which re-reads state first.
import { Gitlab } from '@gitbeaker/rest';
import {
  createRequesterFn,
  getMatchingRateLimiter,
  GitbeakerRequestError,
  GitbeakerRetryError,
  GitbeakerTimeoutError,
  type RateLimiters,
} from '@gitbeaker/requester-utils';
import type { CommitInput, CreateMergeRequestInput, GitLabCommit, GitLabMergeRequest, GitLabPort, ProjectId, UpdateMergeRequestInput } from './gitlab-port.ts';
import { GitLabError, type GitLabFailure } from './gitlab-port.ts';
import { createRedactor, excerpt, type Redactor } from './redact.ts';

export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** First backoff when GitLab sends no Retry-After; doubles per try, with jitter. */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included; a longer Retry-After gives up at once. */
  maxDelayMs: number;
  /** Total sleep per request: gitbeaker's one timeout signal keeps running while we wait. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 20_000, budgetMs: 25_000 };
export const QUERY_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** GitLab's error text (its `error`, else its `message`), else a short excerpt of whatever came back. */
async function describeBody(response: Response, redact: Redactor): Promise<string> {
  // Redacted before it is cut short, so a cut can never leave half a token behind.
  const text = redact(await response.text());
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      const content = body?.error || body?.message || '';
      return excerpt(typeof content === 'string' ? content : JSON.stringify(content));
    } catch {
      // Not JSON after all: fall through to the excerpt.
    }
  }
  return excerpt(text);
}

/** An answer that is not GitLab's API at all: a redirect, a login page, a proxy's page. */
export class NotTheApiError extends Error {
  constructor(
    readonly failure: Extract<GitLabFailure, 'redirected' | 'not-api'>,
    readonly status: number,
    /** What came back, e.g. "answered 302 Found, a redirect to https://login.example.com". */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'NotTheApiError';
  }
}

const isRedirect = (response: Response) => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/** Where a redirect points, as an origin only: its path and query may carry anything. */
function redirectTarget(response: Response, url: URL): string {
  const location = response.headers.get('location');
  if (!location) return '';
  try {
    return `, a redirect to ${new URL(location, url).origin}`;
  } catch {
    return ', a redirect';
  }
}

/** The URL as the bot names it: origin and path, never a query or user info. */
const nameOf = (url: URL) => `${url.origin}${url.pathname}`;

async function parseBody(response: Response, url: URL): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const notApi = (what: string) => new NotTheApiError('not-api', response.status, `answered ${response.status} with ${what} from ${nameOf(url)}: the answer was not GitLab's API`);
  if (type !== 'application/json') {
    await response.body?.cancel();
    throw notApi(type ? `content type ${type}` : 'no content type');
  }
  const text = await response.text();
  try {
    return JSON.parse(text) || {};
  } catch {
    throw notApi('a body that is not JSON (content type application/json)');
  }
}

/** gitbeaker's request handler with our retry policy. */
function createRequestHandler(policy: RetryPolicy, redact: Redactor) {
  return async (endpoint: string, options?: Record<string, unknown>) => {
    const { rateLimiters, asStream, prefixUrl, searchParams, method = 'GET', headers, body, signal } = (options ?? {}) as {
      rateLimiters?: RateLimiters;
      asStream?: boolean;
      prefixUrl?: string;
      searchParams?: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string | FormData;
      signal?: AbortSignal;
    };
    const base = prefixUrl && !prefixUrl.endsWith('/') ? `${prefixUrl}/` : prefixUrl;
    const url = new URL(endpoint, base);
    url.search = searchParams ?? '';
    const rateLimit = getMatchingRateLimiter(endpoint, rateLimiters, method);
    const read = method === 'GET' || method === 'HEAD';
    let slept = 0;
    for (let attempt = 1; ; attempt += 1) {
      await rateLimit();
      // `manual`: a redirect is never followed. fetch would carry PRIVATE-TOKEN along to any origin
      // (it drops only Authorization), so a 3xx is an error that points at CI_API_V4_URL.
      const response = await fetch(url, { method, headers: headers ?? {}, body: body ?? null, signal: signal ?? null, redirect: 'manual' }).catch((error: Error) => {
        if (error.name === 'TimeoutError' || error.name === 'AbortError') throw new GitbeakerTimeoutError('Query timeout was reached');
        throw error;
      });
      if (isRedirect(response)) {
        await response.body?.cancel();
        throw new NotTheApiError('redirected', response.status, `answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${redirectTarget(response, url)}`);
      }
      if (response.ok) {
        if (asStream) return { body: response.body as never, headers: Object.fromEntries(response.headers.entries()), status: response.status };
        const headerRecord = Object.fromEntries(response.headers.entries());
        return { body: (await parseBody(response, url)) as never, headers: headerRecord, status: response.status };
      }
      // 429 means "not done": safe to repeat. A 5xx on a write may have been carried out: not repeated here.
      const retryable = response.status === 429 || (read && [502, 503, 504].includes(response.status));
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs) * (0.5 + Math.random() / 2);
      if (retryable && attempt < policy.attempts && wait <= policy.maxDelayMs && slept + wait <= policy.budgetMs) {
        await response.body?.cancel();
        slept += wait;
        await sleep(wait);
        continue;
      }
      const description = await describeBody(response, redact);
      // The request is recorded without its headers: they hold the token.
      throw new GitbeakerRequestError(description, { cause: { description, request: new Request(url, { method }), response } });
    }
  };
}

const FAILURES: Record<number, GitLabFailure> = { 400: 'rejected', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 422: 'rejected', 429: 'unavailable' };

/** Any error from gitbeaker or fetch as a GitLabError naming the call; never carries the request. */
export function toGitLabError(error: unknown, call: string, write: boolean): GitLabError {
  if (error instanceof GitLabError) return error;
  if (error instanceof NotTheApiError) return new GitLabError(error.failure, error.status, `${call} ${error.detail}`);
  if (error instanceof GitbeakerRequestError) {
    const status = error.cause?.response?.status ?? null;
    const failure: GitLabFailure = status === null ? 'unexpected' : (FAILURES[status] ?? (status >= 500 ? 'unavailable' : 'unexpected'));
    const text = error.cause?.description ?? error.message;
    // GitLab's messages often start with the status already ("401 Unauthorized").
    const detail = status !== null && text.startsWith(String(status)) ? text : `${status ?? '?'}${text ? ` ${text}` : ''}`;
    return new GitLabError(failure, status, `${call} answered ${detail.trim()}`, write && status !== null && status >= 500);
  }
  if (error instanceof GitbeakerTimeoutError) return new GitLabError('unavailable', null, `${call} timed out`, write);
  if (error instanceof GitbeakerRetryError) return new GitLabError('unavailable', null, `${call}: ${error.message}`, write);
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  if (error instanceof TypeError || cause) {
    return new GitLabError('unavailable', null, `${call} could not reach GitLab (${cause ?? (error as Error).message})`, write);
  }
  return new GitLabError('unexpected', null, `${call} failed: ${(error as Error)?.message ?? String(error)}`, write);
}

export interface AdapterOptions {
  /** API base, e.g. https://gitlab.com/api/v4 (CI_API_V4_URL). */
  apiUrl: string;
  token: string | null;
  retry?: RetryPolicy;
}

interface MergeRequestBody {
  iid: number;
  state: GitLabMergeRequest['state'];
  title: string;
  description: string | null;
  source_branch: string;
  target_branch: string;
  labels: string[];
  reviewers?: { id: number }[];
  web_url?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const looksLikeMergeRequest = (mr: Record<string, unknown>) => typeof mr.iid === 'number' && typeof mr.state === 'string' && typeof mr.source_branch === 'string';

const toMergeRequest = (mr: MergeRequestBody): GitLabMergeRequest => ({
  iid: mr.iid,
  state: mr.state,
  title: mr.title,
  description: mr.description ?? '',
  sourceBranch: mr.source_branch,
  targetBranch: mr.target_branch,
  labels: mr.labels ?? [],
  reviewerIds: (mr.reviewers ?? []).map((r) => r.id),
  webUrl: mr.web_url ?? null,
});

export function createGitbeakerPort(options: AdapterOptions): GitLabPort {
  // gitbeaker appends /api/v4 to the host itself.
  const host = options.apiUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const requesterFn = createRequesterFn((_, requestOptions) => Promise.resolve(requestOptions), createRequestHandler(options.retry ?? DEFAULT_RETRY, createRedactor([options.token])));
  const api = new Gitlab({ host, queryTimeout: QUERY_TIMEOUT_MS, requesterFn, ...(options.token ? { token: options.token } : {}) });

  const call = async <T>(what: string, write: boolean, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toGitLabError(error, what, write);
    }
  };
  // JSON that is not the shape GitLab answers (a proxy's `{}`, an HTML page's API imitation) is "not
  // GitLab's API" too, rather than a project with access level 0 on `undefined`.
  const shaped = <T>(value: unknown, looksRight: (v: Record<string, unknown>) => boolean, what: string): T => {
    const list = what.endsWith(' list') || what === 'tree listing';
    const ok = list ? Array.isArray(value) && value.every((v) => isObject(v) && looksRight(v)) : isObject(value) && looksRight(value);
    if (!ok) throw new NotTheApiError('not-api', 200, `answered JSON that is not GitLab's ${what} (from ${host}): the answer was not GitLab's API`);
    return value as T;
  };
  const shapedMergeRequest = (value: unknown) => shaped<MergeRequestBody>(value, looksLikeMergeRequest, 'merge request');
  const orNull = async <T>(promise: Promise<T>): Promise<T | null> =>
    promise.catch((error: unknown) => {
      if (error instanceof GitLabError && error.failure === 'not-found') return null;
      throw error;
    });
  const list = (labels: string[] | undefined) => (labels && labels.length > 0 ? labels.join(',') : undefined);

  return {
    currentUser: () =>
      call('GET /user', false, async () => {
        const user = shaped<{ id: number; username: string }>(await api.Users.showCurrentUser(), (u) => typeof u.id === 'number' && typeof u.username === 'string', 'user');
        return { id: user.id, username: user.username };
      }),
    project: (project: ProjectId) =>
      call(`GET /projects/${project}`, false, async () => {
        const p = shaped<{
          id: number;
          path_with_namespace: string;
          default_branch: string | null;
          archived: boolean;
          merge_requests_access_level?: string;
          merge_requests_enabled?: boolean;
          permissions?: { project_access?: { access_level: number } | null; group_access?: { access_level: number } | null };
        }>(await api.Projects.show(project), (v) => typeof v.id === 'number' && typeof v.path_with_namespace === 'string', 'project');
        return {
          id: p.id,
          path: p.path_with_namespace,
          defaultBranch: p.default_branch ?? null,
          archived: Boolean(p.archived),
          mergeRequestsEnabled: p.merge_requests_access_level ? p.merge_requests_access_level !== 'disabled' : p.merge_requests_enabled !== false,
          accessLevel: Math.max(p.permissions?.project_access?.access_level ?? 0, p.permissions?.group_access?.access_level ?? 0),
        };
      }),
    listFiles: async (project, dir, ref) =>
      (await orNull(
        call(`GET /projects/${project}/repository/tree`, false, async () => {
          const entries = shaped<{ type: string; path: string }[]>(
            await api.Repositories.allRepositoryTrees(project, { path: dir, recursive: true, ref, perPage: 100 } as never),
            (e) => typeof e.type === 'string' && typeof e.path === 'string',
            'tree listing',
          );
          return entries.filter((e) => e.type === 'blob').map((e) => e.path);
        }),
      )) ?? [],
    readFile: (project, filePath, ref) =>
      orNull(
        call(`GET /projects/${project}/repository/files/${filePath}`, false, async () => {
          const file = shaped<{ content: string; encoding: string }>(await api.RepositoryFiles.show(project, filePath, ref), (f) => typeof f.content === 'string', 'file');
          return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
        }),
      ),
    branchHead: (project, branch) =>
      orNull(
        call(`GET /projects/${project}/repository/branches/${branch}`, false, async () => {
          const b = shaped<{ commit: { id: string } }>(await api.Branches.show(project, branch), (v) => isObject(v.commit) && typeof v.commit.id === 'string', 'branch');
          return b.commit.id;
        }),
      ),
    listCommits: (project, ref, limit) =>
      call(`GET /projects/${project}/repository/commits`, false, async () => {
        const commits = shaped<{ id: string; author_email: string; parent_ids?: string[] }[]>(
          await api.Commits.all(project, { refName: ref, perPage: limit, maxPages: 1 }),
          (c) => typeof c.id === 'string',
          'commit list',
        );
        return commits.map((c): GitLabCommit => ({ id: c.id, authorEmail: c.author_email, parentIds: c.parent_ids ?? [] }));
      }),
    commitFiles: (project, input: CommitInput) =>
      call(`POST /projects/${project}/repository/commits`, true, async () => {
        const commit = (await api.Commits.create(project, input.branch, input.message, input.actions, {
          startSha: input.startSha,
          force: true,
          authorName: input.authorName,
          authorEmail: input.authorEmail,
        })) as unknown;
        return { id: shaped<{ id: string }>(commit, (c) => typeof c.id === 'string', 'commit').id };
      }),
    listMergeRequests: (project, sourceBranch) =>
      call(`GET /projects/${project}/merge_requests`, false, async () => {
        // No `state`: GitLab then answers every state, which is what reconciling needs.
        const mrs = shaped<MergeRequestBody[]>(await api.MergeRequests.all({ projectId: project, sourceBranch, perPage: 100 }), looksLikeMergeRequest, 'merge request list');
        return mrs.map(toMergeRequest);
      }),
    createMergeRequest: (project, input: CreateMergeRequestInput) =>
      call(`POST /projects/${project}/merge_requests`, true, async () =>
        toMergeRequest(
          shapedMergeRequest(await api.MergeRequests.create(project, input.sourceBranch, input.targetBranch, input.title, {
            description: input.description,
            labels: list(input.labels),
            reviewerIds: input.reviewerIds,
            removeSourceBranch: true,
          })),
        ),
      ),
    updateMergeRequest: (project, iid, input: UpdateMergeRequestInput) =>
      call(`PUT /projects/${project}/merge_requests/${iid}`, true, async () =>
        toMergeRequest(
          shapedMergeRequest(await api.MergeRequests.edit(project, iid, {
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(list(input.addLabels) ? { addLabels: list(input.addLabels) } : {}),
            ...(list(input.removeLabels) ? { removeLabels: list(input.removeLabels) } : {}),
            ...(input.reviewerIds ? { reviewerIds: input.reviewerIds } : {}),
            ...(input.stateEvent ? { stateEvent: input.stateEvent } : {}),
          })),
        ),
      ),
    createNote: (project, iid, body) =>
      call(`POST /projects/${project}/merge_requests/${iid}/notes`, true, async () => {
        await api.MergeRequestNotes.create(project, iid, body);
      }),
    findUser: (username) =>
      call('GET /users', false, async () => {
        const users = shaped<{ id: number; username: string }[]>(await api.Users.all({ username } as never), (u) => typeof u.id === 'number' && typeof u.username === 'string', 'user list');
        const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
        return user ? { id: user.id, username: user.username } : null;
      }),
  };
}
