// Last step of `npm run compile`: bundles what tsc wrote (dist/cli.js, dist/lib/commands.js) into
// dist/bin/, the code the `jobfam` bin runs. Why: Node 20 loads an ES module per file, and `jobfam
// validate` loaded ~250 of them (yaml alone is 73, the retext chain 70); resolving and compiling them
// one by one was a tenth of its start-up. esbuild writes our code and the pure-JavaScript libraries
// the checks use as a few files; `import()` boundaries stay chunks of their own, so a command still
// loads only what it runs. The PDF stage's libraries are bundled too, into its own chunks: a build
// after one change that prints three PDFs loaded pdf-lib's ~200 CommonJS files (140 ms; 40 ms as a
// chunk) and puppeteer-core's modules (120 ms), 0.14 s of its 1.36 s. Libraries that load files of
// their own at run time or serve one rare command (the GitLab client, execa, handlebars, markdown-it)
// stay external: Node loads them from node_modules as before. dist/lib/ stays as tsc wrote it (tests and bench scripts read it).
//
// The bundle lives two folders below the package root, as dist/lib/config.js does, so config.ts's
// package-relative paths (templates, bundled families, package.json) resolve alike from both.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { YAML_BROWSER_ENTRY } from './yaml-build.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = `${root}dist/bin`;

const EXTERNAL = ['@gitbeaker/*', 'execa', 'cli-progress', 'handlebars', 'markdown-it'];

// puppeteer-core's launcher imports @puppeteer/browsers, whose download code imports proxy-agent, and
// with it PAC scripts (a JavaScript engine compiled to wasm), FTP, SOCKS and an ECMAScript parser:
// 2 MB of code that every build printing a PDF compiled (40 ms of a 1.1 s build after one change) to
// download browsers, which jobfam never does (it drives Debian's Chromium and makes no request). The
// bundle gets a stand-in that refuses, so a download attempt would fail loudly instead of using the network.
const noBrowserDownloads = {
  name: 'no-browser-downloads',
  setup(build) {
    build.onResolve({ filter: /^proxy-agent$/ }, () => ({ path: 'proxy-agent', namespace: 'jobfam-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'jobfam-stub' }, () => ({
      contents: "export class ProxyAgent { constructor() { throw new Error('jobfam downloads no browser: proxy-agent is left out of its bundle'); } }",
      loader: 'js',
    }));
  },
};

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
  // yaml's build without a process.env lookup per token (yaml-build.mjs says why).
  alias: { yaml: YAML_BROWSER_ENTRY },
  // Bundled CommonJS (ajv's runtime helpers) calls require(); ES modules have none.
  banner: { js: "import { createRequire as __jobfamRequire } from 'node:module'; const require = __jobfamRequire(import.meta.url);" },
  plugins: [noBrowserDownloads],
  logLevel: 'warning',
});
