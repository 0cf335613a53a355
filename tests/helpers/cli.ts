// Runs the real `jobfam` bin in a child process, as users and CI do.
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './paths.ts';

/** `jobfam ARGS` in `cwd`. With `env`, the child sees only PATH, HOME and those variables (no CI_* leaking in). */
export const jobfam = (args: readonly string[], cwd: string, env?: Record<string, string>) =>
  execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), ...args], {
    cwd,
    reject: false,
    ...(env ? { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, extendEnv: false } : {}),
  });
