// .gitlab-ci.yml checked offline (no GitLab server is reachable): against GitLab's editor JSON schema with
// ajv, by project checks the schema cannot make, and by running the real jobs with gitlab-ci-local.
// Facts and options: ../shared/docs/gitlab-ci.md.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createCiRepo, repoRoot, type CiRepo } from './helpers/ci-local.ts';

type Json = Record<string, unknown>;

const ciFile = path.join(repoRoot, '.gitlab-ci.yml');
// `!reference [job, key]` kept as a plain sequence: that is the shape the schema expects.
const reference = { tag: '!reference', collection: 'seq' as const, resolve: (seq: unknown) => seq };
const parseCi = (source: string): Json => YAML.parse(source, { merge: true, customTags: [reference] }) as Json;
const ciSource = readFileSync(ciFile, 'utf8');

function loadSchemaValidator(): ValidateFunction {
  const schemaPath = process.env.GITLAB_CI_SCHEMA ?? path.resolve(repoRoot, '../shared/schemas/gitlab-ci.json');
  if (!existsSync(schemaPath)) {
    throw new Error(
      `GitLab CI schema not found at ${schemaPath}. It is read from ../shared/ beside the project (never copied in); set GITLAB_CI_SCHEMA to its path.`,
    );
  }
  // The editor schema uses non-standard keywords (markdownDescription) and formats GitLab does not enforce.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as Json);
}

function schemaErrors(validate: ValidateFunction, config: unknown): string[] {
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);
const jobsOf = (config: Json): Record<string, Json> =>
  Object.fromEntries(Object.entries(config).filter(([name]) => !KEYWORDS.has(name) && !name.startsWith('.'))) as Record<string, Json>;

describe('.gitlab-ci.yml: schema', () => {
  const validate = loadSchemaValidator();
  const config = parseCi(ciSource);

  it('is valid against GitLab CI JSON schema', () => {
    expect(schemaErrors(validate, config)).toEqual([]);
  });

  // Proof the check can fail: small, realistic mistakes on the same config are rejected.
  const mutations: Array<[string, (c: Json) => void]> = [
    ['a misspelt artifacts.reports key', (c) => ((jobsOf(c).validate!.artifacts as Json).reports = { codequalityy: 'reports/cq.json' })],
    ['a rules when: sometimes', (c) => ((c.workflow as { rules: Json[] }).rules[0]!.when = 'sometimes')],
    ['an unknown artifacts.when', (c) => ((jobsOf(c).validate!.artifacts as Json).when = 'on_error')],
  ];
  it.each(mutations)('rejects the config with %s', (_name, mutate) => {
    const broken = structuredClone(config);
    mutate(broken);
    expect(schemaErrors(validate, broken)).not.toEqual([]);
  });
});

describe('.gitlab-ci.yml: checks the schema cannot make', () => {
  const config = parseCi(ciSource);
  const jobs = jobsOf(config);
  const packageScripts = Object.keys((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Json }).scripts);

  it('has the validate and render jobs, in declared stages, needing real jobs', () => {
    expect(Object.keys(jobs).sort()).toEqual(['render', 'validate']);
    for (const [name, job] of Object.entries(jobs)) {
      expect(config.stages, `stage of ${name}`).toContain(job.stage);
      for (const need of (job.needs as Array<string | { job: string }> | undefined) ?? []) {
        expect(Object.keys(jobs), `needs of ${name}`).toContain(typeof need === 'string' ? need : need.job);
      }
    }
    expect(jobs.render!.needs).toEqual([{ job: 'validate', artifacts: false }]);
  });

  it('only calls npm scripts that exist', () => {
    const defaults = config.default as Json;
    const lines = [jobs, { default: defaults }].flatMap((group) =>
      Object.values(group).flatMap((job) => [job.before_script, job.script, job.after_script].flat().filter((l): l is string => typeof l === 'string')),
    );
    const called = lines.flatMap((line) => [...line.matchAll(/\bnpm run (?:--\S+ )*([\w:-]+)/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect(packageScripts).toContain(script);
  });

  it('publishes what the jobs write', () => {
    expect((jobs.render!.artifacts as Json).paths).toEqual(['public/handbook/']);
    expect(jobs.validate!.artifacts).toMatchObject({ when: 'always', paths: ['reports/validation.json'] });
    expect(config.default).toMatchObject({ image: 'node:20-bookworm', interruptible: true, cache: { key: { files: ['package-lock.json'] }, paths: ['.npm/'] } });
  });
});

// Real runs of the jobs on the host shell (image: is ignored), in a throwaway git repo.
const RUN_TIMEOUT = 120_000;
const GCL = ['--force-shell-executor', '--shell-isolation', '--no-artifacts-to-source'];

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('gitlab-ci-local: jobs on a valid project', () => {
  let repo: CiRepo;
  beforeAll(async () => {
    repo = await createCiRepo();
  }, RUN_TIMEOUT);
  afterAll(() => repo?.cleanup());

  it(
    'runs validate, then render, which publishes the handbook pages',
    async () => {
      const run = await repo.gcl([...GCL, '--needs', 'render']);
      expect(run.exitCode, run.output).toBe(0);

      const artifacts = path.join(repo.dir, '.gitlab-ci-local/artifacts');
      const page = path.join(artifacts, 'render/public/handbook/sales/sales-systems-leadership.md');
      expect(existsSync(page), run.output).toBe(true);
      expect(await readFile(page, 'utf8')).toContain('Sales Systems');
      expect(JSON.parse(await readFile(path.join(artifacts, 'validate/reports/validation.json'), 'utf8'))).toEqual([]);
      // --no-artifacts-to-source: the work tree is untouched.
      expect(existsSync(path.join(repo.dir, 'public'))).toBe(false);
    },
    RUN_TIMEOUT,
  );

  async function jobsIn(variables: Record<string, string>, file?: string): Promise<Array<{ name: string; when: string }>> {
    const args = ['--list-json', ...(file ? ['--file', file] : [])];
    for (const [key, value] of Object.entries(variables)) args.push('--variable', `${key}=${value}`);
    // Lets --variable override what gitlab-ci-local derives from git. One comma-separated list: the
    // option given twice crashes 4.73.0 (`F.split is not a function`).
    args.push('--ignore-predefined-vars', Object.keys(variables).join(','));
    const run = await repo.gcl(args);
    expect(run.exitCode, run.output).toBe(0);
    return (JSON.parse(run.stdout) as Array<{ name: string; when: string }>).map(({ name, when }) => ({ name, when }));
  }
  const running = (jobs: Array<{ name: string; when: string }>) => jobs.filter((j) => j.when !== 'never').map((j) => j.name);

  const mergeRequest = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_COMMIT_BRANCH: '', CI_MERGE_REQUEST_IID: '1' };
  const defaultBranchPush = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main' };

  it(
    'runs validate and render in merge-request and default-branch pipelines',
    async () => {
      expect(running(await jobsIn(mergeRequest))).toEqual(['validate', 'render']);
      expect(running(await jobsIn(defaultBranchPush))).toEqual(['validate', 'render']);
    },
    RUN_TIMEOUT,
  );

  // gitlab-ci-local reads workflow:rules only for their variables and never skips a pipeline, so the
  // rules are evaluated by it as the rules of a probe job: same first-match semantics, no match = never.
  it(
    'workflow rules: one pipeline per change, none for tags or for a branch with an open MR',
    async () => {
      const workflow = parseCi(ciSource).workflow as { rules: Json[] };
      await writeFile(path.join(repo.dir, 'workflow-probe.yml'), YAML.stringify({ probe: { rules: workflow.rules, script: ['true'] } }));
      const pipelineRuns = async (variables: Record<string, string>) => running(await jobsIn(variables, 'workflow-probe.yml')).length === 1;

      expect(await pipelineRuns(mergeRequest)).toBe(true);
      expect(await pipelineRuns(defaultBranchPush)).toBe(true);
      expect(await pipelineRuns({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature' })).toBe(true);
      expect(await pipelineRuns({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature', CI_OPEN_MERGE_REQUESTS: 'g/jobfam!1' })).toBe(false);
      expect(await pipelineRuns({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: '', CI_COMMIT_TAG: 'v1.0.0' })).toBe(false);
    },
    RUN_TIMEOUT,
  );
});

describe('gitlab-ci-local: jobs on an invalid family file', () => {
  let repo: CiRepo;
  beforeAll(async () => {
    repo = await createCiRepo();
    const file = path.join(repo.dir, 'job-families/sales/sales-systems-leadership.yml');
    const source = await readFile(file, 'utf8');
    const broken = source.replace(/^(\s+grade:) 8$/m, '$1 42');
    expect(broken).not.toBe(source);
    await writeFile(file, broken);
    repo.commit('Set an unknown grade');
  }, RUN_TIMEOUT);
  afterAll(() => repo?.cleanup());

  it(
    'fails validate, keeps its report, and never starts render',
    async () => {
      const run = await repo.gcl([...GCL, '--needs', 'render']);
      expect(run.exitCode, run.output).not.toBe(0);

      const artifacts = path.join(repo.dir, '.gitlab-ci-local/artifacts');
      expect(await listFiles(path.join(artifacts, 'render'))).toEqual([]);
      // artifacts: when: always keeps the report of the failed job.
      const report = JSON.parse(await readFile(path.join(artifacts, 'validate/reports/validation.json'), 'utf8')) as Array<{ code: string; file: string }>;
      expect(report).toContainEqual(expect.objectContaining({ code: 'grade-unknown', file: 'job-families/sales/sales-systems-leadership.yml' }));
    },
    RUN_TIMEOUT,
  );

  it(
    'render on its own fails too and publishes nothing',
    async () => {
      const run = await repo.gcl([...GCL, 'render']);
      expect(run.exitCode, run.output).not.toBe(0);
      expect(run.output).toContain('nothing was written');
      expect((await listFiles(path.join(repo.dir, '.gitlab-ci-local/artifacts/render'))).filter((f) => f.endsWith('.md'))).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});
