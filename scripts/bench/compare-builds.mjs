#!/usr/bin/env node
// Builds the same families without PDFs with this checkout's dist/ and with another checkout's (each
// through its own scripts/bench/build-without-pdfs.mjs, --force, a fixed date) and compares every
// output file byte for byte: the check that a change of how the build works changed no output.
// Usage: node scripts/bench/compare-builds.mjs OTHER_CHECKOUT FAMILIES_DIR [FAMILIES_DIR ...]
// (both checkouts compiled: `npm run compile`). Exits 1 and names the files that differ.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('../..', import.meta.url));
const [other, ...familyDirs] = process.argv.slice(2);
if (!other || familyDirs.length === 0) {
  process.stderr.write('usage: compare-builds.mjs OTHER_CHECKOUT FAMILIES_DIR [FAMILIES_DIR ...]\n');
  process.exit(2);
}
const env = { ...process.env, JOBFAM_TODAY: '2026-12-07', SOURCE_DATE_EPOCH: '1764547200' };

/** Every file under `dir` (the build record aside: it names its own output folder), relative path → bytes. */
function files(dir) {
  const out = new Map();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'jobfam-build.json') continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), readFileSync(file));
  }
  return out;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'jobfam-compare-'));
let differing = 0;
let compared = 0;
try {
  for (const [i, families] of familyDirs.entries()) {
    const build = (checkout, name) => {
      const out = path.join(work, `${name}-${i}`);
      execFileSync('node', [path.join(checkout, 'scripts/bench/build-without-pdfs.mjs'), path.resolve(families), out], { cwd: checkout, env, stdio: ['ignore', 'ignore', 'inherit'] });
      return files(out);
    };
    const mine = build(here, 'this');
    const theirs = build(path.resolve(other), 'other');
    for (const file of new Set([...mine.keys(), ...theirs.keys()])) {
      compared++;
      const a = mine.get(file);
      const b = theirs.get(file);
      if (a && b && a.equals(b)) continue;
      differing++;
      process.stdout.write(`${families}: ${file} ${!a ? 'only in the other build' : !b ? 'only in this build' : 'differs'}\n`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${compared} files compared, ${differing} differ\n`);
process.exitCode = differing === 0 ? 0 : 1;
