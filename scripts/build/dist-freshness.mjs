// Whether dist/ (the compiled bin) is older than what it is compiled from: scripts/ (.ts, and .json data
// copied into dist/), the tsconfigs, package.json and the JSON Schemas compiled into the validators.
// Shared by the bin (a warning), `npm start` (compiles first when stale) and the test setup.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Written last by `npm run compile` (the bundle, scripts/build/bundle-bin.mjs): its time is the build's. */
export const distStamp = path.join(repoRoot, 'dist/bin/cli.js');

export function newestInput(root = repoRoot) {
  let newest = 0;
  const visit = (file) => (newest = Math.max(newest, statSync(file).mtimeMs));
  for (const entry of readdirSync(path.join(root, 'scripts'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(ts|json|mjs)$/.test(entry.name)) visit(path.join(entry.parentPath, entry.name));
  }
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(path.join(root, file));
  for (const name of readdirSync(path.join(root, 'job-families'))) {
    if (name.endsWith('.schema.json')) visit(path.join(root, 'job-families', name));
  }
  return newest;
}

/** True when dist/ is missing or older than a source; false when the sources are not there (an install without them). */
export function distIsStale(root = repoRoot) {
  if (!existsSync(path.join(root, 'scripts/lib'))) return false;
  return !existsSync(distStamp) || statSync(distStamp).mtimeMs < newestInput(root);
}

// `node scripts/build/dist-freshness.mjs --ensure`: compile when stale (npm start runs it first).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--ensure') && distIsStale()) {
  const { execFileSync } = await import('node:child_process');
  process.stderr.write('jobfam: scripts/ changed since the last compile; compiling dist/ first.\n');
  execFileSync('npm', ['run', '--silent', 'compile'], { cwd: repoRoot, stdio: 'inherit' });
}
