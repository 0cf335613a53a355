// Makes GitLab match one family's plan, idempotently: read the state (GETs only), decide what to do
// (pure), apply it (the only writes). A write that failed ambiguously (5xx, timeout) or hit a race
// (409) is followed by a fresh read and a new decision, never by a blind retry.
import type { GitLabCommit, GitLabMergeRequest, GitLabPort, ProjectId } from './gitlab-port.ts';
import { GitLabError } from './gitlab-port.ts';
import { hashDescription, parseMarker, type BotMarker } from './describe-merge-request.ts';
import { descriptionOf, EDITED_LABEL, type MrPlan } from './plan-merge-requests.ts';

export const BOT_AUTHOR = { name: 'jobfam bot', email: 'jobfam-bot@noreply.jobfam.invalid' } as const;
/** Labels that tell the bot to keep away from an MR. */
export const STOP_LABELS = [EDITED_LABEL, 'jobfam-bot:stop'] as const;
const AUTOCLOSED_SUFFIX = ' - autoclosed';
const COMMITS_CHECKED = 20;
const ATTEMPTS = 3;

export type Outcome =
  | { kind: 'created' | 'updated' | 'closed' | 'ignored-closed' | 'skipped-edited' | 'skipped-retargeted'; iid: number }
  | { kind: 'unchanged' }
  | { kind: 'left-alone'; reason: string };

export interface EnsureContext {
  project: ProjectId;
  /** Head of the target's default branch: the base every bot commit is built on. */
  defaultHead: string;
  /** Usernames → ids; unknown names are already left out. */
  reviewerIds: readonly number[];
  dryRun: boolean;
  /** Lines of the dry-run plan ("would create …"). */
  log: (line: string) => void;
}

/** What GitLab holds for one family's branch, read with GETs only. */
export interface MrState {
  mergeRequests: GitLabMergeRequest[];
  branchHead: string | null;
  /** Newest first; read only when an open MR could be overwritten. */
  branchCommits: GitLabCommit[];
  /** The family's files on the branch, read only when a commit might be needed. */
  branchFiles: Map<string, string | null>;
}

export type Decision =
  | { action: 'none'; outcome: Outcome }
  | { action: 'close'; mr: GitLabMergeRequest; why: string }
  | { action: 'mark-edited'; mr: GitLabMergeRequest }
  | { action: 'create'; commit: boolean }
  | { action: 'update'; mr: GitLabMergeRequest; commit: boolean; marker: BotMarker | null };

const isOpen = (mr: GitLabMergeRequest) => mr.state === 'opened' || mr.state === 'locked';

/**
 * True when someone other than the bot committed on the branch: walking from the head, every commit
 * down to a known base (the marker's, or today's default head) must be the bot's.
 */
export function editedByPerson(commits: readonly GitLabCommit[], bases: ReadonlySet<string>): boolean {
  for (const commit of commits) {
    if (bases.has(commit.id)) return false;
    if (commit.authorEmail !== BOT_AUTHOR.email) return true;
  }
  return false;
}

function filesMatch(plan: MrPlan, state: MrState): boolean {
  return state.branchHead !== null && plan.files.every((file) => state.branchFiles.get(file.path) === file.content);
}

/** Reads what the decision needs; reads files and commits only when they can matter. */
export async function readMrState(port: GitLabPort, plan: MrPlan, project: ProjectId): Promise<MrState> {
  const mergeRequests = (await port.listMergeRequests(project, plan.branch)).sort((a, b) => b.iid - a.iid);
  const state: MrState = { mergeRequests, branchHead: null, branchCommits: [], branchFiles: new Map() };
  if (plan.status !== 'review' && !mergeRequests.some(isOpen)) return state;
  state.branchHead = await port.branchHead(project, plan.branch);
  if (state.branchHead === null) return state;
  if (mergeRequests.some(isOpen)) state.branchCommits = await port.listCommits(project, plan.branch, COMMITS_CHECKED);
  // The files matter only when a commit may be due: not when the open MR already holds this content.
  const current = mergeRequests.some((mr) => isOpen(mr) && parseMarker(mr.description)?.fingerprint === plan.fingerprint);
  if (plan.status === 'review' && !current) {
    for (const file of plan.files) state.branchFiles.set(file.path, await port.readFile(project, file.path, plan.branch));
  }
  return state;
}

/** The one thing to do next for this family. Pure. */
export function decideMergeRequest(plan: MrPlan, state: MrState, context: { defaultHead: string; reviewerIds: readonly number[] }): Decision {
  const open = state.mergeRequests.filter(isOpen);
  const mine = open.find((mr) => mr.targetBranch === plan.targetBranch);
  if (!mine && open.length > 0) return { action: 'none', outcome: { kind: 'skipped-retargeted', iid: open[0]!.iid } };
  const stopped = mine?.labels.some((label) => (STOP_LABELS as readonly string[]).includes(label)) ?? false;
  const marker = mine ? parseMarker(mine.description) : null;
  const bases = new Set([context.defaultHead, ...(marker?.base ? [marker.base] : [])]);
  const edited = mine !== undefined && state.branchHead !== null && editedByPerson(state.branchCommits, bases);

  if (plan.status !== 'review') {
    if (mine && stopped) return { action: 'none', outcome: { kind: 'skipped-edited', iid: mine.iid } };
    if (mine && marker && !edited) {
      const why = plan.status === 'in-sync' ? 'the handbook page already matches the YAML' : 'the remaining change needs no review';
      return { action: 'close', mr: mine, why };
    }
    if (plan.status === 'in-sync') return { action: 'none', outcome: { kind: 'unchanged' } };
    return { action: 'none', outcome: { kind: 'left-alone', reason: 'no review needed' } };
  }

  if (mine) {
    if (stopped) return { action: 'none', outcome: { kind: 'skipped-edited', iid: mine.iid } };
    if (edited) return { action: 'mark-edited', mr: mine };
    if (marker?.fingerprint === plan.fingerprint) {
      // Same content: compare against the description as it was written (its commit and source SHA).
      const expected = descriptionOf({ ...plan, sourceSha: marker.sourceSha }, marker);
      const labelsOk = plan.labels.every((l) => mine.labels.includes(l)) && marker.labels.every((l) => plan.labels.includes(l));
      const reviewersOk = context.reviewerIds.every((id) => mine.reviewerIds.includes(id));
      if (mine.title === plan.title && hashDescription(mine.description) === hashDescription(expected) && labelsOk && reviewersOk) {
        return { action: 'none', outcome: { kind: 'unchanged' } };
      }
    }
    // Same fingerprint: the branch already holds these pages (only title, labels or reviewers are behind).
    const commit = marker?.fingerprint === plan.fingerprint ? false : !filesMatch(plan, state);
    return { action: 'update', mr: mine, commit, marker };
  }
  // Reviewers closed an MR for exactly this content: respect that. MRs the bot closed itself (obsolete
  // at the time) do not count, so a change that comes back gets a fresh MR.
  const refused = state.mergeRequests.find(
    (mr) => mr.targetBranch === plan.targetBranch && mr.state === 'closed' && !mr.title.endsWith(AUTOCLOSED_SUFFIX) && parseMarker(mr.description)?.fingerprint === plan.fingerprint,
  );
  if (refused) return { action: 'none', outcome: { kind: 'ignored-closed', iid: refused.iid } };
  return { action: 'create', commit: !filesMatch(plan, state) };
}

async function commitPages(port: GitLabPort, plan: MrPlan, context: EnsureContext): Promise<string> {
  // The branch is rebuilt on the default head, so pages that equal it need no action.
  const actions = plan.files
    .filter((file) => file.changed)
    .map((file) =>
      file.content === null
        ? { action: 'delete' as const, filePath: file.path }
        : { action: file.exists ? ('update' as const) : ('create' as const), filePath: file.path, content: file.content },
    );
  const commit = await port.commitFiles(context.project, {
    branch: plan.branch,
    message: `${plan.title}\n\nGenerated by jobfam bot from ${plan.sourcePath}${plan.sourceSha ? ` at ${plan.sourceSha}` : ''}.`,
    actions,
    startSha: context.defaultHead,
    authorName: BOT_AUTHOR.name,
    authorEmail: BOT_AUTHOR.email,
  });
  return commit.id;
}

const EDITED_NOTE =
  'A commit on this branch was not made by jobfam bot, so the bot will not update this merge request any more. ' +
  `Remove the \`${EDITED_LABEL}\` label (after resetting the branch) to hand it back, or close it.`;

/** Carries out one decision and says how it went. */
async function applyDecision(port: GitLabPort, plan: MrPlan, decision: Decision, state: MrState, context: EnsureContext): Promise<Outcome> {
  const { project } = context;
  switch (decision.action) {
    case 'none':
      return decision.outcome;
    case 'close':
      await port.createNote(project, decision.mr.iid, `Closing: ${decision.why}, so this merge request is no longer needed.`);
      await port.updateMergeRequest(project, decision.mr.iid, {
        stateEvent: 'close',
        ...(decision.mr.title.endsWith(AUTOCLOSED_SUFFIX) ? {} : { title: `${decision.mr.title}${AUTOCLOSED_SUFFIX}`.slice(0, 255) }),
      });
      return { kind: 'closed', iid: decision.mr.iid };
    case 'mark-edited':
      await port.createNote(project, decision.mr.iid, EDITED_NOTE);
      await port.updateMergeRequest(project, decision.mr.iid, { addLabels: [EDITED_LABEL] });
      return { kind: 'skipped-edited', iid: decision.mr.iid };
    case 'create': {
      const commit = decision.commit ? await commitPages(port, plan, context) : state.branchHead!;
      const mr = await port.createMergeRequest(project, {
        sourceBranch: plan.branch,
        targetBranch: plan.targetBranch,
        title: plan.title,
        description: descriptionOf(plan, { commit, base: context.defaultHead }),
        labels: plan.labels,
        reviewerIds: [...context.reviewerIds],
      });
      return { kind: 'created', iid: mr.iid };
    }
    case 'update': {
      const { mr, marker } = decision;
      const commit = decision.commit ? await commitPages(port, plan, context) : (state.branchHead ?? marker?.commit ?? null);
      const base = decision.commit ? context.defaultHead : (marker?.base ?? context.defaultHead);
      const ownLabels = marker?.labels ?? [];
      const removeLabels = ownLabels.filter((l) => !plan.labels.includes(l) && mr.labels.includes(l));
      const addLabels = plan.labels.filter((l) => !mr.labels.includes(l));
      const reviewerIds = [...new Set([...mr.reviewerIds, ...context.reviewerIds])];
      await port.updateMergeRequest(project, mr.iid, {
        title: plan.title,
        description: descriptionOf(plan, { commit, base }),
        ...(addLabels.length > 0 ? { addLabels } : {}),
        ...(removeLabels.length > 0 ? { removeLabels } : {}),
        ...(reviewerIds.length !== mr.reviewerIds.length ? { reviewerIds } : {}),
      });
      return { kind: 'updated', iid: mr.iid };
    }
  }
}

/** The dry-run line for a decision, in the words of gitlab-api.md §4.16. */
export function describeDecision(plan: MrPlan, decision: Decision, reviewers: readonly string[]): string[] {
  const changed = plan.files.filter((f) => f.changed).length;
  const commit = (yes: boolean) => (yes ? [`would commit ${changed} action${changed === 1 ? '' : 's'} on ${plan.branch}`] : []);
  switch (decision.action) {
    case 'none':
      return [];
    case 'close':
      return [`would close !${decision.mr.iid} (${decision.why})`];
    case 'mark-edited':
      return [`would note and label !${decision.mr.iid} (${EDITED_LABEL})`];
    case 'create':
      return [...commit(decision.commit), `would create MR "${plan.title}" on ${plan.branch} labels=[${plan.labels.join(', ')}] reviewers=[${reviewers.join(', ')}]`];
    case 'update':
      return [...commit(decision.commit), `would update !${decision.mr.iid} (title, description, labels, reviewers as needed)`];
  }
}

/** The plan's outcome as the dry run would have it: "would create", "would update !N"… */
export type DryRunOutcome = Outcome | { kind: 'would-create' } | { kind: 'would-update' | 'would-close' | 'would-mark'; iid: number };

/** Reads, decides and (unless dry run) applies, re-reading after an ambiguous failure or a race. */
export async function ensureMergeRequest(port: GitLabPort, plan: MrPlan, context: EnsureContext, reviewers: readonly string[] = []): Promise<DryRunOutcome> {
  let wrote: 'created' | 'updated' | null = null;
  for (let attempt = 1; ; attempt += 1) {
    const state = await readMrState(port, plan, context.project);
    const decision = decideMergeRequest(plan, state, context);
    // A write that GitLab answered with an error but carried out: the re-read shows it done.
    if (wrote && decision.action === 'none' && decision.outcome.kind === 'unchanged') {
      const mr = state.mergeRequests.find((m) => isOpen(m) && m.targetBranch === plan.targetBranch);
      if (mr) return { kind: wrote, iid: mr.iid };
    }
    if (context.dryRun) {
      for (const line of describeDecision(plan, decision, reviewers)) context.log(line);
      if (decision.action === 'none') return decision.outcome;
      if (decision.action === 'create') return { kind: 'would-create' };
      const kind = decision.action === 'update' ? 'would-update' : decision.action === 'close' ? 'would-close' : 'would-mark';
      return { kind, iid: decision.mr.iid };
    }
    try {
      return await applyDecision(port, plan, decision, state, context);
    } catch (error) {
      const retry = error instanceof GitLabError && (error.ambiguous || error.failure === 'conflict');
      if (!retry || attempt >= ATTEMPTS) throw error;
      // After a 409 ("already exists", resource lock) the re-read adopts what is there.
      if (error.ambiguous && (decision.action === 'create' || decision.action === 'update')) wrote = `${decision.action}d`;
    }
  }
}
