// vitest globalSetup: the tests that spawn `jobfam` run the shipped bin, which runs dist/; build it
// first when any input of the build is newer than the last build, so no test ever runs a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../helpers/paths.ts';

const STAMP = path.join(repoRoot, 'dist/lib/validate/schema-validators.js');

function newestInput(): number {
  let newest = 0;
  const visit = (file: string) => (newest = Math.max(newest, statSync(file).mtimeMs));
  for (const entry of readdirSync(path.join(repoRoot, 'scripts'), { recursive: true, withFileTypes: true })) {
    // JSON too: data shipped with the code (the pay-transparency rules) is copied into dist/.
    if (entry.isFile() && (entry.name.endsWith('.ts') || entry.name.endsWith('.json'))) visit(path.join(entry.parentPath, entry.name));
  }
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(path.join(repoRoot, file));
  // The schemas are compiled into the generated validators.
  for (const name of readdirSync(path.join(repoRoot, 'job-families'))) {
    if (name.endsWith('.schema.json')) visit(path.join(repoRoot, 'job-families', name));
  }
  return newest;
}

export async function setup(): Promise<void> {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestInput()) return;
  // tsc emits even when a type is wrong (typechecking is `tsc --noEmit`'s job), but then exits 2.
  const run = await execa('npm', ['run', '--silent', 'compile'], { cwd: repoRoot, reject: false, all: true });
  if (!existsSync(STAMP) || statSync(STAMP).mtimeMs < newestInput()) throw new Error(`npm run compile did not build dist/:\n${run.all ?? ''}`);
}
