// Real git repositories in temp dirs for the diff and bot tests: write files, commit, read SHAs.
// Isolated from the developer's git config so author names and hooks are the same everywhere.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { familiesDir } from './paths.ts';
import { testdir } from './testdir.ts';

const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
};

export interface BotGitRepo {
  dir: string;
  /** Writes (or, with null, deletes) files relative to the repo root. */
  write(files: Record<string, string | null>): Promise<void>;
  /** Commits everything in the work tree; returns the new HEAD SHA. */
  commit(message: string): Promise<string>;
  git(args: string[]): Promise<string>;
  /** Removes the repo (done automatically when it was made inside a test). */
  cleanup(): Promise<void>;
}

/**
 * A repo on branch main holding `files` (and, with `bundled: true`, a copy of job-families/), committed
 * once. Inside a test it is removed when the test ends; from a beforeAll (`shared: true`) call cleanup().
 */
export async function createBotGitRepo(
  files: Record<string, string> = {},
  options: { bundled?: boolean | 'settings-only'; shared?: boolean } = {},
): Promise<BotGitRepo & { base: string }> {
  const dir = options.shared ? await mkdtemp(path.join(os.tmpdir(), 'jobfam-bot-')) : await testdir();
  const git = async (args: string[]) => (await execa('git', args, { cwd: dir, env: GIT_ENV })).stdout.trim();
  const repo: BotGitRepo = {
    dir,
    git,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    async write(changes) {
      for (const [name, content] of Object.entries(changes)) {
        const file = path.join(dir, name);
        if (content === null) await rm(file, { force: true });
        else {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, content);
        }
      }
    },
    async commit(message) {
      await git(['add', '--all']);
      await git(['commit', '--quiet', '--allow-empty', '--no-verify', '--message', message]);
      return git(['rev-parse', 'HEAD']);
    },
  };
  await git(['init', '--quiet', '--initial-branch=main']);
  // 'settings-only': the grade table, the config and the schemas, without the bundled families (or
  // other data files that name them).
  if (options.bundled) {
    await cp(familiesDir, path.join(dir, 'job-families'), {
      recursive: true,
      filter: (source) => options.bundled !== 'settings-only' || !source.endsWith('.yml') || ['_grades.yml', '_config.yml'].includes(path.basename(source)),
    });
  }
  await repo.write(files);
  return { ...repo, base: await repo.commit('base') };
}
