import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import { YAML_BROWSER_ENTRY } from './scripts/build/yaml-build.mjs';

/**
 * The long files, longest first (in brackets: seconds each in a whole run on 2026-12-07 08:18, quiet
 * machine, 109 s in all): started first, so the two workers finish together instead of one running a
 * long file alone at the end. vitest's own order comes from durations cached in node_modules/.vite,
 * which every partial run overwrites (after a run of one changed file it started markdown-linear 56th of 56).
 */
const LONGEST_FIRST = [
  'tests/properties.slow.test.ts', // (31) 250 seeded cases in process
  'tests/gitlab-ci.slow.test.ts', // (23) three pipelines of gitlab-ci-local
  'tests/build-faults.slow.test.ts', // (20) signals at points of a build, tmpfs
  'tests/import-robustness.slow.test.ts', // (16) 4,700 page variants in process
  'tests/markdown-linear.slow.test.ts', // (13) CPU timing in a child process
  'tests/pdf.slow.test.ts', // (9) about 45 PDFs printed by the bin
];

/** LONGEST_FIRST, then every other .slow file, then the rest in vitest's order. */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const long = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      if (long >= 0) return long;
      return spec.moduleId.endsWith('.slow.test.ts') ? LONGEST_FIRST.length : LONGEST_FIRST.length + 1;
    };
    // Array.prototype.sort is stable: within a rank, vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    // vitest's default is one worker per core minus one: a single worker on a 2-core machine, so the
    // files ran one after another while most of their time is spent waiting on Chromium, git and
    // gitlab-ci-local child processes. Two workers keep both cores busy without oversubscribing them.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    fileParallelism: true,
    // Each worker is one process that runs file after file (the pool's isolate: false), instead of a
    // new process per file that starts vitest and loads yaml, ajv, puppeteer, gitbeaker... again; the
    // project's isolate: true still gives every file fresh copies of the sources and helpers (vite's
    // module cache is reset between files), so vi.mock and module state behave as before. On the 45
    // files without .slow (and build-incremental.slow, which mocks): 92 s of CPU instead of ~115 s,
    // collect 13 s instead of 36 s.
    poolOptions: { forks: { isolate: false } },
    sequence: { sequencer: Sequencer },
    // The one project holds what the tests see. Not `extends: true`: the root's options would be
    // merged into it, globalSetup included, and the setup would run twice (two compiles of a stale dist/).
    projects: [
      {
        // The yaml build the bin runs (scripts/build/yaml-build.mjs): tests run the same parser.
        resolve: { alias: [{ find: /^yaml$/, replacement: YAML_BROWSER_ENTRY }] },
        test: {
          include: ['tests/**/*.test.ts'],
          testTimeout: 20_000,
          // Tests that spawn `jobfam` run the shipped bin (dist/): build it when the sources changed.
          globalSetup: ['tests/setup/build-dist.ts'],
          pool: 'forks',
          poolOptions: { forks: { isolate: true } },
        },
      },
    ],
  },
});
