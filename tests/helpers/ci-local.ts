// Helpers for tests/gitlab-ci.slow.test.ts: a throwaway git repo holding a copy of the project, and
// gitlab-ci-local (pinned devDependency) run inside it. No network: the "origin" remote is fake.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(import.meta.url);
const gclPackageJson = require.resolve('gitlab-ci-local/package.json');
const gclBin = path.join(path.dirname(gclPackageJson), (require(gclPackageJson) as { bin: string }).bin);

// Git settings that make the throwaway repo independent of the developer's or runner's config.
const gitEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'ci-test',
  GIT_AUTHOR_EMAIL: 'ci-test@example.invalid',
  GIT_COMMITTER_NAME: 'ci-test',
  GIT_COMMITTER_EMAIL: 'ci-test@example.invalid',
};

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } }).trim();
}

/**
 * What no job of .gitlab-ci.yml reads: the test suite and the docs. gitlab-ci-local's --shell-isolation
 * copies the whole tree and its .git into every job's folder (sixteen jobs a run of the test file), and
 * these were two thirds of the files.
 */
const NOT_FOR_JOBS = /^(tests|docs)\//;

/** Tracked files plus untracked files that are not ignored (what a commit of the work tree would hold), but for NOT_FOR_JOBS. */
function projectFiles(): string[] {
  const out = git(repoRoot, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  return [...new Set(out.split('\0').filter((file) => file && !NOT_FOR_JOBS.test(file)))].sort();
}

export interface CiRepo {
  dir: string;
  /** Commit every change in the work tree (the "change" a pipeline would test); returns the new HEAD. */
  commit(message: string): string;
  /** Run gitlab-ci-local in the repo; never throws on a non-zero exit. */
  gcl(args: readonly string[]): Promise<{ exitCode: number; stdout: string; output: string }>;
  cleanup(): Promise<void>;
}

/**
 * Copies the project (projectFiles) into a new git repo on branch main, with `node_modules` as a committed symlink to
 * the real install and a committed copy of its bundled bin (dist/bin) (gitlab-ci-local's --shell-isolation copies only tracked files into the job dir, so the
 * link reaches the job and `before_script` skips `npm ci`). `origin/main` points at the first commit.
 */
export async function createCiRepo(): Promise<CiRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jobfam-ci-'));
  // An empty HOME: gitlab-ci-local also reads ~/.gitlab-ci-local/variables.yml, npm reads ~/.npmrc.
  const home = await mkdtemp(path.join(tmpdir(), 'jobfam-ci-home-'));
  for (const file of projectFiles()) {
    const from = path.join(repoRoot, file);
    // A tracked file deleted in the work tree is not part of the change: skip it.
    if (!(await stat(from).catch(() => null))?.isFile()) continue;
    await cp(from, path.join(dir, file), { verbatimSymlinks: true });
  }
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  // The install's build (npm ci runs `prepare`, which compiles dist/): jobs skip `npm ci`, so bring it
  // along; of it, the bin runs only the bundle (dist/bin), not tsc's per-file output beside it.
  await cp(path.join(repoRoot, 'dist/bin'), path.join(dir, 'dist/bin'), { recursive: true });

  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  git(dir, ['add', '--force', 'node_modules', 'dist']);
  git(dir, ['commit', '--quiet', '--no-verify', '--message', 'base']);
  // One pack file instead of a loose object per file (no delta search: it is not kept): every job's
  // isolated copy holds .git too, and 300 fewer files to create per job are a second of CPU a pipeline.
  git(dir, ['-c', 'pack.window=0', 'repack', '-a', '-d', '-q']);
  // Fake remote refs (see shared/docs/gitlab-ci.md §2): gitlab-ci-local reads the default branch from
  // origin/HEAD and diffs against origin/main for rules:changes. Nothing is fetched.
  const base = git(dir, ['rev-parse', 'HEAD']);
  git(dir, ['remote', 'add', 'origin', 'https://gitlab.example.invalid/g/jobfam.git']);
  git(dir, ['update-ref', 'refs/remotes/origin/main', base]);
  git(dir, ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);

  return {
    dir,
    commit(message) {
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--no-verify', '--message', message]);
      return git(dir, ['rev-parse', 'HEAD']);
    },
    async gcl(args) {
      const result = await execa(process.execPath, [gclBin, ...args], {
        cwd: dir,
        env: { ...cleanEnv(), HOME: home },
        extendEnv: false,
        reject: false,
        all: true,
        timeout: 220_000,
      });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, output: result.all ?? '' };
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * The environment for gitlab-ci-local: shell-executor jobs inherit it, so drop what would leak from the
 * test run itself (a real GitLab job's CI_* variables, npm's lifecycle npm_* variables, vitest's flags)
 * and gitlab-ci-local's own GCL_* option variables.
 */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(CI|CI_.*|GITLAB_.*|GCL_.*|npm_.*|VITEST.*|NODE_OPTIONS)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...gitEnv, NO_COLOR: '1' };
}
