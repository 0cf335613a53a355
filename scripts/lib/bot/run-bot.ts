// `jobfam bot`: validate → render every family's page(s) → read the published pages → plan →
// ensure one MR per family that needs review. Stateless: each run derives everything from the YAML
// and GitLab, so a missed pipeline loses nothing. The GitLab port is a parameter (tests, dry run).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BotCommand } from '../config.ts';
import type { Diagnostic, FamilyFile, Grade } from '../types.ts';
import { readFamilies } from '../load/read-families.ts';
import { readTemplates } from '../load/read-templates.ts';
import { hasErrors, validateFamilies } from '../validate/index.ts';
import { createMarkdownTemplates } from '../render/templates.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { describeChange } from '../diff/describe-changes.ts';
import { GitLabError, type GitLabPort, type ProjectId } from './gitlab-port.ts';
import { createGitbeakerPort } from './gitbeaker-adapter.ts';
import { createLocalTargetPort } from './local-target-port.ts';
import { readFamiliesAtRevision } from '../load/read-git.ts';
import { descriptionOf, planMergeRequests, type MrPlan, type RenderedFamily } from './plan-merge-requests.ts';
import { ensureMergeRequest, type DryRunOutcome } from './ensure-merge-request.ts';
import { createRedactor, describeError, type Redactor } from './redact.ts';

/** Developer: the lowest role that can push a branch and open an MR. */
export const DEVELOPER_ACCESS = 30;
export const DEFAULT_TARGET_DIR = 'handbook';

export interface BotIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface BotResult {
  /** 0 ok, 1 invalid data, 2 usage, 3 GitLab unreachable or refused. */
  exitCode: 0 | 1 | 2 | 3;
  diagnostics: Diagnostic[];
}

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

/** What a failed GitLab call means for the operator, and what to do about it. */
function explainFailure(error: GitLabError, target: ProjectId, hasToken: boolean): string {
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

async function renderFamilyPages(families: readonly FamilyFile[], grades: readonly Grade[], templatesDir: string, targetDir: string, root: string): Promise<RenderedFamily[]> {
  const templates = createMarkdownTemplates(await readTemplates(templatesDir));
  // One family at a time, so "a family's pages" is whatever set the renderer makes for it.
  return families.map((f) => ({
    family: { slug: f.slug, title: f.family.frontMatter.title, path: f.source.relativePath },
    sourcePath: path.posix.join(root.split(path.sep).join('/'), f.source.relativePath),
    pages: renderMarkdown([{ relativePath: f.source.relativePath, family: f.family }], grades, templates).map((output) => ({
      path: path.posix.join(targetDir, output.path.replace(/^handbook\//, '')),
      content: String(output.content),
    })),
  }));
}

function printPlan(plan: MrPlan, say: (line: string) => void): void {
  say(`  ${plan.status === 'review' ? `needs review (${plan.reviewKinds.join(', ')})` : 'no review needed'}: ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`);
  if (plan.status !== 'review') return;
  say(`  title: ${plan.title}`);
  say('  description:');
  for (const line of descriptionOf(plan, { commit: null, base: null }).split('\n')) say(`    ${line}`);
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
}

function plannedFamily(plan: MrPlan, outcome: DryRunOutcome, reviewers: readonly string[]): PlannedFamily {
  const review = plan.status === 'review';
  return {
    family: plan.family.title,
    path: plan.family.path,
    status: plan.status,
    outcome: outcomeText(outcome),
    branch: plan.branch,
    reviewKinds: plan.reviewKinds,
    changes: plan.changes.map(describeChange),
    title: review ? plan.title : null,
    labels: plan.labels,
    reviewers: [...reviewers],
    description: review ? descriptionOf(plan, {}) : null,
  };
}

export interface RunBotOptions {
  templatesDir: string;
  /** Builds the GitLab port; default the gitbeaker adapter. */
  createPort?: (apiUrl: string, token: string | null) => GitLabPort;
}

export async function runBot(command: BotCommand, cwd: string, io: BotIo, options: RunBotOptions): Promise<BotResult> {
  const redact: Redactor = createRedactor([command.gitlab.token]);
  const out = (text: string) => io.out(redact(text));
  const err = (text: string) => io.err(redact(text));

  const validation = validateFamilies(await readFamilies([command.familiesDir], cwd));
  if (hasErrors(validation.diagnostics)) return { exitCode: 1, diagnostics: validation.diagnostics };
  const bot = validation.config?.bot ?? {};
  const offline = command.published;
  const target: ProjectId | null = command.targetProject ?? bot.targetProject ?? command.gitlab.projectId ?? (offline ? 'local' : null);
  if (target === null) {
    err('jobfam bot: no target project. Set CI_PROJECT_ID (GitLab CI does), JOBFAM_TARGET_PROJECT, or bot.targetProject in _config.yml.');
    return { exitCode: 2, diagnostics: validation.diagnostics };
  }
  const targetDir = (command.targetDir ?? bot.targetDir ?? DEFAULT_TARGET_DIR).replace(/^\/+|\/+$/g, '');
  const root = path.relative(cwd, path.resolve(cwd, command.familiesDir)) || '.';
  let port: GitLabPort;
  if (offline) {
    const before = await readFamiliesAtRevision(offline, command.familiesDir, cwd);
    const published = before ? validateFamilies(before) : null;
    if (published && hasErrors(published.diagnostics)) return { exitCode: 1, diagnostics: published.diagnostics };
    const pages = published ? await renderFamilyPages(published.families, published.grades, options.templatesDir, targetDir, root) : [];
    port = createLocalTargetPort(new Map(pages.flatMap((r) => r.pages.map((page) => [page.path, page.content] as const))), { label: `the handbook as ${offline} renders it`, head: offline });
    err(`jobfam bot: ${command.gitlab.apiUrl ? '' : 'no GitLab (CI_API_V4_URL is not set), so '}this is an offline dry run against the pages the families at ${offline} render to.`);
  } else {
    port = (options.createPort ?? ((apiUrl, token) => createGitbeakerPort({ apiUrl, token })))(command.gitlab.apiUrl!, command.gitlab.token);
    if (command.dryRunReason === 'no-token') err('jobfam bot: no JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, so this is a dry run (GET requests only).');
  }

  try {
    // Preflight: stop clearly before any work when the token or the project cannot do the job.
    if (command.gitlab.token && !offline) await port.currentUser();
    const project = await port.project(target);
    const refuse = (message: string): BotResult => {
      err(`jobfam bot: ${message}`);
      return { exitCode: 3, diagnostics: validation.diagnostics };
    };
    if (project.archived) return refuse(`project ${project.path} is archived (read-only); unarchive it or point the bot at another project.`);
    if (!project.mergeRequestsEnabled) return refuse(`project ${project.path} has merge requests turned off; turn them on in Settings > General.`);
    if (!command.dryRun && project.accessLevel < DEVELOPER_ACCESS) {
      return refuse(`the token has access level ${project.accessLevel} on ${project.path}; the bot needs Developer (30) or higher to push branches and open merge requests.`);
    }
    const sameProject = command.gitlab.projectId !== null && String(target) === command.gitlab.projectId;
    const targetBranch = (sameProject ? command.gitlab.defaultBranch : null) ?? project.defaultBranch;
    const defaultHead = targetBranch ? await port.branchHead(target, targetBranch) : null;
    if (!targetBranch || !defaultHead) return refuse(`project ${project.path} has no default branch to open merge requests against (is the repository empty?).`);

    const rendered = await renderFamilyPages(validation.families, validation.grades, options.templatesDir, targetDir, root);
    const existing = new Set(await port.listFiles(target, targetDir, targetBranch));
    const published = new Map<string, string | null>();
    for (const page of rendered.flatMap((r) => r.pages)) {
      published.set(page.path, existing.has(page.path) ? await port.readFile(target, page.path, targetBranch) : null);
    }
    // A published page no family renders any more (a family removed or renamed) is reported, not deleted:
    // removing a page from the handbook is a decision for a person.
    for (const file of [...existing].filter((f) => f.endsWith('.md') && !published.has(f)).sort()) {
      err(`warning: ${file} is on ${targetBranch} but no family renders it any more; left alone.`);
    }
    const plans = planMergeRequests(rendered, published, { targetBranch, sourceSha: command.gitlab.commitSha, grades: validation.grades, bot, language: validation.config?.language !== undefined });

    const userIds = new Map<string, number>();
    for (const username of new Set(plans.flatMap((p) => (p.status === 'review' ? p.reviewers : [])))) {
      const user = await port.findUser(username);
      if (user) userIds.set(username, user.id);
      else err(`warning: reviewer "${username}" is not a GitLab user; skipped. Fix bot.reviewers in _config.yml.`);
    }

    const counts = new Map<string, number>();
    const planned: PlannedFamily[] = [];
    let failed = 0;
    for (const plan of plans) {
      const reviewers = plan.reviewers.filter((u) => userIds.has(u));
      const context = {
        project: target,
        defaultHead,
        reviewerIds: reviewers.map((u) => userIds.get(u)!),
        dryRun: command.dryRun,
        log: (line: string) => out(`  DRY-RUN: ${line}`),
      };
      const name = plan.family.path.replace(/\.ya?ml$/, '');
      let outcome: DryRunOutcome;
      try {
        if (command.dryRun) {
          out(`${name}:`);
          outcome = await ensureMergeRequest(port, plan, context, reviewers);
          out(`  ${outcomeText(outcome)}`);
          if (outcome.kind === 'would-create' || outcome.kind === 'would-update') printPlan(plan, out);
        } else {
          outcome = await ensureMergeRequest(port, plan, context, reviewers);
          const detail =
            outcome.kind === 'left-alone'
              ? ` (${plan.changes.slice(0, 3).map(describeChange).join('; ')}${plan.changes.length > 3 ? '; …' : ''})`
              : '';
          out(`${name}: ${outcomeText(outcome)}${detail}`);
        }
      } catch (error) {
        // GitLab refused this family's write (400/409/422/404): report it, go on with the others, exit 3.
        // Auth, permission and availability problems concern every family: stop.
        if (!(error instanceof GitLabError) || !['rejected', 'conflict', 'not-found'].includes(error.failure)) throw error;
        out(`${name}: failed: ${error.message}`);
        failed += 1;
        continue;
      }
      const key = outcomeText(outcome).replace(/ !\d+$/, '').replace(/:.*$/, '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
      planned.push(plannedFamily(plan, outcome, reviewers));
    }
    if (command.planFile) {
      const file = path.resolve(cwd, command.planFile);
      await mkdir(path.dirname(file), { recursive: true });
      const report = { dryRun: command.dryRun, targetProject: project.path, targetBranch, sourceSha: command.gitlab.commitSha, families: planned };
      await writeFile(file, `${redact(JSON.stringify(report, null, 2))}\n`);
    }
    if (failed > 0) counts.set('failed', failed);
    const summary = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
    out(`jobfam bot: ${plans.length} famil${plans.length === 1 ? 'y' : 'ies'}${summary ? `: ${summary}` : ''}${command.dryRun ? ' (dry run: nothing was written)' : ''}.`);
    if (failed > 0) err(`jobfam bot: GitLab refused the changes of ${failed} famil${failed === 1 ? 'y' : 'ies'} (see "failed:" above); the others were reconciled.`);
    return { exitCode: failed > 0 ? 3 : 0, diagnostics: validation.diagnostics };
  } catch (error) {
    if (error instanceof GitLabError) {
      err(`jobfam bot: ${explainFailure(error, target, command.gitlab.token !== null)}`);
      return { exitCode: 3, diagnostics: validation.diagnostics };
    }
    // Anything else is a bug: print it, redacted, without any request object (those hold the token).
    err(`jobfam bot: unexpected failure: ${describeError(error, redact)}`);
    if (error instanceof Error && error.stack) err(redact(error.stack));
    return { exitCode: 3, diagnostics: validation.diagnostics };
  }
}
