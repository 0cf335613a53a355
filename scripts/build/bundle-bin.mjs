// Last step of `npm run compile`: bundles what tsc wrote (dist/cli.js, dist/lib/commands.js) into
// dist/bin/, the code the `jobfam` bin runs. Why: Node 20 loads an ES module per file, and `jobfam
// validate` loaded ~250 of them (yaml alone is 73, the retext chain 70); resolving and compiling them
// one by one was a tenth of its start-up. esbuild writes our code and the pure-JavaScript libraries
// the checks use as a few files; `import()` boundaries stay chunks of their own, so a command still
// loads only what it runs. Libraries that are large, load files of their own at run time, or are only
// used by one command (the browser driver, the GitLab client, pdf-lib, execa) stay external: Node loads
// them from node_modules as before. dist/lib/ stays as tsc wrote it (tests and bench scripts read it).
//
// The bundle lives two folders below the package root, as dist/lib/config.js does, so config.ts's
// package-relative paths (templates, bundled families, package.json) resolve alike from both.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = `${root}dist/bin`;

const EXTERNAL = ['puppeteer-core', '@gitbeaker/*', 'pdf-lib', 'execa', 'cli-progress', 'handlebars', 'markdown-it'];

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'dist/cli.js', commands: 'dist/lib/commands.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS (ajv's runtime helpers) calls require(); ES modules have none.
  banner: { js: "import { createRequire as __jobfamRequire } from 'node:module'; const require = __jobfamRequire(import.meta.url);" },
  logLevel: 'warning',
});
