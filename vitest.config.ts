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

/** vitest's order (the longest files by the last run's durations first, so the two workers finish together), FRESH_WORKER first of all. */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const fresh = (spec: TestSpecification) => FRESH_WORKER.some((file) => spec.moduleId.endsWith(`/${file}`));
    return [...sorted.filter(fresh), ...sorted.filter((spec) => !fresh(spec))];
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests that spawn `jobfam` run the shipped bin (dist/): build it when the sources changed.
    globalSetup: ['tests/setup/build-dist.ts'],
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
    projects: [{ extends: true, test: { poolOptions: { forks: { isolate: true } } } }],
  },
});
