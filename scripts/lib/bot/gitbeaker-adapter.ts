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

async function describeBody(response: Response): Promise<string> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return text;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const content = body?.error || body?.message || '';
    return typeof content === 'string' ? content : JSON.stringify(content);
  } catch {
    return text;
  }
}

async function parseBody(response: Response, asStream: boolean): Promise<unknown> {
  if (asStream) return response.body;
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type === 'application/json') return (await response.json()) || {};
  if (type.startsWith('text/')) return (await response.text()) || '';
  return response.blob();
}

/** gitbeaker's request handler with our retry policy. */
function createRequestHandler(policy: RetryPolicy) {
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
      const response = await fetch(url, { method, headers: headers ?? {}, body: body ?? null, signal: signal ?? null }).catch((error: Error) => {
        if (error.name === 'TimeoutError' || error.name === 'AbortError') throw new GitbeakerTimeoutError('Query timeout was reached');
        throw error;
      });
      if (response.ok) {
        const headerRecord = Object.fromEntries(response.headers.entries());
        return { body: (await parseBody(response, asStream ?? false)) as never, headers: headerRecord, status: response.status };
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
      const description = await describeBody(response);
      // The request is recorded without its headers: they hold the token.
      throw new GitbeakerRequestError(description, { cause: { description, request: new Request(url, { method }), response } });
    }
  };
}

const FAILURES: Record<number, GitLabFailure> = { 400: 'rejected', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 422: 'rejected', 429: 'unavailable' };

/** Any error from gitbeaker or fetch as a GitLabError naming the call; never carries the request. */
export function toGitLabError(error: unknown, call: string, write: boolean): GitLabError {
  if (error instanceof GitLabError) return error;
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
  const requesterFn = createRequesterFn((_, requestOptions) => Promise.resolve(requestOptions), createRequestHandler(options.retry ?? DEFAULT_RETRY));
  const api = new Gitlab({ host, queryTimeout: QUERY_TIMEOUT_MS, requesterFn, ...(options.token ? { token: options.token } : {}) });

  const call = async <T>(what: string, write: boolean, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toGitLabError(error, what, write);
    }
  };
  const orNull = async <T>(promise: Promise<T>): Promise<T | null> =>
    promise.catch((error: unknown) => {
      if (error instanceof GitLabError && error.failure === 'not-found') return null;
      throw error;
    });
  const list = (labels: string[] | undefined) => (labels && labels.length > 0 ? labels.join(',') : undefined);

  return {
    currentUser: () =>
      call('GET /user', false, async () => {
        const user = (await api.Users.showCurrentUser()) as unknown as { id: number; username: string };
        return { id: user.id, username: user.username };
      }),
    project: (project: ProjectId) =>
      call(`GET /projects/${project}`, false, async () => {
        const p = (await api.Projects.show(project)) as unknown as {
          id: number;
          path_with_namespace: string;
          default_branch: string | null;
          archived: boolean;
          merge_requests_access_level?: string;
          merge_requests_enabled?: boolean;
          permissions?: { project_access?: { access_level: number } | null; group_access?: { access_level: number } | null };
        };
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
          const entries = (await api.Repositories.allRepositoryTrees(project, { path: dir, recursive: true, ref, perPage: 100 } as never)) as unknown as {
            type: string;
            path: string;
          }[];
          return entries.filter((e) => e.type === 'blob').map((e) => e.path);
        }),
      )) ?? [],
    readFile: (project, filePath, ref) =>
      orNull(
        call(`GET /projects/${project}/repository/files/${filePath}`, false, async () => {
          const file = (await api.RepositoryFiles.show(project, filePath, ref)) as unknown as { content: string; encoding: string };
          return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
        }),
      ),
    branchHead: (project, branch) =>
      orNull(
        call(`GET /projects/${project}/repository/branches/${branch}`, false, async () => {
          const b = (await api.Branches.show(project, branch)) as unknown as { commit: { id: string } };
          return b.commit.id;
        }),
      ),
    listCommits: (project, ref, limit) =>
      call(`GET /projects/${project}/repository/commits`, false, async () => {
        const commits = (await api.Commits.all(project, { refName: ref, perPage: limit, maxPages: 1 })) as unknown as {
          id: string;
          author_email: string;
          parent_ids?: string[];
        }[];
        return commits.map((c): GitLabCommit => ({ id: c.id, authorEmail: c.author_email, parentIds: c.parent_ids ?? [] }));
      }),
    commitFiles: (project, input: CommitInput) =>
      call(`POST /projects/${project}/repository/commits`, true, async () => {
        const commit = (await api.Commits.create(project, input.branch, input.message, input.actions, {
          startSha: input.startSha,
          force: true,
          authorName: input.authorName,
          authorEmail: input.authorEmail,
        })) as unknown as { id: string };
        return { id: commit.id };
      }),
    listMergeRequests: (project, sourceBranch) =>
      call(`GET /projects/${project}/merge_requests`, false, async () => {
        // No `state`: GitLab then answers every state, which is what reconciling needs.
        const mrs = (await api.MergeRequests.all({ projectId: project, sourceBranch, perPage: 100 })) as unknown as MergeRequestBody[];
        return mrs.map(toMergeRequest);
      }),
    createMergeRequest: (project, input: CreateMergeRequestInput) =>
      call(`POST /projects/${project}/merge_requests`, true, async () =>
        toMergeRequest(
          (await api.MergeRequests.create(project, input.sourceBranch, input.targetBranch, input.title, {
            description: input.description,
            labels: list(input.labels),
            reviewerIds: input.reviewerIds,
            removeSourceBranch: true,
          })) as unknown as MergeRequestBody,
        ),
      ),
    updateMergeRequest: (project, iid, input: UpdateMergeRequestInput) =>
      call(`PUT /projects/${project}/merge_requests/${iid}`, true, async () =>
        toMergeRequest(
          (await api.MergeRequests.edit(project, iid, {
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(list(input.addLabels) ? { addLabels: list(input.addLabels) } : {}),
            ...(list(input.removeLabels) ? { removeLabels: list(input.removeLabels) } : {}),
            ...(input.reviewerIds ? { reviewerIds: input.reviewerIds } : {}),
            ...(input.stateEvent ? { stateEvent: input.stateEvent } : {}),
          })) as unknown as MergeRequestBody,
        ),
      ),
    createNote: (project, iid, body) =>
      call(`POST /projects/${project}/merge_requests/${iid}/notes`, true, async () => {
        await api.MergeRequestNotes.create(project, iid, body);
      }),
    findUser: (username) =>
      call('GET /users', false, async () => {
        const users = (await api.Users.all({ username } as never)) as unknown as { id: number; username: string }[];
        const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
        return user ? { id: user.id, username: user.username } : null;
      }),
  };
}
