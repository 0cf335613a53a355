// Apply: makes GitLab match every family's plan (or, in a dry run, says what it would do) and returns
// what happened as values, one per family. Nothing here prints: the report is built from these.
import { GitLabError, type GitLabPort, type ProjectId } from './gitlab-port.ts';
import type { MrPlan } from './plan-merge-requests.ts';
import { ensureMergeRequest, type DryRunOutcome } from './ensure-merge-request.ts';

export interface FamilyResult {
  plan: MrPlan;
  /** Reviewers that exist on GitLab (the configured ones minus unknown usernames). */
  reviewers: string[];
  /** A dry run's "would …" lines for this family. */
  dryRunLines: string[];
  /** What happened; or, when GitLab refused this family's write, its answer. */
  result: { outcome: DryRunOutcome } | { failed: string };
}

export interface ApplyResult {
  families: FamilyResult[];
  /** Configured reviewers GitLab does not know. */
  unknownReviewers: string[];
}

export interface ApplyContext {
  project: ProjectId;
  defaultHead: string;
  dryRun: boolean;
}

/** GitLab refused this family's write (400/409/422/404): report it and go on with the others. */
const refusesOneFamily = (error: unknown): error is GitLabError => error instanceof GitLabError && ['rejected', 'conflict', 'not-found'].includes(error.failure);

/**
 * Resolves the reviewers, then ensures each plan in turn. Auth, permission and availability failures
 * concern every family: they are thrown, and the families after them are not touched.
 */
export async function applyPlans(port: GitLabPort, plans: readonly MrPlan[], context: ApplyContext): Promise<ApplyResult> {
  const userIds = new Map<string, number>();
  const unknownReviewers: string[] = [];
  for (const username of new Set(plans.flatMap((p) => (p.status === 'review' ? p.reviewers : [])))) {
    const user = await port.findUser(username);
    if (user) userIds.set(username, user.id);
    else unknownReviewers.push(username);
  }

  const families: FamilyResult[] = [];
  for (const plan of plans) {
    const reviewers = plan.reviewers.filter((u) => userIds.has(u));
    const dryRunLines: string[] = [];
    const ensure = {
      project: context.project,
      defaultHead: context.defaultHead,
      reviewerIds: reviewers.map((u) => userIds.get(u)!),
      dryRun: context.dryRun,
      log: (line: string) => dryRunLines.push(line),
    };
    try {
      const outcome = await ensureMergeRequest(port, plan, ensure, reviewers);
      families.push({ plan, reviewers, dryRunLines, result: { outcome } });
    } catch (error) {
      if (!refusesOneFamily(error)) throw error;
      families.push({ plan, reviewers, dryRunLines, result: { failed: error.message } });
    }
  }
  return { families, unknownReviewers };
}
