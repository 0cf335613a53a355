// Which build of the `yaml` package jobfam runs: its "browser" build (ESM, the same version and code)
// instead of its Node one. The Node build reads process.env.LOG_TOKENS for every token it parses (and
// LOG_STREAM per document), a debug switch that costs a C++ lookup each time: about 15% of a parse.
// The browser build has no such switch; the rest differs only in how !!binary is decoded (a tag jobfam
// refuses before converting) and in warnings going to console.warn instead of process.emitWarning.
// One place for the bundle (bundle-bin.mjs) and the tests (vitest.config.ts): both run the same yaml.
import { createRequire } from 'node:module';
import path from 'node:path';

const packageJson = createRequire(import.meta.url).resolve('yaml/package.json');

/** Absolute path of yaml's browser entry point (not in its `exports`: resolved by path). */
export const YAML_BROWSER_ENTRY = path.join(path.dirname(packageJson), 'browser/index.js');
