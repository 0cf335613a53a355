#!/usr/bin/env node
// `npm test` (the README's test command): the typecheck and the suite side by side. `tsc --noEmit` is
// one process of 2-7 s (7 on a fresh clone, whose incremental build info is empty); run before vitest,
// all of it was added to the wall time of a suite that keeps both cores busy, and beside it the cores
// share it. Its output is held and printed after the suite's, so the two never interleave; either one
// failing fails `npm test`. Arguments go to vitest, as `npm test -- FILE` did before.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;

/** Runs a command in the package root; `capture` holds its output instead of passing it through. */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? 128 + (constants.signals[signal] ?? 0), output }));
  });
}

const typecheck = run(bin('tsc'), ['--noEmit'], true);
const typeErrors = async () => {
  const types = await typecheck;
  if (types.code !== 0) process.stdout.write(`\ntsc --noEmit failed (exit ${types.code}):\n${types.output}`);
  return types.code;
};
// dist/ before the suite, whose spawned bins run it (the typecheck writes only its own build info).
// A compile that fails on a type error is told by the typecheck, without the compile's stack trace.
const fresh = await run(process.execPath, [`${root}scripts/build/dist-freshness.mjs`, '--ensure'], true);
if (fresh.code !== 0) {
  if ((await typeErrors()) === 0) process.stdout.write(fresh.output);
  process.exit(1);
}
process.stdout.write(fresh.output);
const suite = await run(bin('vitest'), ['run', ...process.argv.slice(2)], false);
const types = await typeErrors();
if (types === 0) process.stdout.write('tsc --noEmit: no type errors.\n');
process.exit(types !== 0 ? types : suite.code);
