// What the bot needs from GitLab, as an interface: the planner and ensureMergeRequest are written
// against it, the gitbeaker adapter implements it over HTTP, and tests can swap either side.

export type ProjectId = string | number;

export interface GitLabUser {
  id: number;
  username: string;
}

export interface GitLabProject {
  id: number;
  path: string;
  defaultBranch: string | null;
  archived: boolean;
  /** False when the project has merge requests turned off. */
  mergeRequestsEnabled: boolean;
  /** The token user's access level (10 guest … 30 developer … 50 owner); 0 when unknown. */
  accessLevel: number;
}

export type MergeRequestState = 'opened' | 'closed' | 'merged' | 'locked';

export interface GitLabMergeRequest {
  iid: number;
  state: MergeRequestState;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  labels: string[];
  reviewerIds: number[];
  webUrl: string | null;
}

export interface GitLabCommit {
  id: string;
  authorEmail: string;
  parentIds: string[];
}

export interface FileAction {
  action: 'create' | 'update' | 'delete';
  filePath: string;
  content?: string;
}

export interface CommitInput {
  branch: string;
  message: string;
  actions: FileAction[];
  /** The branch is rebuilt on this commit (force): one commit per family, on top of the default branch. */
  startSha: string;
  authorName: string;
  authorEmail: string;
}

export interface CreateMergeRequestInput {
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string;
  labels: string[];
  reviewerIds: number[];
}

export interface UpdateMergeRequestInput {
  title?: string;
  description?: string;
  addLabels?: string[];
  removeLabels?: string[];
  /** Replaces the reviewer set: callers send the existing reviewers plus their own. */
  reviewerIds?: number[];
  stateEvent?: 'close';
}

export interface GitLabPort {
  currentUser(): Promise<GitLabUser>;
  project(project: ProjectId): Promise<GitLabProject>;
  /** Paths of the files under `dir` at `ref` (recursive). */
  listFiles(project: ProjectId, dir: string, ref: string): Promise<string[]>;
  /** A file's text at `ref`, or null when it does not exist there. */
  readFile(project: ProjectId, filePath: string, ref: string): Promise<string | null>;
  /** The head commit SHA of a branch, or null when the branch does not exist. */
  branchHead(project: ProjectId, branch: string): Promise<string | null>;
  /** The newest commits of `ref`, newest first. */
  listCommits(project: ProjectId, ref: string, limit: number): Promise<GitLabCommit[]>;
  commitFiles(project: ProjectId, input: CommitInput): Promise<{ id: string }>;
  /** Every merge request from `sourceBranch`, in any state, newest first. */
  listMergeRequests(project: ProjectId, sourceBranch: string): Promise<GitLabMergeRequest[]>;
  createMergeRequest(project: ProjectId, input: CreateMergeRequestInput): Promise<GitLabMergeRequest>;
  updateMergeRequest(project: ProjectId, iid: number, input: UpdateMergeRequestInput): Promise<GitLabMergeRequest>;
  createNote(project: ProjectId, iid: number, body: string): Promise<void>;
  /** The user with this username, or null when there is none. */
  findUser(username: string): Promise<GitLabUser | null>;
}

/** Why a GitLab call failed, in the terms the bot acts on. */
export type GitLabFailure =
  | 'unauthorized' // 401: no, unknown, expired or revoked token
  | 'forbidden' // 403: role or scope too low, protected branch
  | 'not-found' // 404
  | 'conflict' // 409: already exists, resource lock
  | 'rejected' // 400/422: GitLab refused the request's content
  | 'unavailable' // 429 or 5xx after retries, timeout, connection failure
  | 'redirected' // 3xx: never followed, the token would go along (CI_API_V4_URL is wrong)
  | 'not-api' // 2xx whose body is not GitLab's JSON (a login page, a proxy)
  | 'unexpected';

/** A failed GitLab call. The message names the call and GitLab's answer, never the token. */
export class GitLabError extends Error {
  constructor(
    readonly failure: GitLabFailure,
    readonly status: number | null,
    message: string,
    /** A write that may have happened although it failed (5xx, timeout): re-read before retrying. */
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'GitLabError';
  }
}
