#!/usr/bin/env node
// Entry point of the `jobfam` bin: runs the compiled, bundled CLI in dist/bin/ (`npm run compile`, which
// `npm ci` runs through `prepare`), so no TypeScript is compiled at run time.
let cli;
try {
  cli = await import('../dist/bin/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin/cli.js')) throw error;
  process.stderr.write('jobfam: not built yet: run `npm run compile` (npm ci does it) to compile scripts/ into dist/.\n');
  process.exit(1);
}
// A developer who edited scripts/ and did not compile would run yesterday's code: say so (a few ms of stat).
const { distIsStale } = await import('./build/dist-freshness.mjs');
if (distIsStale()) process.stderr.write('jobfam: warning: dist/ is older than scripts/; run `npm run compile` to run your changes.\n');
process.exitCode = await cli.main(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
});
