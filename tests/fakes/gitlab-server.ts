// A strict fake GitLab REST v4 over real HTTP on 127.0.0.1, following shared/docs/gitlab-api.md §1-§2:
// auth on every route, GitLab's status codes and exact error bodies, %2F-encoded path segments,
// pagination with Link and x-next-page, atomic commits with start_sha/force, one open MR per
// (source, target), a request log (auth redacted) and fault switches (429 storms, 502 after write).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  id: number;
  username: string;
  name: string;
  email: string;
  bot: boolean;
}

export interface FakeCommit {
  id: string;
  parentIds: string[];
  tree: Map<string, string>;
  authorName: string;
  authorEmail: string;
  committerEmail: string;
  message: string;
  createdAt: string;
}

export interface FakeNote {
  id: number;
  body: string;
  authorId: number;
  createdAt: string;
}

export interface FakeMergeRequest {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  sourceBranch: string;
  targetBranch: string;
  labels: string[];
  reviewerIds: number[];
  authorId: number;
  notes: FakeNote[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
}

export interface FakeProject {
  id: number;
  path: string;
  defaultBranch: string;
  archived: boolean;
  mergeRequestsEnabled: boolean;
  /** user id → access level (10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner). */
  members: Map<number, number>;
  branches: Map<string, string>;
  commits: Map<string, FakeCommit>;
  mergeRequests: FakeMergeRequest[];
  nextIid: number;
  labels: Set<string>;
}

export interface LoggedRequest {
  method: string;
  /** Raw path (segments still %2F-encoded), without the query. */
  path: string;
  query: Record<string, string>;
  /** "private-token: [REDACTED]", or "none". */
  auth: string;
  body: unknown;
  status: number;
}

export interface Fault {
  method?: string;
  /** Matched against the raw path. */
  path: RegExp;
  /** How many matching requests it affects. */
  times: number;
  /** `respond`: answer instead of GitLab. `after-write`: let the request happen, then answer 502.
   *  `redirect`: answer `status` (3xx) with a Location on `location` (an origin), same path and query. */
  mode: 'respond' | 'after-write' | 'redirect';
  location?: string;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; text?: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(String(status));
  }
}

const fail = (status: number, body: unknown): never => {
  throw new HttpError(status, body);
};
const now = () => new Date().toISOString();
const sha = (seed: string) => createHash('sha1').update(seed).digest('hex');

export interface FakeGitLabOptions {
  /** GitLab's cap is 100; lower it to make modest lists span pages. */
  maxPerPage?: number;
  /** Origin the pagination links name instead of this server's (a hostile or misconfigured proxy). */
  linkOrigin?: string;
}

export class FakeGitLab {
  readonly users: FakeUser[] = [];
  readonly tokens = new Map<string, number>();
  readonly projects: FakeProject[] = [];
  readonly log: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  private server: Server | null = null;
  private counter = 0;
  private nextMrId = 1000;
  private nextNoteId = 5000;
  url = '';

  constructor(readonly options: FakeGitLabOptions = {}) {}

  get apiUrl(): string {
    return `${this.url}/api/v4`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  // ---- seeding and acting as people ----

  addUser(username: string, options: { token?: string; bot?: boolean; email?: string } = {}): FakeUser {
    const user: FakeUser = { id: this.users.length + 1, username, name: username, email: options.email ?? `${username}@example.invalid`, bot: options.bot ?? false };
    this.users.push(user);
    if (options.token) this.tokens.set(options.token, user.id);
    return user;
  }

  addProject(path: string, files: Record<string, string>, options: { defaultBranch?: string; members?: [FakeUser, number][] } = {}): FakeProject {
    const defaultBranch = options.defaultBranch ?? 'main';
    const project: FakeProject = {
      id: this.projects.length + 1,
      path,
      defaultBranch,
      archived: false,
      mergeRequestsEnabled: true,
      members: new Map((options.members ?? []).map(([user, level]) => [user.id, level])),
      branches: new Map(),
      commits: new Map(),
      mergeRequests: [],
      nextIid: 1,
      labels: new Set(),
    };
    this.projects.push(project);
    const root = this.makeCommit(project, [], new Map(Object.entries(files)), { name: 'Handbook Person', email: 'person@example.invalid' }, 'Initial handbook');
    project.branches.set(defaultBranch, root.id);
    return project;
  }

  /** A person pushes a commit changing `files` (null deletes) onto `branch`. */
  pushCommit(project: FakeProject, branch: string, files: Record<string, string | null>, author = { name: 'Handbook Person', email: 'person@example.invalid' }): FakeCommit {
    const head = project.commits.get(project.branches.get(branch) ?? '') ?? fail(500, { message: `no branch ${branch}` });
    const tree = new Map(head.tree);
    for (const [file, content] of Object.entries(files)) {
      if (content === null) tree.delete(file);
      else tree.set(file, content);
    }
    const commit = this.makeCommit(project, [head.id], tree, author, `Edit ${Object.keys(files).join(', ')}`);
    project.branches.set(branch, commit.id);
    return commit;
  }

  /** A reviewer merges an MR: the target branch gets the source branch's tree. */
  merge(project: FakeProject, iid: number): void {
    const mr = project.mergeRequests.find((m) => m.iid === iid)!;
    const source = project.commits.get(project.branches.get(mr.sourceBranch)!)!;
    const target = project.branches.get(mr.targetBranch)!;
    const commit = this.makeCommit(project, [target, source.id], new Map(source.tree), { name: 'Reviewer', email: 'reviewer@example.invalid' }, `Merge !${iid}`);
    project.branches.set(mr.targetBranch, commit.id);
    Object.assign(mr, { state: 'merged', mergedAt: now(), updatedAt: now() });
  }

  closeAsReviewer(project: FakeProject, iid: number): void {
    const mr = project.mergeRequests.find((m) => m.iid === iid)!;
    Object.assign(mr, { state: 'closed', closedAt: now(), updatedAt: now() });
  }

  fileAt(project: FakeProject, ref: string, file: string): string | undefined {
    return project.commits.get(project.branches.get(ref) ?? ref)?.tree.get(file);
  }

  /** The next `times` requests matching `method` and `path` get GitLab's JSON answer `body` with `status`. */
  failWithJson(method: string, path: RegExp, status: number, body: unknown, times = 1): void {
    this.faults.push({ method, path, times, mode: 'respond', status, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  /** The next `times` requests matching `method` and `path` are redirected (`status`, 3xx) to the same path on `origin`. */
  redirectTo(method: string, path: RegExp, status: number, origin: string, times = 1): void {
    this.faults.push({ method, path, times, mode: 'redirect', status, location: origin });
  }

  /** The next `times` requests matching get `status` with `contentType` and `body` (a login page, a proxy's answer). */
  answerWith(method: string, path: RegExp, status: number, contentType: string, body: string, times = 1): void {
    this.faults.push({ method, path, times, mode: 'respond', status, body, headers: { 'content-type': contentType } });
  }

  /** Requests that change something (anything but GET/HEAD). */
  writes(): LoggedRequest[] {
    return this.log.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }

  clearLog(): void {
    this.log.length = 0;
  }

  private makeCommit(project: FakeProject, parentIds: string[], tree: Map<string, string>, author: { name: string; email: string }, message: string, committerEmail = author.email): FakeCommit {
    this.counter += 1;
    const commit: FakeCommit = { id: sha(`${project.id}:${this.counter}:${message}`), parentIds, tree, authorName: author.name, authorEmail: author.email, committerEmail, message, createdAt: now() };
    project.commits.set(commit.id, commit);
    return commit;
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const method = req.method ?? 'GET';
    const token = req.headers['private-token'];
    const entry: LoggedRequest = { method, path: url.pathname, query, auth: token ? 'private-token: [REDACTED]' : 'none', body: raw === '' ? null : body, status: 0 };
    this.log.push(entry);

    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname));
    let reply: Reply;
    if (fault && fault.mode === 'respond') {
      fault.times -= 1;
      reply = { status: fault.status ?? 502, headers: fault.headers ?? {}, text: fault.body ?? '' };
    } else if (fault && fault.mode === 'redirect') {
      fault.times -= 1;
      reply = { status: fault.status ?? 302, headers: { location: `${fault.location ?? ''}${req.url ?? '/'}`, ...(fault.headers ?? {}) }, text: fault.body ?? '' };
    } else {
      reply = this.route(method, url, body, typeof token === 'string' ? token : null);
      if (fault && fault.mode === 'after-write') {
        fault.times -= 1;
        reply = { status: 502, headers: { 'content-type': 'text/html' }, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
      }
    }
    entry.status = reply.status;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.text !== undefined) {
      headers['content-type'] ??= 'text/plain';
      res.writeHead(reply.status, headers).end(reply.text);
    } else if (reply.status === 204) {
      res.writeHead(204, headers).end();
    } else {
      headers['content-type'] = 'application/json; charset=utf-8';
      res.writeHead(reply.status, headers).end(JSON.stringify(reply.body ?? {}));
    }
  }

  private route(method: string, url: URL, body: Record<string, unknown>, token: string | null): Reply {
    try {
      // Split the raw path before decoding: "%2F" inside a segment is part of a name, "/" is not.
      const raw = url.pathname.replace(/^\/api\/v4\//, '');
      if (raw === url.pathname) return { status: 404, body: { error: '404 Not Found' } };
      const segments = raw.split('/').map((s) => decodeURIComponent(s));
      const user = token ? this.users.find((u) => u.id === this.tokens.get(token)) : undefined;
      if (!user) return { status: 401, body: { message: '401 Unauthorized' } };
      const q = url.searchParams;
      const [head, id, ...rest] = segments;
      if (head === 'user' && segments.length === 1 && method === 'GET') return { status: 200, body: this.userJson(user) };
      if (head === 'users' && segments.length === 1 && method === 'GET') {
        const username = q.get('username');
        const found = this.users.filter((u) => username === null || u.username.toLowerCase() === username.toLowerCase());
        return this.paginate(url, found.map((u) => this.userJson(u)));
      }
      if (head !== 'projects' || id === undefined) return { status: 404, body: { error: '404 Not Found' } };
      const project = this.projects.find((p) => String(p.id) === id || p.path === id);
      const level = project?.members.get(user.id) ?? 0;
      if (!project || level === 0) return { status: 404, body: { message: '404 Project Not Found' } };
      const write = method !== 'GET';
      if (write && level < 30) return { status: 403, body: { message: '403 Forbidden' } };
      if (write && project.archived) return { status: 403, body: { message: '403 Forbidden' } };
      return this.projectRoute(method, url, body, user, project, level, rest);
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, body: error.body };
      return { status: 500, body: { message: '500 Internal Server Error' } };
    }
  }

  private projectRoute(method: string, url: URL, body: Record<string, unknown>, user: FakeUser, project: FakeProject, level: number, rest: string[]): Reply {
    const q = url.searchParams;
    const key = `${method} ${rest.map((s, i) => (i === 0 || ['branches', 'files', 'commits', 'tree', 'notes'].includes(s) ? s : ':x')).join('/')}`;
    const treeAt = (ref: string) => project.commits.get(project.branches.get(ref) ?? ref)?.tree;
    switch (key) {
      case 'GET ':
        return {
          status: 200,
          body: {
            id: project.id,
            path_with_namespace: project.path,
            default_branch: project.defaultBranch,
            archived: project.archived,
            empty_repo: false,
            merge_requests_access_level: project.mergeRequestsEnabled ? 'enabled' : 'disabled',
            permissions: { project_access: { access_level: level, notification_level: 3 }, group_access: null },
          },
        };
      case 'GET repository/branches/:x': {
        const name = rest[2]!;
        const head = project.branches.get(name);
        if (!head) return { status: 404, body: { message: '404 Branch Not Found' } };
        return { status: 200, body: this.branchJson(project, name) };
      }
      case 'DELETE repository/branches/:x': {
        const name = rest[2]!;
        if (!project.branches.has(name)) return { status: 404, body: { message: '404 Branch Not Found' } };
        project.branches.delete(name);
        for (const mr of project.mergeRequests) if (mr.sourceBranch === name && mr.state === 'opened') Object.assign(mr, { state: 'closed', closedAt: now() });
        return { status: 204 };
      }
      case 'GET repository/files/:x': {
        const ref = q.get('ref');
        if (!ref) return { status: 400, body: { error: 'ref is missing' } };
        const tree = treeAt(ref);
        if (!tree) return { status: 404, body: { message: '404 Commit Not Found' } };
        const file = rest[2]!;
        const content = tree.get(file);
        if (content === undefined) return { status: 404, body: { message: '404 File Not Found' } };
        const commitId = project.branches.get(ref) ?? ref;
        return {
          status: 200,
          body: {
            file_name: file.split('/').at(-1),
            file_path: file,
            size: Buffer.byteLength(content),
            encoding: 'base64',
            content: Buffer.from(content).toString('base64'),
            content_sha256: createHash('sha256').update(content).digest('hex'),
            ref,
            blob_id: sha(content),
            commit_id: commitId,
            last_commit_id: commitId,
          },
        };
      }
      case 'GET repository/tree': {
        const ref = q.get('ref') ?? project.defaultBranch;
        const tree = treeAt(ref);
        if (!tree) return { status: 404, body: { message: '404 Tree Not Found' } };
        const dir = (q.get('path') ?? '').replace(/\/+$/, '');
        const recursive = q.get('recursive') === 'true';
        const entries = new Map<string, 'blob' | 'tree'>();
        for (const file of [...tree.keys()].sort()) {
          if (dir && !file.startsWith(`${dir}/`)) continue;
          const inside = dir ? file.slice(dir.length + 1) : file;
          const parts = inside.split('/');
          for (let i = 1; i < parts.length; i += 1) if (recursive || i === 1) entries.set([dir, ...parts.slice(0, i)].filter(Boolean).join('/'), 'tree');
          if (recursive || parts.length === 1) entries.set(file, 'blob');
        }
        if (dir && entries.size === 0) return { status: 404, body: { message: '404 Tree Not Found' } };
        return this.paginate(url, [...entries].map(([p, type]) => ({ id: sha(p), name: p.split('/').at(-1), type, path: p, mode: type === 'blob' ? '100644' : '040000' })));
      }
      case 'GET repository/commits': {
        const ref = q.get('ref_name') ?? project.defaultBranch;
        let at = project.branches.get(ref) ?? (project.commits.has(ref) ? ref : undefined);
        if (!at) return { status: 404, body: { message: '404 Commit Not Found' } };
        const history: unknown[] = [];
        while (at) {
          const commit: FakeCommit = project.commits.get(at)!;
          history.push(this.commitJson(commit));
          at = commit.parentIds[0];
        }
        return this.paginate(url, history, { totals: false });
      }
      case 'POST repository/commits':
        return this.createCommit(project, body, user);
      case 'GET merge_requests': {
        const state = q.get('state') ?? 'all';
        if (!['opened', 'closed', 'locked', 'merged', 'all'].includes(state)) return { status: 400, body: { error: 'state does not have a valid value' } };
        const found = project.mergeRequests
          .filter((mr) => (state === 'all' || mr.state === state) && (!q.get('source_branch') || mr.sourceBranch === q.get('source_branch')) && (!q.get('target_branch') || mr.targetBranch === q.get('target_branch')))
          .sort((a, b) => b.iid - a.iid);
        return this.paginate(url, found.map((mr) => this.mrJson(project, mr)));
      }
      case 'POST merge_requests':
        return this.createMergeRequest(project, body, user);
      case 'GET merge_requests/:x':
        return { status: 200, body: this.mrJson(project, this.findMr(project, rest[1]!)) };
      case 'PUT merge_requests/:x':
        return this.updateMergeRequest(project, this.findMr(project, rest[1]!), body);
      case 'GET merge_requests/:x/notes': {
        const mr = this.findMr(project, rest[1]!);
        const notes = [...mr.notes].sort((a, b) => (q.get('sort') === 'asc' ? a.id - b.id : b.id - a.id));
        return this.paginate(url, notes.map((n) => this.noteJson(mr, n)));
      }
      case 'POST merge_requests/:x/notes': {
        const mr = this.findMr(project, rest[1]!);
        if (typeof body.body !== 'string' || body.body === '') return { status: 400, body: { error: 'body is missing' } };
        const note: FakeNote = { id: (this.nextNoteId += 1), body: body.body, authorId: user.id, createdAt: now() };
        mr.notes.push(note);
        return { status: 201, body: this.noteJson(mr, note) };
      }
      default:
        return { status: 404, body: { error: '404 Not Found' } };
    }
  }

  private findMr(project: FakeProject, iid: string): FakeMergeRequest {
    return project.mergeRequests.find((m) => String(m.iid) === iid) ?? fail(404, { message: '404 Not found' });
  }

  private createCommit(project: FakeProject, body: Record<string, unknown>, user: FakeUser): Reply {
    const branch = body.branch;
    if (typeof branch !== 'string' || branch === '') return { status: 400, body: { message: '400 Bad request - branch is required' } };
    if (typeof body.commit_message !== 'string') return { status: 400, body: { message: '400 Bad request - commit_message is required' } };
    if (!Array.isArray(body.actions)) return { status: 400, body: { message: '400 Bad request - actions is required' } };
    if (body.start_sha !== undefined && body.start_branch !== undefined) return { status: 400, body: { message: '400 Bad request - start_branch, start_sha are mutually exclusive' } };
    let start: string | undefined;
    if (typeof body.start_sha === 'string') {
      if (!/^[0-9a-f]{40}$/.test(body.start_sha)) return { status: 400, body: { message: `Invalid start_sha '${body.start_sha}'` } };
      if (!project.commits.has(body.start_sha)) return { status: 400, body: { message: `Cannot find start_sha '${body.start_sha}'` } };
      start = body.start_sha;
    } else if (typeof body.start_branch === 'string') {
      start = project.branches.get(body.start_branch);
    } else start = project.branches.get(branch);
    if (!start) return { status: 400, body: { message: 'You can only create or edit files when you are on a branch' } };
    const existing = project.branches.get(branch);
    const startGiven = body.start_sha !== undefined || body.start_branch !== undefined;
    if (existing && startGiven && existing !== start && body.force !== true) {
      return { status: 400, body: { message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes` } };
    }
    const tree = new Map(project.commits.get(start)!.tree);
    for (const [i, action] of (body.actions as Record<string, unknown>[]).entries()) {
      const file = action.file_path as string;
      const verb = action.action;
      if (!['create', 'update', 'delete', 'move', 'chmod'].includes(String(verb))) {
        return { status: 400, body: { message: `400 Bad request - actions[${i}][action] must be one of: create, update, move, delete, chmod` } };
      }
      if (verb === 'create' && tree.has(file)) return { status: 400, body: { message: 'A file with this name already exists' } };
      if ((verb === 'update' || verb === 'delete') && !tree.has(file)) return { status: 400, body: { message: "A file with this name doesn't exist" } };
      if (verb === 'update' && typeof action.content !== 'string') return { status: 400, body: { message: `400 Bad request - actions[${i}][content] is required for update action` } };
      if (verb === 'delete') tree.delete(file);
      else tree.set(file, action.encoding === 'base64' ? Buffer.from(String(action.content), 'base64').toString('utf8') : String(action.content ?? ''));
    }
    const author = { name: String(body.author_name ?? user.name), email: String(body.author_email ?? user.email) };
    const commit = this.makeCommit(project, [start], tree, author, body.commit_message, user.email);
    project.branches.set(branch, commit.id);
    return { status: 201, body: this.commitJson(commit) };
  }

  private createMergeRequest(project: FakeProject, body: Record<string, unknown>, user: FakeUser): Reply {
    const source = body.source_branch;
    const target = body.target_branch;
    if (typeof source !== 'string') return { status: 400, body: { error: 'source_branch is missing' } };
    if (typeof target !== 'string') return { status: 400, body: { error: 'target_branch is missing' } };
    if (typeof body.title !== 'string' || body.title === '') return { status: 400, body: { error: 'title is missing' } };
    if (body.title.length > 255) return { status: 400, body: { message: { title: ['is too long (maximum is 255 characters)'] } } };
    if (!project.branches.has(source)) return { status: 422, body: { message: [`Source branch "${source}" does not exist`] } };
    if (!project.branches.has(target)) return { status: 422, body: { message: [`Target branch "${target}" does not exist`] } };
    if (source === target) return { status: 422, body: { message: ['You must select different branches'] } };
    const open = project.mergeRequests.find((mr) => mr.state === 'opened' && mr.sourceBranch === source && mr.targetBranch === target);
    if (open) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${open.iid}`] } };
    const labels = this.labelList(project, body.labels);
    const mr: FakeMergeRequest = {
      id: (this.nextMrId += 1),
      iid: project.nextIid++,
      title: body.title,
      description: typeof body.description === 'string' ? body.description : '',
      state: 'opened',
      sourceBranch: source,
      targetBranch: target,
      labels,
      reviewerIds: this.knownUserIds(body.reviewer_ids),
      authorId: user.id,
      notes: [],
      createdAt: now(),
      updatedAt: now(),
      closedAt: null,
      mergedAt: null,
    };
    project.mergeRequests.push(mr);
    return { status: 201, body: this.mrJson(project, mr) };
  }

  private updateMergeRequest(project: FakeProject, mr: FakeMergeRequest, body: Record<string, unknown>): Reply {
    const fields = ['title', 'description', 'labels', 'add_labels', 'remove_labels', 'reviewer_ids', 'state_event', 'target_branch', 'assignee_ids'];
    if (!fields.some((f) => body[f] !== undefined)) {
      return { status: 400, body: { error: 'assignee_id, assignee_ids, description, labels, add_labels, remove_labels, milestone_id, remove_source_branch, state_event, target_branch, title, discussion_locked, squash, reviewer_ids are missing, at least one parameter must be provided' } };
    }
    if (typeof body.title === 'string') mr.title = body.title;
    if (typeof body.description === 'string') mr.description = body.description;
    if (body.labels !== undefined) mr.labels = this.labelList(project, body.labels);
    if (body.add_labels !== undefined) mr.labels = [...new Set([...mr.labels, ...this.labelList(project, body.add_labels)])];
    if (body.remove_labels !== undefined) {
      const remove = new Set(this.labelList(project, body.remove_labels));
      mr.labels = mr.labels.filter((l) => !remove.has(l));
    }
    if (body.reviewer_ids !== undefined) mr.reviewerIds = this.knownUserIds(body.reviewer_ids);
    if (body.state_event === 'close' && mr.state === 'opened') Object.assign(mr, { state: 'closed', closedAt: now() });
    if (body.state_event === 'reopen' && mr.state === 'closed' && project.branches.has(mr.sourceBranch)) {
      const other = project.mergeRequests.some((m) => m !== mr && m.state === 'opened' && m.sourceBranch === mr.sourceBranch && m.targetBranch === mr.targetBranch);
      if (!other) Object.assign(mr, { state: 'opened', closedAt: null });
    }
    mr.updatedAt = now();
    return { status: 200, body: this.mrJson(project, mr) };
  }

  /** Labels arrive comma-separated (or as an array); unknown ones are created, as GitLab does. */
  private labelList(project: FakeProject, value: unknown): string[] {
    const names = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(',')).map((l) => l.trim()).filter(Boolean);
    for (const name of names) project.labels.add(name);
    return [...new Set(names)];
  }

  /** Unknown reviewer ids are dropped silently, as GitLab does. */
  private knownUserIds(value: unknown): number[] {
    const ids = Array.isArray(value) ? value.map(Number) : [];
    return [...new Set(ids.filter((id) => this.users.some((u) => u.id === id)))];
  }

  /** One page of `items` with GitLab's headers; the Link URLs carry every filter of the request. */
  private paginate(url: URL, items: unknown[], options: { totals?: boolean } = {}): Reply {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 20) || 20, 1), 100, this.options.maxPerPage ?? 100);
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const link = (p: number) => {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(p));
      next.searchParams.set('per_page', String(perPage));
      return `${this.options.linkOrigin ?? this.url}${next.pathname}${next.search}`;
    };
    const links = [
      ...(page > 1 ? [`<${link(page - 1)}>; rel="prev"`] : []),
      ...(page < totalPages ? [`<${link(page + 1)}>; rel="next"`] : []),
      `<${link(1)}>; rel="first"`,
      ...(options.totals === false ? [] : [`<${link(totalPages)}>; rel="last"`]),
    ];
    const headers: Record<string, string> = {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      link: links.join(', '),
    };
    if (options.totals !== false) {
      headers['x-total'] = String(items.length);
      headers['x-total-pages'] = String(totalPages);
    }
    return { status: 200, headers, body: items.slice((page - 1) * perPage, page * perPage) };
  }

  private userJson(user: FakeUser) {
    return { id: user.id, username: user.username, name: user.name, state: 'active', bot: user.bot, web_url: `${this.url}/${user.username}` };
  }

  private branchJson(project: FakeProject, name: string) {
    const commit = project.commits.get(project.branches.get(name)!)!;
    return { name, merged: false, protected: name === project.defaultBranch, default: name === project.defaultBranch, can_push: true, commit: this.commitJson(commit) };
  }

  private commitJson(commit: FakeCommit) {
    return {
      id: commit.id,
      short_id: commit.id.slice(0, 8),
      title: commit.message.split('\n')[0],
      message: commit.message,
      author_name: commit.authorName,
      author_email: commit.authorEmail,
      committer_email: commit.committerEmail,
      created_at: commit.createdAt,
      committed_date: commit.createdAt,
      parent_ids: commit.parentIds,
    };
  }

  private mrJson(project: FakeProject, mr: FakeMergeRequest) {
    const author = this.users.find((u) => u.id === mr.authorId)!;
    return {
      id: mr.id,
      iid: mr.iid,
      project_id: project.id,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      draft: mr.title.startsWith('Draft:'),
      source_branch: mr.sourceBranch,
      target_branch: mr.targetBranch,
      labels: mr.labels,
      author: { id: author.id, username: author.username },
      reviewers: mr.reviewerIds.map((id) => ({ id, username: this.users.find((u) => u.id === id)!.username })),
      assignees: [],
      sha: project.branches.get(mr.sourceBranch) ?? null,
      created_at: mr.createdAt,
      updated_at: mr.updatedAt,
      closed_at: mr.closedAt,
      merged_at: mr.mergedAt,
      web_url: `${this.url}/${project.path}/-/merge_requests/${mr.iid}`,
      references: { short: `!${mr.iid}` },
    };
  }

  private noteJson(mr: FakeMergeRequest, note: FakeNote) {
    const author = this.users.find((u) => u.id === note.authorId)!;
    return { id: note.id, body: note.body, author: { id: author.id, username: author.username }, system: false, noteable_iid: mr.iid, created_at: note.createdAt };
  }
}

export async function startFakeGitLab(options: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  return new FakeGitLab(options).start();
}
