// Runs the real `jobfam` bin in a child process, as users and CI do.
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './paths.ts';

/**
 * `jobfam ARGS` in `cwd` (never throws; read exitCode). `env` adds variables; with `clean` the child
 * sees only PATH, HOME and `env`, so no CI_* variable of the test's own environment leaks in.
 */
export const jobfam = (args: readonly string[], cwd: string = repoRoot, env: Record<string, string> = {}, options: { clean?: boolean } = {}) =>
  execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), ...args], {
    cwd,
    reject: false,
    env: options.clean ? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } : env,
    extendEnv: !options.clean,
  });
