// .gitlab-ci.yml checked offline (no GitLab server is reachable): against GitLab's editor JSON schema with
// ajv, by project checks the schema cannot make, and by running the real jobs with gitlab-ci-local.
// Facts and options: ../shared/docs/gitlab-ci.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { validatePaths } from '../scripts/lib/commands.ts';
import { resolveCommand } from '../scripts/lib/config.ts';
import { pdfOutputPath } from '../scripts/lib/model/paths.ts';
import { startFakeGitLab, type FakeGitLab, type FakeProject } from './fakes/gitlab-server.ts';
import { publishedPagesOf, TARGET_DIR } from './helpers/bot-world.ts';
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
  const packageScripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('puts every job in a declared stage and needs only real jobs', () => {
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['validate', 'build']));
    for (const [name, job] of Object.entries(jobs)) {
      expect(config.stages, `stage of ${name}`).toContain(job.stage);
      for (const need of (job.needs as Array<string | { job: string }> | undefined) ?? []) {
        expect(Object.keys(jobs), `needs of ${name}`).toContain(typeof need === 'string' ? need : need.job);
      }
    }
    expect(jobs.build!.needs).toEqual([{ job: 'validate', artifacts: false }]);
  });

  /** Every `npm run [--flags] NAME [-- ARGS]` of the jobs (before_script, script, after_script). */
  const npmCalls = (config: Json): Array<{ job: string; script: string; args: string[] }> => {
    const groups = { ...jobsOf(config), default: config.default as Json };
    return Object.entries(groups).flatMap(([job, body]) =>
      [body.before_script, body.script, body.after_script]
        .flat()
        .filter((l): l is string => typeof l === 'string')
        .flatMap((line) => [...line.matchAll(/\bnpm run (?:--\S+ )*([\w:-]+)((?: (?!&&|\|\||;|>|\|)\S+)*)/g)])
        .map((m) => {
          const words = m[2]!.trim().split(/\s+/).filter(Boolean);
          return { job, script: m[1]!, args: words[0] === '--' ? words.slice(1) : words };
        }),
    );
  };

  const SAMPLE_CI_ENV: Record<string, string> = {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
    CI_PROJECT_ID: '42',
    CI_PROJECT_DIR: '/builds/g/jobfam',
    CI_PROJECT_URL: 'https://gitlab.example.com/g/jobfam',
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_SHA: 'c0ffee0000000000000000000000000000000000',
    CI_MERGE_REQUEST_DIFF_BASE_SHA: 'ba5e000000000000000000000000000000000000',
    CI_NODE_INDEX: '1',
    CI_NODE_TOTAL: '3',
  };

  /** Problems with the npm scripts the jobs call: missing scripts, jobfam arguments its CLI rejects. */
  function npmCallProblems(config: Json): string[] {
    const problems: string[] = [];
    for (const call of npmCalls(config)) {
      const body = packageScripts[call.script];
      if (body === undefined) {
        problems.push(`${call.job}: no npm script "${call.script}"`);
        continue;
      }
      const cli = /^node scripts\/jobfam\.mjs(?: (\S+))?$/.exec(body);
      if (!cli) continue;
      // Variables take the sample values GitLab would expand them to, and the CLI sees GitLab's environment.
      const argv = [...(cli[1] ? [cli[1]] : []), ...call.args].map((a) => a.replace(/^"|"$/g, '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => SAMPLE_CI_ENV[name] ?? `$${name}`));
      const resolved = resolveCommand(argv, SAMPLE_CI_ENV);
      if (!resolved.ok) problems.push(`${call.job}: jobfam ${argv.join(' ')}: ${resolved.usage.split('\n')[0]}`);
    }
    return problems;
  }

  it('only calls npm scripts that exist, and jobfam only with arguments its CLI accepts', () => {
    expect(npmCalls(config).map((c) => c.job)).toEqual(expect.arrayContaining(['validate', 'build']));
    expect(npmCallProblems(config)).toEqual([]);
  });

  it('notices a misspelt jobfam flag or npm script', () => {
    const misspelt = parseCi(ciSource.replace('--codequality ', '--codequalty ').replace('npm run --silent build --', 'npm run --silent biuld --'));
    expect(npmCallProblems(misspelt)).toEqual([expect.stringContaining("validate: jobfam validate --codequalty"), 'build: no npm script "biuld"']);
  });

  it('keeps the reports of a failed validation and exposes a page the MR can link to', () => {
    const artifacts = jobs.validate!.artifacts as Json & { paths: string[]; reports: Json };
    expect(artifacts).toMatchObject({ when: 'always', expose_as: 'validation report' });
    expect(Object.keys(artifacts.reports).sort()).toEqual(['codequality', 'junit']);
    expect(artifacts.reports.junit).toMatch(/\.xml$/);
    // What the MR shows only for a plain path: no variables, no globs, no leading ./ (gitlab-ci.md §3).
    for (const p of artifacts.paths) expect(p).toMatch(/^(?!\.\/)[^$*?[\]]+$/);
    expect(artifacts.paths).toEqual(['reports/validation.html']);
  });

  it('caches npm\'s cache directory, never node_modules, on the Node 20 Debian image', () => {
    expect(config.default).toMatchObject({ image: 'node:20-bookworm', interruptible: true, cache: { key: { files: ['package-lock.json'] }, paths: ['.npm/'] } });
    expect(config.variables).toMatchObject({ npm_config_cache: '$CI_PROJECT_DIR/.npm' });
    const caches = Object.values(jobs).flatMap((job) => [job.cache].flat().filter(Boolean)) as Json[];
    for (const cache of [(config.default as Json).cache, ...caches]) expect(JSON.stringify(cache)).not.toContain('node_modules');
    expect(jobs.validate!.cache).toMatchObject({ policy: 'pull-push' });
  });

  it('is pictured by the README\'s job graph: one node per job, one arrow per `needs`', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const graph = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const nodes = [...graph.matchAll(/^\s*([\w-]+)\[/gm)].map((m) => m[1]!).sort();
    const arrows = [...graph.matchAll(/^\s*([\w-]+) --> ([\w-]+)\s*$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
    const needs = Object.entries(jobs)
      .flatMap(([name, job]) => ((job.needs as Array<string | { job: string }> | undefined) ?? []).map((n) => `${typeof n === 'string' ? n : n.job} -> ${name}`))
      .sort();
    expect(nodes).toEqual(Object.keys(jobs).sort());
    expect(arrows).toEqual(needs);
  });

  it('clones the whole history for the jobs that read it (pdf dates each file by its last commit)', () => {
    const readsHistory = ['pdf', 'diff'];
    for (const name of readsHistory) expect(jobs[name]!.variables, name).toMatchObject({ GIT_DEPTH: '0' });
  });

  it('installs for the pdf shards the Debian packages .ci/setup gives a development machine', () => {
    const install = ((jobsOf(config).pdf!.before_script ?? (config['.chromium'] as Json).before_script) as string[]).join('\n');
    const packages = (/--no-install-recommends[\s\\]+(?:-o \S+[\s\\]+)*([a-z0-9 .+-]+)/.exec(install)?.[1] ?? '').trim().split(/\s+/);
    expect(packages).toEqual(['chromium-headless-shell', 'fonts-dejavu-core', 'fonts-noto-core']);
    const setup = readFileSync(path.join(repoRoot, '.ci/setup'), 'utf8');
    for (const name of packages) expect(setup, name).toContain(`missing+=(${name})`);
  });

  it('runs diff in merge requests only, from the merge base, and exposes its summary', () => {
    expect(jobs.diff).toMatchObject({ rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }], needs: [], artifacts: { when: 'always', expose_as: 'job family changes', paths: ['reports/changes.md'] } });
    expect((jobs.diff!.script as string[]).join('\n')).toContain('--from "$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
  });

  it('serialises the bot, never cancels it, and keeps its token out of the file', () => {
    expect(jobs.bot).toMatchObject({ resource_group: 'jobfam-bot', interruptible: false });
    expect(jobs.bot!.rules).toEqual([
      { if: '$CI_COMMIT_REF_NAME =~ /^jobfam\\//', when: 'never' },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $JOBFAM_GITLAB_TOKEN' },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', allow_failure: true },
    ]);
    // The token is a masked, protected CI/CD variable set in GitLab, never a value in this file.
    expect(ciSource).not.toContain('glpat-');
    for (const scope of [config.variables, ...Object.values(jobs).map((job) => job.variables)]) {
      expect(Object.keys((scope as Json | undefined) ?? {})).not.toEqual(expect.arrayContaining([expect.stringMatching(/TOKEN/)]));
    }
    const interruptible = Object.entries(jobs).filter(([, job]) => job.interruptible === false).map(([name]) => name).sort();
    expect(interruptible).toEqual(['bot', 'pages']);
  });

  it('publishes only from the default branch, never half-way, and puts every artifact under public/', () => {
    expect(jobs.pages).toMatchObject({ interruptible: false, pages: { publish: 'public' }, artifacts: { paths: ['public/'] }, needs: ['build', 'pdf'] });
    expect(JSON.stringify(jobs.pages!.rules)).toContain('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH');
    for (const name of ['build', 'pdf']) {
      for (const p of (jobs[name]!.artifacts as { paths: string[] }).paths) expect(p, name).toMatch(/^public\/[^$*]+$/);
    }
    expect(jobs.pdf).toMatchObject({ parallel: 3 });
  });
});

// Real runs of the jobs on the host shell (image: is ignored), in a throwaway git repo.
const RUN_TIMEOUT = 120_000;
// validate, build, three Chromium shards and pages on a shared two-core machine.
const PIPELINE_TIMEOUT = 240_000;
const GCL = ['--force-shell-executor', '--shell-isolation', '--no-artifacts-to-source'];
// Every run but the full pipeline's: the ajv test checks the schema gitlab-ci-local would check again (seconds a run).
const GCL_AGAIN = [...GCL, '--no-json-schema-validation'];

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

type Variables = Record<string, string>;

/** `--variable K=V` for each, and the same names as predefined variables gitlab-ci-local must not derive from git. */
function variableArgs(variables: Variables): string[] {
  const args = Object.entries(variables).flatMap(([key, value]) => ['--variable', `${key}=${value}`]);
  // One comma-separated list: the option given twice crashes 4.73.0 (`F.split is not a function`).
  return [...args, '--ignore-predefined-vars', Object.keys(variables).join(',')];
}
/** The kinds of pipeline GitLab starts, as the predefined variables it sets for them. */
const PIPELINES: Record<string, Variables> = {
  'merge request': { CI_PIPELINE_SOURCE: 'merge_request_event', CI_COMMIT_BRANCH: '', CI_COMMIT_REF_NAME: 'feature', CI_MERGE_REQUEST_IID: '1', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' },
  'default branch push': { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main' },
  'other branch, no merge request': { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature', CI_COMMIT_REF_NAME: 'feature' },
  schedule: { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main' },
  'schedule on another branch (such as a bot branch)': {
    CI_PIPELINE_SOURCE: 'schedule',
    CI_COMMIT_BRANCH: 'jobfam/sales-systems-leadership',
    CI_COMMIT_REF_NAME: 'jobfam/sales-systems-leadership',
  },
};

/** The README's "Job list per pipeline" table: pipeline kind → job names, in order. */
function readmeJobLists(): Record<string, string[]> {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- pipeline-jobs');
  expect(at, 'README.md has the <!-- pipeline-jobs --> table').toBeGreaterThan(-1);
  const rows = readme
    .slice(at)
    .split('\n')
    .slice(1)
    .filter((_, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith('|')))
    .slice(2);
  return Object.fromEntries(
    rows.map((row) => {
      const [kind, jobs] = row.split('|').slice(1, 3).map((cell) => cell.trim());
      return [kind!, [...jobs!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)];
    }),
  );
}

/** Every file under the artifacts of the job(s) whose artifact folder name starts with `prefix`. */
async function artifactsOf(repo: CiRepo, job: string): Promise<string[]> {
  return listFiles(path.join(repo.dir, '.gitlab-ci-local/artifacts', job));
}

describe('gitlab-ci-local: a default-branch pipeline on the bundled families', () => {
  let repo: CiRepo;
  let run: { exitCode: number; output: string };
  const artifacts = () => path.join(repo.dir, '.gitlab-ci-local/artifacts');
  let basePages: Record<string, string>;
  beforeAll(async () => {
    repo = await createCiRepo();
    // What the handbook project holds before the change the bot tests below make.
    basePages = await publishedPagesOf(path.join(repo.dir, 'job-families'));
    // One run of the whole publishing path (validate, build, the pdf shards, pages) serves every test below.
    run = await repo.gcl([...GCL, '--needs', 'pages']);
  }, PIPELINE_TIMEOUT);
  afterAll(() => repo?.cleanup());

  it('runs every job of the path to pages, and each passes', () => {
    expect(run.exitCode, run.output).toBe(0);
    for (const job of ['validate', 'build', 'pdf: [1/3]', 'pdf: [2/3]', 'pdf: [3/3]', 'pages']) expect(run.output).toContain(` PASS  ${job}\n`);
  });

  it('validate passes with no major Code Quality entry, a passing JUnit case per family and a green page', async () => {
    const reports = await validateReports(repo);
    // The bundled house rules and language checks report warnings and notes (README: House rules), no errors.
    expect((reports.codequality as unknown as Array<{ severity: string }>).filter((e) => e.severity === 'major')).toEqual([]);
    expect(reports.junit.match(/<testcase /g)).toHaveLength(5);
    expect(reports.junit).not.toContain('<failure');
    expect(await readFile(path.join(artifacts(), 'validate/reports/validation.html'), 'utf8')).toMatch(/5 family files checked: no errors/);
    // --no-artifacts-to-source: the work tree is untouched.
    expect(existsSync(path.join(repo.dir, 'public'))).toBe(false);
  });

  it('the pdf shards together produce every PDF exactly once', async () => {
    const { families } = await validatePaths([path.join(repo.dir, 'job-families')], repo.dir);
    const expected = families
      .flatMap((f) => [...f.family.levels, ...f.family.specialties].map((l) => `public/${pdfOutputPath(f.source.relativePath, l.id)}`))
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(15);
    const shardDirs = (await readdir(artifacts())).filter((d) => d.startsWith('pdf')).sort();
    expect(shardDirs).toHaveLength(3);
    const perShard = await Promise.all(shardDirs.map(async (d) => (await artifactsOf(repo, d)).filter((f) => f.endsWith('.pdf'))));
    for (const shard of perShard) expect(shard.length, 'every shard has work').toBeGreaterThan(0);
    const all = perShard.flat();
    expect(new Set(all).size, 'no PDF is made by two shards').toBe(all.length);
    expect(all.sort()).toEqual(expected);
  });

  it("the pages job's public/ holds the catalog, every PDF, every posting and the handbook markdown", async () => {
    const published = (await artifactsOf(repo, 'pages')).filter((f) => !f.includes('/.'));
    const shards = (await readdir(artifacts())).filter((d) => d.startsWith('pdf'));
    const pdfs = (await Promise.all(shards.map((d) => artifactsOf(repo, d)))).flat().filter((f) => f.endsWith('.pdf'));
    expect(published).toEqual(expect.arrayContaining(pdfs));
    expect(published.filter((f) => f.startsWith('public/pdf/') && !f.endsWith('.pdf'))).toEqual([]);

    // Postings: one page per opening of _openings.yml that has not expired, also listed in postings.json.
    const today = new Date().toISOString().slice(0, 10);
    const openings = (YAML.parse(await readFile(path.join(repo.dir, 'job-families/_openings.yml'), 'utf8')) as { openings: Array<{ requisitionId: string; validThrough?: string }> }).openings;
    const open = openings.filter((o) => !o.validThrough || String(o.validThrough) >= today).map((o) => `public/jobs/${o.requisitionId}.html`);
    expect(open.length).toBeGreaterThan(0);
    expect(published).toEqual(expect.arrayContaining([...open, 'public/jobs/postings.json', 'public/index.html']));

    const handbook = (await artifactsOf(repo, 'build')).filter((f) => f.startsWith('public/handbook/') && f.endsWith('.md'));
    // Five families and the pay-bands page (_compensation.yml), the one `jobfam bot` publishes.
    expect(handbook).toHaveLength(6);
    expect(handbook).toContain('public/handbook/_pay-bands.md');
    expect(published).toEqual(expect.arrayContaining(handbook));

    // The catalog was rebuilt after the shards' PDFs arrived, so its pages link every one of them.
    const pages = await Promise.all(published.filter((f) => f.endsWith('.html') && !f.startsWith('public/jobs/')).map((f) => readFile(path.join(artifacts(), 'pages', f), 'utf8')));
    const linked = new Set(pages.flatMap((html) => [...html.matchAll(/href="([^"]+\.pdf)"/g)].map((m) => path.posix.basename(m[1]!))));
    for (const pdf of pdfs) expect(linked, pdf).toContain(path.posix.basename(pdf));
    // The build job's own catalog ran before any PDF existed: it links none.
    expect(await readFile(path.join(artifacts(), 'build/public/index.html'), 'utf8')).not.toMatch(/href="[^"]+\.pdf"/);
  });

  async function jobsIn(variables: Variables, file?: string): Promise<Array<{ name: string; when: string }>> {
    // The schema check is the ajv test's job (same schema); here it would only cost seconds per listing.
    const run = await repo.gcl(['--list-json', '--no-json-schema-validation', ...(file ? ['--file', file] : []), ...variableArgs(variables)]);
    expect(run.exitCode, run.output).toBe(0);
    return (JSON.parse(run.stdout) as Array<{ name: string; when: string }>).map(({ name, when }) => ({ name, when }));
  }
  const running = (jobs: Array<{ name: string; when: string }>) => jobs.filter((j) => j.when !== 'never').map((j) => j.name);

  it(
    'runs in each kind of pipeline exactly the jobs the README lists',
    async () => {
      const documented = readmeJobLists();
      expect(Object.keys(documented).sort()).toEqual(Object.keys(PIPELINES).sort());
      for (const [kind, variables] of Object.entries(PIPELINES)) {
        expect(running(await jobsIn(variables)), kind).toEqual(documented[kind]);
      }
    },
    RUN_TIMEOUT,
  );

  // The tests below continue the story in the same clone: a grade change on a branch (diff in its
  // merge request), then that change on the default branch (the bot proposes it for review).
  let gradeChange: Promise<{ base: string; head: string }> | undefined;
  const commitGradeChange = () =>
    (gradeChange ??= (async () => {
      const base = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim();
      const file = path.join(repo.dir, 'job-families/sales/sales-systems-leadership.yml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('grade: 8', 'grade: 9'));
      return { base, head: repo.commit('Manager, Sales Systems moves to grade 9') };
    })());

  it(
    'diff, in a merge-request pipeline, summarises the change from the merge base for the MR',
    async () => {
      const { base } = await commitGradeChange();
      const run = await repo.gcl([...GCL_AGAIN, 'diff', ...variableArgs({ ...PIPELINES['merge request']!, CI_MERGE_REQUEST_DIFF_BASE_SHA: base })]);
      expect(run.exitCode, run.output).toBe(0);
      const summary = await readFile(path.join(artifacts(), 'diff/reports/changes.md'), 'utf8');
      expect(summary).toContain('Manager, Sales Systems: grade 8 → 9');
      // Only the MR's own change: the other four families are not mentioned.
      expect(summary).not.toContain('Sales Operations');
    },
    RUN_TIMEOUT,
  );

  describe('bot, against a fake GitLab over real HTTP', () => {
    const TOKEN = 'glpat-CiLocal7oken-NeverPrinted';
    let gitlab: FakeGitLab;
    let project: FakeProject;
    beforeAll(async () => {
      await commitGradeChange();
      gitlab = await startFakeGitLab();
      const bot = gitlab.addUser('project_1_bot_c1', { token: TOKEN, bot: true });
      project = gitlab.addProject('handbook/handbook', { 'README.md': '# Handbook\n', ...basePages }, { members: [[bot, 30]] });
    });
    afterAll(() => gitlab?.stop());
    const botVariables = (extra: Variables = {}): Variables => ({
      ...PIPELINES['default branch push']!,
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: String(project.id),
      JOBFAM_TARGET_DIR: TARGET_DIR,
      ...extra,
    });

    it(
      'without the token (the bot not set up yet) its dry run is refused, and that only warns',
      async () => {
        gitlab.clearLog();
        const run = await repo.gcl([...GCL_AGAIN, 'bot', ...variableArgs(botVariables())]);
        expect(run.output).toContain('no JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, so this is a dry run (GET requests only)');
        expect(gitlab.log.length, 'it did try to read').toBeGreaterThan(0);
        expect(run.output).toMatch(/WARN\s+bot/);
        expect(run.exitCode, run.output).toBe(0);
        expect(gitlab.writes()).toEqual([]);
      },
      RUN_TIMEOUT,
    );

    it(
      'with the token (a masked protected variable in GitLab) it opens one review MR and never prints the token',
      async () => {
        gitlab.clearLog();
        const run = await repo.gcl([...GCL_AGAIN, 'bot', ...variableArgs(botVariables({ JOBFAM_GITLAB_TOKEN: TOKEN }))]);
        expect(run.exitCode, run.output).toBe(0);
        expect(run.output).toContain('sales/sales-systems-leadership: created !1');
        expect(project.mergeRequests).toHaveLength(1);
        expect(project.mergeRequests[0]).toMatchObject({ sourceBranch: 'jobfam/sales-systems-leadership', targetBranch: 'main', state: 'opened' });
        expect(gitlab.log.every((r) => r.auth !== 'none')).toBe(true);
        expect(run.output).not.toContain(TOKEN);
        expect(await readFile(path.join(repo.dir, '.gitlab-ci-local/output/bot.log'), 'utf8').catch(() => '')).not.toContain(TOKEN);
      },
      RUN_TIMEOUT,
    );
  });

  it(
    'a second pipeline after one family changed re-prints only that family\'s PDFs (cache per shard), and pages still publishes every PDF',
    async () => {
      await commitGradeChange();
      const { families } = await validatePaths([path.join(repo.dir, 'job-families')], repo.dir);
      const pdfsOf = (f: (typeof families)[number]) => [...f.family.levels, ...f.family.specialties].map((l) => `public/${pdfOutputPath(f.source.relativePath, l.id)}`);
      const all = families.flatMap(pdfsOf);
      const changed = pdfsOf(families.find((f) => f.source.relativePath.endsWith('sales-systems-leadership.yml'))!);
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.length).toBeLessThan(all.length);

      const again = await repo.gcl([...GCL_AGAIN, '--needs', 'pages']);
      expect(again.exitCode, again.output).toBe(0);
      const first = shardSummaries(run.output);
      const second = shardSummaries(again.output);
      expect(first.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
      expect(second.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
      const total = (runs: typeof first, key: 'rendered' | 'skipped') => runs.reduce((sum, s) => sum + s[key], 0);
      // The first pipeline had no cache: every PDF printed. The second restored each shard's own.
      expect(total(first, 'rendered')).toBe(all.length);
      expect(total(second, 'rendered')).toBe(changed.length);
      expect(total(second, 'skipped')).toBe(all.length - changed.length);
      for (const index of [1, 2, 3]) expect(again.output).toContain(`imported cache 'pdf-${index}-of-3-main'`);
      // The build job restored its public/ too, and wrote only the changed family's page (and the pay-bands page, always).
      expect(again.output).toContain(`imported cache 'build-main'`);
      expect(run.output).not.toMatch(/handbook: \d+ handbook pages in public\/handbook \(/);
      expect(again.output).toMatch(/handbook: 6 handbook pages in public\/handbook \(2 written, 4 unchanged since the last build\)/);

      const published = (await artifactsOf(repo, 'pages')).filter((f) => f.endsWith('.pdf'));
      expect(published.sort()).toEqual([...all].sort());
    },
    PIPELINE_TIMEOUT,
  );

  // gitlab-ci-local reads workflow:rules only for their variables and never skips a pipeline, so the
  // rules are evaluated by it as the rules of a probe job: same first-match semantics, no match = never.
  it(
    'workflow rules: one pipeline per change, none for tags or for a branch with an open MR',
    async () => {
      const workflow = parseCi(ciSource).workflow as { rules: Json[] };
      await writeFile(path.join(repo.dir, 'workflow-probe.yml'), YAML.stringify({ probe: { rules: workflow.rules, script: ['true'] } }));
      const pipelineRuns = async (variables: Variables) => running(await jobsIn(variables, 'workflow-probe.yml')).length === 1;

      for (const [kind, variables] of Object.entries(PIPELINES)) expect(await pipelineRuns(variables), kind).toBe(true);
      expect(await pipelineRuns({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature', CI_OPEN_MERGE_REQUESTS: 'g/jobfam!1' })).toBe(false);
      expect(await pipelineRuns({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: '', CI_COMMIT_TAG: 'v1.0.0' })).toBe(false);
    },
    RUN_TIMEOUT,
  );
});

/** Each pdf shard's summary line ("rendered 2, skipped 13, ...") in a gitlab-ci-local run's output. */
function shardSummaries(output: string): Array<{ shard: string; rendered: number; skipped: number }> {
  const found = [...output.matchAll(/pdf: \[(\d+\/\d+)\][^\n]*pdf: rendered (\d+), skipped (\d+), removed \d+, failed 0 of/g)];
  return found.map((m) => ({ shard: m[1]!, rendered: Number(m[2]), skipped: Number(m[3]) })).sort((a, b) => a.shard.localeCompare(b.shard));
}

/**
 * The Code Quality and JUnit files of the last validate run. gitlab-ci-local keeps only `artifacts:paths`
 * (of `reports:` it handles dotenv alone), so they are read from the job's isolated build folder, at the
 * paths the job declares as its reports: the files GitLab would take for the MR widgets.
 */
async function validateReports(repo: CiRepo): Promise<{ codequality: Array<{ check_name: string; location: { path: string; lines: { begin: number } } }>; junit: string }> {
  const reports = (jobsOf(parseCi(ciSource)).validate!.artifacts as { reports: { codequality: string; junit: string } }).reports;
  const build = path.join(repo.dir, '.gitlab-ci-local/builds/validate');
  return {
    codequality: JSON.parse(await readFile(path.join(build, reports.codequality), 'utf8')) as never,
    junit: await readFile(path.join(build, reports.junit), 'utf8'),
  };
}

describe('gitlab-ci-local: jobs on an invalid family file', () => {
  let repo: CiRepo;
  const family = 'job-families/sales/sales-systems-leadership.yml';
  let brokenLine = 0;
  beforeAll(async () => {
    repo = await createCiRepo();
    const file = path.join(repo.dir, family);
    const source = await readFile(file, 'utf8');
    const broken = source.replace(/^(\s+grade:) 8$/m, '$1 42');
    expect(broken).not.toBe(source);
    brokenLine = broken.split('\n').findIndex((line) => /^\s+grade: 42$/.test(line)) + 1;
    await writeFile(file, broken);
    repo.commit('Set an unknown grade');
  }, RUN_TIMEOUT);
  afterAll(() => repo?.cleanup());

  it(
    'fails validate, whose Code Quality report names the file and line, keeps its reports, and never starts build',
    async () => {
      const run = await repo.gcl([...GCL_AGAIN, '--needs', 'build']);
      expect(run.exitCode, run.output).not.toBe(0);
      expect(run.output).toContain(`${family}:${brokenLine}:12  error  grade-unknown`);

      const reports = await validateReports(repo);
      expect(reports.codequality).toContainEqual(expect.objectContaining({ check_name: 'grade-unknown', location: { path: family, lines: { begin: brokenLine } } }));
      expect(reports.junit).toContain(`<failure type="grade-unknown"`);
      // artifacts: when: always keeps the exposed page of the failed job.
      const artifacts = path.join(repo.dir, '.gitlab-ci-local/artifacts');
      expect(await readFile(path.join(artifacts, 'validate/reports/validation.html'), 'utf8')).toContain('Grade 42 is not in the grade table.');
      expect(run.output).toMatch(/^validate starting/m);
      expect(run.output).not.toMatch(/^build starting/m);
      expect(await listFiles(path.join(artifacts, 'build'))).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});
