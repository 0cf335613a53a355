// Report: what `jobfam bot` prints and writes to --plan, built from the outcome values applyPlans
// returned (never by reading printed text back). Pure.
import { describeChange } from '../diff/describe-changes.ts';
import type { GitLabError, ProjectId } from './gitlab-port.ts';
import type { DryRunOutcome } from './ensure-merge-request.ts';
import { descriptionOf, type MrPlan } from './plan-merge-requests.ts';
import type { ApplyResult, FamilyResult } from './apply-plans.ts';

export function outcomeText(outcome: DryRunOutcome): string {
  switch (outcome.kind) {
    case 'created':
      return `created !${outcome.iid}`;
    case 'updated':
      return `updated !${outcome.iid}`;
    case 'closed':
      return `closed !${outcome.iid}`;
    case 'ignored-closed':
      return `ignored: closed !${outcome.iid}`;
    case 'skipped-edited':
      return `skipped: edited by a person !${outcome.iid}`;
    case 'skipped-retargeted':
      return `skipped: re-targeted !${outcome.iid}`;
    case 'unchanged':
      return 'unchanged';
    case 'left-alone':
      return `left alone: ${outcome.reason}`;
    case 'would-create':
      return 'would create';
    case 'would-update':
      return `would update !${outcome.iid}`;
    case 'would-close':
      return `would close !${outcome.iid}`;
    case 'would-mark':
      return `would mark !${outcome.iid} as edited by a person`;
  }
}

/** The word an outcome is counted under in the summary line. */
const COUNTED_AS: Record<DryRunOutcome['kind'], string> = {
  created: 'created',
  updated: 'updated',
  closed: 'closed',
  'ignored-closed': 'ignored',
  'skipped-edited': 'skipped',
  'skipped-retargeted': 'skipped',
  unchanged: 'unchanged',
  'left-alone': 'left alone',
  'would-create': 'would create',
  'would-update': 'would update',
  'would-close': 'would close',
  'would-mark': 'would mark',
};

/** "3 unchanged, 1 created, 1 failed": kinds in the order first met, failures last. */
export function summaryCounts(families: readonly FamilyResult[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { result } of families) {
    if ('outcome' in result) counts.set(COUNTED_AS[result.outcome.kind], (counts.get(COUNTED_AS[result.outcome.kind]) ?? 0) + 1);
  }
  const failed = families.filter((f) => 'failed' in f.result).length;
  return [...counts, ...(failed > 0 ? [['failed', failed] as [string, number]] : [])];
}

/** What a failed GitLab call means for the operator, and what to do about it. */
export function explainFailure(error: GitLabError, target: ProjectId, hasToken: boolean): string {
  const token = 'JOBFAM_GITLAB_TOKEN (or GITLAB_TOKEN)';
  switch (error.failure) {
    case 'unauthorized':
      return hasToken
        ? `GitLab refused the token (${error.message}). Check that ${token} holds a valid, unexpired project access token.`
        : `GitLab needs a token to read project ${target} (${error.message}). Set ${token}.`;
    case 'forbidden':
      return `GitLab refused the request (${error.message}). The token needs the Developer role and the api scope on project ${target}.`;
    case 'not-found':
      return `GitLab answered "not found" (${error.message}). Check the target project ${target} (JOBFAM_TARGET_PROJECT, bot.targetProject or CI_PROJECT_ID) and that the token can see it.`;
    case 'redirected':
      return `GitLab answered with a redirect (${error.message}). The bot never follows a redirect, so its token went nowhere else. Check CI_API_V4_URL: it must be the API base itself, e.g. https://gitlab.example.com/api/v4, with the right scheme and host.`;
    case 'not-api':
      return `The answer was not GitLab's API (${error.message}); a login page or a proxy answered instead. Check CI_API_V4_URL and that nothing between the runner and GitLab rewrites API requests.`;
    case 'unavailable':
      return `GitLab could not be reached or is overloaded (${error.message}). Nothing is lost: the next pipeline reconciles.`;
    default:
      return `GitLab refused the request (${error.message}).`;
  }
}

/** One family in the --plan file: what the bot decided and why, in the words it prints. */
export interface PlannedFamily {
  family: string;
  path: string;
  status: MrPlan['status'];
  outcome: string;
  branch: string;
  reviewKinds: MrPlan['reviewKinds'];
  changes: string[];
  title: string | null;
  labels: string[];
  reviewers: string[];
  description: string | null;
  /** Pages the MR deletes (published pages no family renders any more). */
  deletes: string[];
}

function plannedFamily({ plan, reviewers, result }: FamilyResult): PlannedFamily {
  const review = plan.status === 'review';
  return {
    family: plan.family.title,
    path: plan.family.path,
    status: plan.status,
    outcome: 'outcome' in result ? outcomeText(result.outcome) : `failed: ${result.failed}`,
    branch: plan.branch,
    reviewKinds: plan.reviewKinds,
    changes: plan.changes.map(describeChange),
    title: review ? plan.title : null,
    labels: plan.labels,
    reviewers: [...reviewers],
    description: review ? descriptionOf(plan, {}) : null,
    deletes: plan.files.filter((f) => f.content === null).map((f) => f.path),
  };
}

export interface BotReportInput {
  applied: ApplyResult;
  unowned: readonly string[];
  targetBranch: string;
  projectPath: string;
  sourceSha: string | null;
  dryRun: boolean;
}

export interface BotReport {
  out: string[];
  err: string[];
  /** The --plan file's content. */
  plan: { dryRun: boolean; targetProject: string; targetBranch: string; sourceSha: string | null; families: PlannedFamily[] };
  exitCode: 0 | 3;
}

function planLines(plan: MrPlan): string[] {
  const lines = [`  ${plan.status === 'review' ? `needs review (${plan.reviewKinds.join(', ')})` : 'no review needed'}: ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`];
  if (plan.status !== 'review') return lines;
  lines.push(`  title: ${plan.title}`, '  description:');
  for (const line of descriptionOf(plan, { commit: null, base: null }).split('\n')) lines.push(`    ${line}`);
  return lines;
}

export function reportBot(input: BotReportInput): BotReport {
  const { applied, dryRun } = input;
  const out: string[] = [];
  const err: string[] = [];
  for (const file of input.unowned) err.push(`warning: ${file} is on ${input.targetBranch} but no family renders it any more; left alone.`);
  for (const username of applied.unknownReviewers) err.push(`warning: reviewer "${username}" is not a GitLab user; skipped. Fix bot.reviewers in _config.yml.`);
  for (const family of applied.families) {
    const { plan, result } = family;
    const name = plan.family.path.replace(/\.ya?ml$/, '');
    if ('failed' in result) {
      out.push(`${name}: failed: ${result.failed}`);
      continue;
    }
    const { outcome } = result;
    if (dryRun) {
      out.push(`${name}:`, ...family.dryRunLines.map((line) => `  DRY-RUN: ${line}`), `  ${outcomeText(outcome)}`);
      if (outcome.kind === 'would-create' || outcome.kind === 'would-update') out.push(...planLines(plan));
      continue;
    }
    const detail = outcome.kind === 'left-alone' ? ` (${plan.changes.slice(0, 3).map(describeChange).join('; ')}${plan.changes.length > 3 ? '; …' : ''})` : '';
    out.push(`${name}: ${outcomeText(outcome)}${detail}`);
  }
  // The pay bands are no family: counted apart, and named in the summary only when something happened to them.
  const families = applied.families.filter((f) => !f.plan.payBands);
  const bands = applied.families.find((f) => f.plan.payBands);
  const count = families.length;
  const summary = summaryCounts(families)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const bandsText = !bands ? '' : 'failed' in bands.result ? '; pay bands: failed' : bands.result.outcome.kind === 'unchanged' ? '' : `; pay bands: ${outcomeText(bands.result.outcome)}`;
  out.push(`jobfam bot: ${count} famil${count === 1 ? 'y' : 'ies'}${summary ? `: ${summary}` : ''}${bandsText}${dryRun ? ' (dry run: nothing was written)' : ''}.`);
  const failed = applied.families.filter((f) => 'failed' in f.result).length;
  if (failed > 0) err.push(`jobfam bot: GitLab refused the changes of ${failed} famil${failed === 1 ? 'y' : 'ies'} (see "failed:" above); the others were reconciled.`);
  return {
    out,
    err,
    plan: { dryRun, targetProject: input.projectPath, targetBranch: input.targetBranch, sourceSha: input.sourceSha, families: applied.families.map(plannedFamily) },
    exitCode: failed > 0 ? 3 : 0,
  };
}
