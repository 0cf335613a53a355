// The world `jobfam bot` runs in for the tests: a source git repo with the families, a fake GitLab
// whose target project holds the published handbook pages, and the real CLI spawned against it.
import { stripHouseRules } from './house-rules.ts';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { main } from '../../scripts/cli.ts';
import { readFamilies } from '../../scripts/lib/load/read-families.ts';
import { readTemplates } from '../../scripts/lib/load/read-templates.ts';
import { renderMarkdown } from '../../scripts/lib/render/markdown.ts';
import { createMarkdownTemplates } from '../../scripts/lib/render/templates.ts';
import { PAY_BANDS_PAGE } from '../../scripts/lib/model/paths.ts';
import { renderPayBandsPage } from '../../scripts/lib/render/pay-bands-page.ts';
import { prepareHandbook } from '../../scripts/lib/prepare.ts';
import { validateFamilies } from '../../scripts/lib/validate/index.ts';
import { startFakeGitLab, type FakeGitLab, type FakeProject, type FakeUser, type FakeGitLabOptions } from '../fakes/gitlab-server.ts';
import { createBotGitRepo, type BotGitRepo } from './bot-git.ts';
import { repoRoot, templatesDir } from './paths.ts';

export const BOT_TOKEN = 'glpat-Bot7oken-ShouldNeverBePrinted';
export const TARGET_DIR = 'content/job-families';

export const BOT_CONFIG = `
bot:
  targetDir: ${TARGET_DIR}
  reviewers:
    grade: [total-rewards-lead]
    requirements: [recruiting-lead, nobody-by-this-name]
`;

/** The handbook pages of the families in `dir`, at their paths in the target project. */
export async function publishedPagesOf(dir: string): Promise<Record<string, string>> {
  const validation = validateFamilies(await readFamilies([dir], dir));
  const templates = createMarkdownTemplates(await readTemplates(templatesDir));
  const outputs = renderMarkdown(
    validation.families.map((f) => ({ relativePath: f.source.relativePath, family: f.family })),
    validation.grades,
    templates,
  );
  const pages = Object.fromEntries(outputs.map((o) => [`${TARGET_DIR}/${o.path.replace(/^handbook\//, '')}`, String(o.content)]));
  // The pay-bands page too, when the families have bands: a target in sync with the source has it.
  const { model } = prepareHandbook(await readFamilies([dir], dir), { today: null });
  const compensation = model?.pay?.compensation;
  if (compensation) pages[`${TARGET_DIR}/${PAY_BANDS_PAGE}`] = renderPayBandsPage(templates, compensation, validation.grades);
  return pages;
}

/** stderr without the families' own validation warnings (house rules, language): what the bot itself said. */
export function botStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^\S+\.ya?ml:\d+:\d+\s+warning\s/.test(line) && !/^\s+hint: /.test(line))
    .join('\n')
    .trim();
}

export interface BotWorld {
  gitlab: FakeGitLab;
  /** The bot's token in this world. */
  token: string;
  project: FakeProject;
  bot: FakeUser;
  reviewers: { totalRewards: FakeUser; recruiting: FakeUser };
  repo: BotGitRepo & { base: string };
  familiesDir: string;
  /** Edits one family file's text and commits; returns the new SHA. */
  edit(file: string, change: (yaml: string) => string): Promise<string>;
  /** Runs `jobfam bot` like CI does (HEAD as CI_COMMIT_SHA); never throws on a non-zero exit. */
  run(args?: string[], env?: Record<string, string | undefined>): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** The same command through the CLI's main() in this process: no spawn, for the many small preflight cases. */
  runInProcess(args?: string[], env?: Record<string, string | undefined>): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** Stops the fake and removes the repo. */
  close(): Promise<void>;
}

/**
 * A source repo with the bundled families (or `families`, a tree of YAML files) and a target project
 * whose default branch already holds the pages those families render to: everything in sync.
 */
export async function createBotWorld(
  options: { families?: Record<string, string>; withoutBundled?: boolean; gitlab?: FakeGitLabOptions; config?: string; token?: string } = {},
): Promise<BotWorld> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(options.families ?? {})) files[`job-families/${name}`] = text;
  const repo = await createBotGitRepo(files, { bundled: options.withoutBundled ? 'settings-only' : true, shared: true });
  const familiesDir = path.join(repo.dir, 'job-families');
  const configFile = path.join(familiesDir, '_config.yml');
  // Without the bundled house rules: their warnings (README: House rules) would fill every run's stderr.
  await writeFile(configFile, stripHouseRules(await readFile(configFile, 'utf8')).replace(/\n*$/, '\n') + (options.config ?? BOT_CONFIG));
  await repo.commit('bot config');

  const gitlab = await startFakeGitLab(options.gitlab);
  const token = options.token ?? BOT_TOKEN;
  const bot = gitlab.addUser('project_1_bot_5f3a', { token, bot: true });
  const reviewers = {
    totalRewards: gitlab.addUser('total-rewards-lead'),
    recruiting: gitlab.addUser('recruiting-lead'),
  };
  const project = gitlab.addProject('handbook/handbook', { 'README.md': '# Handbook\n', ...(await publishedPagesOf(familiesDir)) }, { members: [[bot, 30]] });

  const ciEnv = async () => ({
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: String(project.id),
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_SHA: await repo.git(['rev-parse', 'HEAD']),
    JOBFAM_GITLAB_TOKEN: token,
  });
  const world: BotWorld = {
    gitlab,
    token,
    project,
    bot,
    reviewers,
    repo,
    familiesDir,
    async close() {
      await gitlab.stop();
      await repo.cleanup();
    },
    async edit(file, change) {
      const full = path.join(familiesDir, file);
      const before = await readFile(full, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      await writeFile(full, after);
      return repo.commit(`edit ${file}`);
    },
    async runInProcess(args = [], env = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const exitCode = await main(['bot', ...args], { ...(await ciEnv()), ...env }, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repo.dir });
      return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
    },
    async run(args = [], env = {}) {
      const result = await execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), 'bot', ...args], {
        cwd: repo.dir,
        reject: false,
        // Only what CI would set: nothing from the developer's environment leaks in.
        env: { PATH: process.env.PATH, HOME: repo.dir, ...(await ciEnv()), ...env },
        extendEnv: false,
      });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
  };
  return world;
}
