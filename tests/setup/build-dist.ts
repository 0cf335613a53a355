// vitest globalSetup: the tests that spawn `jobfam` run the shipped bin, which runs dist/; build it
// first when any input of the build is newer than the last build, so no test ever runs a stale dist/.
import { existsSync, statSync } from 'node:fs';
import { execa } from 'execa';
import { distIsStale, distStamp as STAMP, newestInput } from '../../scripts/build/dist-freshness.mjs';
import { repoRoot } from '../helpers/paths.ts';

export async function setup(): Promise<void> {
  if (!distIsStale()) return;
  // tsc emits even when a type is wrong (typechecking is `tsc --noEmit`'s job), but then exits 2.
  const run = await execa('npm', ['run', '--silent', 'compile'], { cwd: repoRoot, reject: false, all: true });
  if (!existsSync(STAMP) || statSync(STAMP).mtimeMs < newestInput()) throw new Error(`npm run compile did not build dist/:\n${run.all ?? ''}`);
}
