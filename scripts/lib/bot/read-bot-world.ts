// Read: everything `jobfam bot` decides from, read once and handed on as a value. The families as the
// source holds them (through the shared preparation, prepare.ts: validated, the model built, output
// paths claimed once; then rendered to the pages the handbook should have), the target project
// after preflight, and every page published under the target folder. GETs only; the GitLab port is
// built here (gitbeaker, or the offline port) and travels with the world for the apply step.
import path from 'node:path';
import type { BotCommand } from '../config.ts';
import type { BotConfig, Diagnostic, FamiliesInput, Grade } from '../types.ts';
import { readFamilies } from '../load/read-families.ts';
import { readTemplates } from '../load/read-templates.ts';
import { readFamiliesAtRevision } from '../load/read-git.ts';
import { prepareHandbook, type PreparedHandbook } from '../prepare.ts';
import type { Handbook } from '../model/handbook.ts';
import { equalityCheckerFor } from '../validate/index.ts';
import { createMarkdownTemplates } from '../render/templates.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { GitLabError, type GitLabPort, type ProjectId } from './gitlab-port.ts';
import { createGitbeakerPort } from './gitbeaker-adapter.ts';
import { createLocalTargetPort } from './local-target-port.ts';
import type { RenderedFamily } from './plan-merge-requests.ts';
import type { RenderedPayBands } from './plan-pay-bands.ts';
import { PAY_BANDS_PAGE } from '../model/paths.ts';
import { renderPayBandsPage } from '../render/pay-bands-page.ts';
import { isPageFile } from './stale-pages.ts';

/** Developer: the lowest role that can push a branch and open an MR. */
export const DEVELOPER_ACCESS = 30;
export const DEFAULT_TARGET_DIR = 'handbook';

/** The families as the source holds them, rendered to the pages the handbook should have. */
export interface BotSource {
  families: RenderedFamily[];
  /** The pay-bands page (_compensation.yml rendered), reviewed in an MR of its own. */
  payBands: RenderedPayBands;
  grades: Grade[];
  bot: BotConfig;
  /** _config.yml configures `language:` (the MR description then reports the gender-coded verdict). */
  language: boolean;
  diagnostics: Diagnostic[];
  /** The families directory as the source repository names it (e.g. job-families). */
  root: string;
}

export interface BotWorld {
  port: GitLabPort;
  source: BotSource;
  target: ProjectId;
  projectPath: string;
  targetBranch: string;
  /** Head of the target's default branch: every bot commit is built on it. */
  defaultHead: string;
  targetDir: string;
  /** Every page under targetDir on the target branch, and each rendered page: its text, or null when absent. */
  published: Map<string, string | null>;
  /** Lines for stderr about how this run reads the world (offline, no token). */
  notices: string[];
}

export type ReadResult =
  | { ok: true; world: BotWorld }
  /** Invalid data (1), a usage problem (2), or a project the bot cannot work on (3): `message`, or
   *  GitLab's failure for the caller to explain (`error`, on `target`). */
  | { ok: false; exitCode: 1 | 2 | 3; message: string | null; error?: GitLabError; target?: ProjectId; diagnostics: Diagnostic[]; notices: string[] };

export interface ReadOptions {
  templatesDir: string;
  /** Builds the GitLab port; default the gitbeaker adapter. */
  createPort?: (apiUrl: string, token: string | null) => GitLabPort;
}

/** Each family of the model rendered on its own, so "a family's pages" is whatever set the renderer makes for it. */
function renderFamilyPages(model: Handbook, templates: ReturnType<typeof createMarkdownTemplates>, targetDir: string, root: string): RenderedFamily[] {
  return model.families.map((f) => ({
    family: { slug: f.slug, title: f.title, path: f.relativePath },
    sourcePath: path.posix.join(root, f.relativePath),
    pages: renderMarkdown([{ relativePath: f.relativePath, family: f.file.family }], model.grades, templates).map((output) => ({
      path: path.posix.join(targetDir, output.path.replace(/^handbook\//, '')),
      content: String(output.content),
    })),
  }));
}

/** _compensation.yml as the pay-bands page, with the families and openings a band change reaches. */
function renderPayBands(model: Handbook, templates: ReturnType<typeof createMarkdownTemplates>, targetDir: string, root: string): RenderedPayBands {
  const sourcePath = path.posix.join(root, '_compensation.yml');
  const compensation = model.pay?.compensation ?? null;
  return {
    path: path.posix.join(targetDir, PAY_BANDS_PAGE),
    content: compensation ? renderPayBandsPage(templates, compensation, model.grades) : null,
    compensation,
    sourcePath,
    families: model.families.map((f) => f.file),
    openings: model.openings,
  };
}

/** The shared preparation (validate, then build the model): the same facts `jobfam build` renders from. */
async function prepare(input: FamiliesInput): Promise<PreparedHandbook> {
  // No date: which openings expired does not change a handbook page.
  return prepareHandbook(input, { today: null, equality: await equalityCheckerFor(input) });
}

/**
 * Reads the world. GitLab errors (GitLabError) are thrown for the caller to explain; refusals found in
 * preflight (archived, MRs off, too little access, no default branch) come back as values.
 */
export async function readBotWorld(command: BotCommand, cwd: string, options: ReadOptions): Promise<ReadResult> {
  const notices: string[] = [];
  const prepared = await prepare(await readFamilies([command.familiesDir], cwd));
  const { validation, model } = prepared;
  const stop = (exitCode: 1 | 2 | 3, message: string | null, diagnostics = prepared.diagnostics): ReadResult => ({ ok: false, exitCode, message, diagnostics, notices });
  if (!model) return stop(1, null);
  const bot = validation.config?.bot ?? {};
  const offline = command.published;
  const target: ProjectId | null = command.targetProject ?? bot.targetProject ?? command.gitlab.projectId ?? (offline ? 'local' : null);
  if (target === null) return stop(2, 'no target project. Set CI_PROJECT_ID (GitLab CI does), JOBFAM_TARGET_PROJECT, or bot.targetProject in _config.yml.');
  const targetDir = (command.targetDir ?? bot.targetDir ?? DEFAULT_TARGET_DIR).replace(/^\/+|\/+$/g, '');
  const root = (path.relative(cwd, path.resolve(cwd, command.familiesDir)) || '.').split(path.sep).join('/');
  const templates = createMarkdownTemplates(await readTemplates(options.templatesDir));
  if (model.pay?.compensation && !templates.payBands) {
    return stop(2, `${path.join(options.templatesDir, 'handbook', 'pay-bands.md.hbs')} is missing: the pay-bands page of _compensation.yml is rendered with it (copy jobfam's templates/handbook/pay-bands.md.hbs).`);
  }

  let port: GitLabPort;
  if (offline) {
    const before = await readFamiliesAtRevision(offline, command.familiesDir, cwd);
    const published = before ? await prepare(before) : null;
    if (published && !published.model) return stop(1, null, published.diagnostics);
    const pages = published?.model ? renderFamilyPages(published.model, templates, targetDir, root) : [];
    const bands = published?.model ? renderPayBands(published.model, templates, targetDir, root) : null;
    const files = [...pages.flatMap((r) => r.pages.map((page) => [page.path, page.content] as const)), ...(bands?.content ? [[bands.path, bands.content] as const] : [])];
    port = createLocalTargetPort(new Map(files), { label: `the handbook as ${offline} renders it`, head: offline });
    notices.push(`jobfam bot: ${command.gitlab.apiUrl ? '' : 'no GitLab (CI_API_V4_URL is not set), so '}this is an offline dry run against the pages the families at ${offline} render to.`);
  } else {
    port = (options.createPort ?? ((apiUrl, token) => createGitbeakerPort({ apiUrl, token })))(command.gitlab.apiUrl!, command.gitlab.token);
    if (command.dryRunReason === 'no-token') notices.push('jobfam bot: no JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, so this is a dry run (GET requests only).');
  }

  try {
    return await readTarget(command, port, target, targetDir, { prepared: { ...prepared, model }, bot, root, templates, notices, stop });
  } catch (error) {
    if (error instanceof GitLabError) return { ...(stop(3, null) as Extract<ReadResult, { ok: false }>), error, target };
    throw error;
  }
}

async function readTarget(
  command: BotCommand,
  port: GitLabPort,
  target: ProjectId,
  targetDir: string,
  read: {
    prepared: PreparedHandbook & { model: Handbook };
    bot: BotConfig;
    root: string;
    templates: ReturnType<typeof createMarkdownTemplates>;
    notices: string[];
    stop: (exitCode: 3, message: string) => ReadResult;
  },
): Promise<ReadResult> {
  const { prepared, bot, root, templates, notices, stop } = read;
  const offline = command.published;
  // Preflight: stop clearly before any work when the token or the project cannot do the job.
  if (command.gitlab.token && !offline) await port.currentUser();
  const project = await port.project(target);
  if (project.archived) return stop(3, `project ${project.path} is archived (read-only); unarchive it or point the bot at another project.`);
  if (!project.mergeRequestsEnabled) return stop(3, `project ${project.path} has merge requests turned off; turn them on in Settings > General.`);
  if (!command.dryRun && project.accessLevel < DEVELOPER_ACCESS) {
    return stop(3, `the token has access level ${project.accessLevel} on ${project.path}; the bot needs Developer (30) or higher to push branches and open merge requests.`);
  }
  const sameProject = command.gitlab.projectId !== null && String(target) === command.gitlab.projectId;
  const targetBranch = (sameProject ? command.gitlab.defaultBranch : null) ?? project.defaultBranch;
  const defaultHead = targetBranch ? await port.branchHead(target, targetBranch) : null;
  if (!targetBranch || !defaultHead) return stop(3, `project ${project.path} has no default branch to open merge requests against (is the repository empty?).`);

  const families = renderFamilyPages(prepared.model, templates, targetDir, root);
  // Every page under the folder: the rendered ones to compare, the others to find what was left behind.
  const existing = new Set(await port.listFiles(target, targetDir, targetBranch));
  const payBands = renderPayBands(prepared.model, templates, targetDir, root);
  const wanted = new Set([...families.flatMap((f) => f.pages.map((p) => p.path)), payBands.path, ...[...existing].filter(isPageFile)]);
  const published = new Map<string, string | null>();
  for (const file of [...wanted].sort()) published.set(file, existing.has(file) ? await port.readFile(target, file, targetBranch) : null);

  const source: BotSource = { families, payBands, grades: prepared.model.grades, bot, language: prepared.validation.config?.language !== undefined, diagnostics: prepared.diagnostics, root };
  return { ok: true, world: { port, source, target, projectPath: project.path, targetBranch, defaultHead, targetDir, published, notices } };
}
