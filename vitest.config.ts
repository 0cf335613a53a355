import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files that must start in a fresh worker process. bad-input's deep-block-nesting golden holds the
 * column at which the YAML parser ran out of stack (scripts/lib/load/parse-yaml.ts parseBounded),
 * and how deep it gets depends on how much of the parser V8 has optimised by then. The yaml package
 * is loaded once per worker process (packages are not reloaded between files), so in a worker that
 * already ran other files it gets to 1:3203; in a fresh one to 1:1875, the golden. The first two
 * files of the run each get a new worker, so these go first.
 */
const FRESH_WORKER = ['tests/bad-input.test.ts'];

/**
 * The long files, longest first (seconds each on a quiet 2-core machine, 2026-12-07, in brackets):
 * started first, so the two workers finish together instead of one running a long file alone at the
 * end. vitest's own order comes from durations cached in node_modules/.vite, which every partial run
 * overwrites (a run of one changed file sorted markdown-linear last of 56).
 */
const LONGEST_FIRST = [
  'tests/gitlab-ci.slow.test.ts', // (50) three pipelines of gitlab-ci-local
  'tests/pdf.slow.test.ts', // (40) about 75 PDFs printed by the bin
  'tests/build-faults.slow.test.ts', // (35) signals at points of a build, tmpfs
  'tests/properties.slow.test.ts', // (35) 250 seeded cases in process
  'tests/markdown-linear.slow.test.ts', // (32) CPU timing, 9.6 s of it gc pauses
  'tests/import-robustness.slow.test.ts', // (30) 4,700 page variants in process
];

/** FRESH_WORKER, then LONGEST_FIRST, then every other .slow file, then the rest in vitest's order. */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const named = (list: string[], spec: TestSpecification) => list.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
    const rank = (spec: TestSpecification) => {
      if (named(FRESH_WORKER, spec) >= 0) return 0;
      const long = named(LONGEST_FIRST, spec);
      if (long >= 0) return 1 + long;
      return spec.moduleId.endsWith('.slow.test.ts') ? 1 + LONGEST_FIRST.length : 2 + LONGEST_FIRST.length;
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
