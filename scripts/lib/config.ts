// Turns argv and env into one resolved command, and a command plus _config.yml into the typed Config
// every stage reads. Pure: the only place that knows flag names, environment variables and defaults,
// tested as a table. Anything wrong is a usage error (exit 2), never a thrown exception.
// Over 400 lines on purpose: splitting it would make a second place that knows flags or variables.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BrowserMode, PaperFormat, Shard, SiteConfig } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

// The one place that knows where the package is: this module sits two folders below its root in scripts/lib,
// dist/lib and the bundle dist/bin alike, so everything package-relative is derived from here.
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGE_JSON = path.join(PACKAGE_DIR, 'package.json');
export const BUNDLED_TEMPLATES = path.join(PACKAGE_DIR, 'templates');
export const BUNDLED_FAMILIES = path.join(PACKAGE_DIR, 'job-families');

/** The build date that decides which openings have expired: JOBFAM_TODAY (YYYY-MM-DD, for reproducible
 *  builds and tests) or the clock's UTC day. */
export function todayOf(env: Env, now: Date = new Date()): string {
  const pinned = env.JOBFAM_TODAY;
  if (pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return now.toISOString().slice(0, 10);
}

/**
 * Pages in flight: one per core, at most four (pdf.md: 2 reused pages on 2 cores print fastest).
 * On an overloaded machine 4 in flight sometimes won; on a quieter one 2 beat 4 by ~15% in the
 * bench, and the default is for CI runners, which are not shared.
 */
export const defaultConcurrency = () => Math.max(1, Math.min(4, os.availableParallelism()));

/** What a run of the build (or one of its stages) was asked for on the command line. */
export interface RunOptions {
  familiesDir: string;
  outDir: string;
  templatesDir?: string | undefined;
  shard?: Shard | null;
  force?: boolean;
  /** null/undefined: _config.yml's pdf.concurrency, else one per core (at most 4). */
  concurrency?: number | null;
  /** null/undefined: _config.yml's pdf.paper, else A4. */
  paper?: PaperFormat | null;
}

/** The offer-packet stage's settings: flags over _config.yml's `pdf:` over defaults, plus the environment. */
export interface PdfSettings {
  paper: PaperFormat;
  browser: BrowserMode;
  concurrency: number;
  /** Budget for one document (setContent + pdf). */
  timeoutMs: number;
  force: boolean;
  shard: Shard | null;
  /** PUPPETEER_EXECUTABLE_PATH: the browser to use instead of Debian's. */
  executablePath: string | null;
  /** SOURCE_DATE_EPOCH: the date printed on every packet instead of its commit's. */
  sourceDateEpoch: number | null;
}

/** Everything a stage needs to know that is not the model: where, when, and how. */
export interface Config {
  cwd: string;
  /** Absolute directory the stages write into: the output folder, or during a build the run's staging
   *  tree (publish/staging.ts), swapped in only when every stage succeeded. */
  outDir: string;
  /** Absolute output directory as given (default `public`): where the result appears; for messages. */
  publishedDir: string;
  /** Absolute templates directory. */
  templatesDir: string;
  /** Build date (YYYY-MM-DD) that decided which openings expired; see todayOf. */
  today: string;
  company: string;
  /** Absolute base that relative handbook links resolve against ('' without _config.yml). */
  handbookUrl: string;
  /** Where the job board is published, or null without a `jobBoard` block. */
  siteUrl: string | null;
  pdf: PdfSettings;
}

/** Merges the command's flags, the environment, _config.yml and the defaults: the one place that does. */
export function resolveConfig(run: RunOptions, env: Env, site: SiteConfig | null, cwd: string): Config {
  const pdf = site?.pdf ?? {};
  const epoch = env.SOURCE_DATE_EPOCH;
  const outDir = path.resolve(cwd, run.outDir);
  return {
    cwd,
    outDir,
    publishedDir: outDir,
    templatesDir: path.resolve(cwd, run.templatesDir ?? BUNDLED_TEMPLATES),
    today: todayOf(env),
    company: site?.company ?? '',
    handbookUrl: site?.handbookUrl ?? '',
    siteUrl: site?.jobBoard?.siteUrl ?? null,
    pdf: {
      paper: run.paper ?? pdf.paper ?? 'A4',
      browser: pdf.browser ?? 'headless-shell',
      concurrency: run.concurrency ?? pdf.concurrency ?? defaultConcurrency(),
      timeoutMs: (pdf.timeoutSeconds ?? 30) * 1000,
      force: run.force ?? false,
      shard: run.shard ?? null,
      executablePath: env.PUPPETEER_EXECUTABLE_PATH || null,
      sourceDateEpoch: epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : null,
    },
  };
}

export type Command =
  | { command: 'import'; files: string[]; outDir: string; force: boolean }
  | {
      command: 'validate';
      paths: string[];
      format: 'text' | 'json';
      /** Text format: list the notes (severity info: coded words) too, not only their count. */
      notes: boolean;
      /** CI report files to write (GitLab Code Quality JSON, JUnit XML, an HTML page for people). */
      codequality?: string | undefined;
      junit?: string | undefined;
      html?: string | undefined;
      /** Base of source links in the HTML report, from CI_PROJECT_URL and CI_COMMIT_SHA. */
      blobUrl?: string | undefined;
    }
  | { command: 'render'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | {
      command: 'build';
      familiesDir: string;
      outDir: string;
      templatesDir: string | undefined;
      /** false with --no-pdfs: every stage but the offer packets (CI prints them in sharded jobs). */
      pdfs: boolean;
    }
  | {
      command: 'pdf';
      familiesDir: string;
      outDir: string;
      templatesDir: string | undefined;
      /** null: render everything (no --shard and no CI_NODE_INDEX/CI_NODE_TOTAL). */
      shard: Shard | null;
      force: boolean;
      /** null: from _config.yml's pdf.concurrency, else one per core (at most 4). */
      concurrency: number | null;
      /** null: from _config.yml's pdf.paper, else A4. */
      paper: PaperFormat | null;
    }
  | { command: 'postings' | 'site'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'diff'; from: string; to: string | null; format: 'text' | 'json' | 'markdown'; familiesDir: string }
  | BotCommand
  | { command: 'init'; dir: string }
  /** `jobfam help`, `jobfam --help`, or `jobfam COMMAND --help|-h` (topic: that command's usage). */
  | { command: 'help'; usage: string }
  | { command: 'version' };

/** `jobfam bot`: everything it needs from argv and env, resolved once. The token stays in here and
 *  in the adapter; everything printed passes through a redactor built from it. */
export interface BotCommand {
  command: 'bot';
  dryRun: boolean;
  /** Why it is a dry run: asked for, no token to write with, or no GitLab at all (offline). */
  dryRunReason: 'flag' | 'no-token' | 'offline' | null;
  /** Offline (--published REV, or no CI_API_V4_URL): the handbook is taken to be the pages rendered from
   *  the families at this git revision, and GitLab is not contacted. */
  published: string | null;
  familiesDir: string;
  templatesDir: string | undefined;
  /** --plan FILE: where to write the plan and outcomes as JSON (a CI artifact), or null. */
  planFile: string | null;
  gitlab: {
    /** CI_API_V4_URL, e.g. https://gitlab.com/api/v4; null offline. */
    apiUrl: string | null;
    token: string | null;
    /** CI_PROJECT_ID: the project the pipeline runs in. */
    projectId: string | null;
    /** CI_DEFAULT_BRANCH of that project. */
    defaultBranch: string | null;
    /** CI_COMMIT_SHA: the source commit the pages are generated from. */
    commitSha: string | null;
  };
  /** JOBFAM_TARGET_PROJECT / JOBFAM_TARGET_DIR: override `bot.targetProject` / `bot.targetDir`. */
  targetProject: string | null;
  targetDir: string | null;
}

/** Exit code of `jobfam bot` when GitLab could not be reached, or refused (auth, permissions, rejected writes). */
export const EXIT_GITLAB = 3;

export type Resolved = { ok: true; value: Command } | { ok: false; usage: string };

export const USAGE = `Usage:
  jobfam import PATH... --out DIR [--force]
                                       convert handbook pages (files, or folders searched for
                                       *.md) into family YAML files; makes DIR a families directory;
                                       an existing file is replaced only with --force
  jobfam init [DIR]                     make DIR a families directory: grade table, config,
                                       JSON Schemas (default: job-families)
  jobfam validate [PATH...] [--format text|json] [--notes]
                  [--codequality FILE] [--junit FILE] [--html FILE]
                                       check family files (default: job-families); --notes
                                       lists the notes (coded words) too; the options also
                                       write CI reports (GitLab Code Quality, JUnit XML, a
                                       readable HTML page), which hold every note
  jobfam render [--families DIR] [--out DIR]
                                       render handbook pages (default: job-families -> public)
  jobfam build [--families DIR] [--out DIR] [--no-pdfs]
                                       validate once, then run every output stage
                                       (--no-pdfs: all but the offer packets)
  jobfam pdf [--families DIR] [--out DIR] [--shard I/N] [--force]
             [--concurrency N] [--paper A4|Letter]
                                       offer-packet PDFs into OUT/pdf/ (--shard defaults
                                       from CI_NODE_INDEX/CI_NODE_TOTAL)
  jobfam postings [--families DIR] [--out DIR]
                                       job-board postings of _openings.yml into OUT/jobs
  jobfam site [--families DIR] [--out DIR]
                                       the recruiting catalog: OUT/index.html, OUT/families
  jobfam diff --from REV [--to REV] [--format text|json|markdown] [--families DIR]
                                       job-family changes between two git revisions
                                       (--to: default the working tree; --from 000…0: all new)
  jobfam bot [--dry-run] [--plan FILE.json] [--families DIR] [--published REV]
                                       open or update one merge request per family whose
                                       grade or requirements changed (env: CI_API_V4_URL,
                                       CI_PROJECT_ID, CI_DEFAULT_BRANCH, CI_COMMIT_SHA,
                                       JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, JOBFAM_TARGET_PROJECT,
                                       JOBFAM_TARGET_DIR); no token = dry run; no CI_API_V4_URL
                                       or --published REV = offline dry run against the pages
                                       the families at REV (default HEAD) render to

  jobfam COMMAND --help                 that command's usage
  jobfam --version                      jobfam's version

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 GitLab unreachable or refused (bot),
128+N when stopped by signal N (130 Ctrl-C, 143 SIGTERM).`;

/** The flags every command that writes outputs takes: where the families are, where outputs go, which templates. */
function outputOptions(env: Readonly<Record<string, string | undefined>>) {
  return {
    families: { type: 'string', default: env.JOBFAM_FAMILIES ?? 'job-families' },
    out: { type: 'string', default: env.JOBFAM_OUT ?? 'public' },
    templates: { type: 'string' },
  } as const;
}

/** The usage lines of one command (its block of USAGE), or null for an unknown command. */
export function commandUsage(command: string): string | null {
  const blocks = USAGE.split('\n').slice(1);
  const start = blocks.findIndex((line) => line.startsWith(`  jobfam ${command} `) || line === `  jobfam ${command}`);
  if (start < 0) return null;
  let end = start + 1;
  while (end < blocks.length && !blocks[end]!.startsWith('  jobfam ') && blocks[end] !== '') end++;
  return `Usage:\n${blocks.slice(start, end).join('\n')}\n\nExit codes: 0 ok, 1 invalid data, 2 usage error${command === 'bot' ? ', 3 GitLab unreachable or refused' : ''}; 128+N when stopped by signal N.`;
}

export function resolveCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Resolved {
  const [command, ...rest] = argv;
  const fail = (message: string): Resolved => ({ ok: false, usage: `${message}\n\n${USAGE}` });
  if (command === '--version' || command === '-V' || command === 'version') return { ok: true, value: { command: 'version' } };
  // `jobfam COMMAND --help`: before the command's own flags are parsed (they would call it unknown).
  const topic = command ? commandUsage(command) : null;
  if (topic && rest.some((arg) => arg === '--help' || arg === '-h')) return { ok: true, value: { command: 'help', usage: topic } };
  try {
    switch (command) {
      case 'import': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
        });
        if (positionals.length === 0) return fail('import needs at least one markdown file or folder.');
        if (!values.out) return fail('import needs --out DIR.');
        return { ok: true, value: { command, files: positionals, outDir: values.out, force: values.force } };
      }
      case 'validate': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: {
            format: { type: 'string', default: 'text' },
            notes: { type: 'boolean', default: false },
            codequality: { type: 'string' },
            junit: { type: 'string' },
            html: { type: 'string' },
          },
        });
        if (values.format !== 'text' && values.format !== 'json') return fail(`--format must be text or json, not "${values.format}".`);
        const reports = { codequality: values.codequality, junit: values.junit, html: values.html };
        for (const [flag, file] of Object.entries(reports)) if (file === '') return fail(`--${flag} needs a file name.`);
        const given = Object.values(reports).filter((f) => f !== undefined);
        if (new Set(given).size < given.length) return fail('Each report needs its own file.');
        const paths = positionals.length > 0 ? positionals : [env.JOBFAM_FAMILIES ?? 'job-families'];
        const blobUrl = env.CI_PROJECT_URL && env.CI_COMMIT_SHA ? `${env.CI_PROJECT_URL}/-/blob/${env.CI_COMMIT_SHA}` : undefined;
        return { ok: true, value: { command, paths, format: values.format, notes: values.notes, ...reports, ...(values.html && blobUrl ? { blobUrl } : {}) } };
      }
      case 'build': {
        const { values } = parseArgs({ args: [...rest], options: { ...outputOptions(env), 'no-pdfs': { type: 'boolean', default: false } } });
        return { ok: true, value: { command, familiesDir: values.families, outDir: values.out, templatesDir: values.templates ?? env.JOBFAM_TEMPLATES, pdfs: !values['no-pdfs'] } };
      }
      case 'render':
      case 'postings':
      case 'site': {
        const { values } = parseArgs({ args: [...rest], options: outputOptions(env) });
        return { ok: true, value: { command, familiesDir: values.families, outDir: values.out, templatesDir: values.templates ?? env.JOBFAM_TEMPLATES } };
      }
      case 'pdf': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            ...outputOptions(env),
            shard: { type: 'string' },
            force: { type: 'boolean', default: false },
            concurrency: { type: 'string' },
            paper: { type: 'string' },
          },
        });
        const shard = parseShard(values.shard, env);
        if (typeof shard === 'string') return fail(shard);
        let concurrency: number | null = null;
        if (values.concurrency !== undefined) {
          concurrency = Number(values.concurrency);
          if (!/^\d+$/.test(values.concurrency) || concurrency < 1 || concurrency > 16) {
            return fail(`--concurrency must be a whole number from 1 to 16, not "${values.concurrency}".`);
          }
        }
        const paper = values.paper === undefined ? null : PAPER_FORMATS.find((p) => p.toLowerCase() === values.paper!.toLowerCase());
        if (paper === undefined) return fail(`--paper must be A4 or Letter, not "${values.paper}".`);
        return {
          ok: true,
          value: {
            command,
            familiesDir: values.families,
            outDir: values.out,
            templatesDir: values.templates ?? env.JOBFAM_TEMPLATES,
            shard,
            force: values.force,
            concurrency,
            paper,
          },
        };
      }
      case 'diff': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            from: { type: 'string' },
            to: { type: 'string' },
            format: { type: 'string', default: 'text' },
            families: { type: 'string', default: env.JOBFAM_FAMILIES ?? 'job-families' },
          },
        });
        if (!values.from) return fail('diff needs --from REV (a commit, branch or tag; forty zeros for "nothing").');
        if (values.format !== 'text' && values.format !== 'json' && values.format !== 'markdown') {
          return fail(`--format must be text, json or markdown, not "${values.format}".`);
        }
        return { ok: true, value: { command, from: values.from, to: values.to ?? null, format: values.format, familiesDir: values.families } };
      }
      case 'bot': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            'dry-run': { type: 'boolean', default: false },
            plan: { type: 'string' },
            families: { type: 'string', default: env.JOBFAM_FAMILIES ?? 'job-families' },
            templates: { type: 'string' },
            published: { type: 'string' },
          },
        });
        const apiUrl = env.CI_API_V4_URL?.trim() || null;
        if (apiUrl && !/^https?:\/\/[^\s]+$/.test(apiUrl)) return fail(`CI_API_V4_URL must be an http(s) URL, not "${apiUrl}".`);
        if (values.published === '') return fail('--published needs a git revision, e.g. HEAD or origin/main.');
        // Without GitLab (a laptop, the Quick start) the bot still shows what it would do: against the
        // pages the families at HEAD render to, i.e. a handbook in sync with the last commit.
        const published = values.published ?? (apiUrl ? null : 'HEAD');
        const token = env.JOBFAM_GITLAB_TOKEN?.trim() || env.GITLAB_TOKEN?.trim() || null;
        const asked = values['dry-run'] || env.JOBFAM_BOT_DRY_RUN === '1' || env.JOBFAM_BOT_DRY_RUN === 'true';
        const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);
        return {
          ok: true,
          value: {
            command,
            dryRun: asked || token === null || published !== null,
            dryRunReason: published !== null ? 'offline' : asked ? 'flag' : token === null ? 'no-token' : null,
            published,
            familiesDir: values.families,
            templatesDir: values.templates ?? env.JOBFAM_TEMPLATES,
            planFile: values.plan ?? null,
            gitlab: {
              apiUrl: apiUrl?.replace(/\/+$/, '') ?? null,
              token,
              projectId: blank(env.CI_PROJECT_ID),
              defaultBranch: blank(env.CI_DEFAULT_BRANCH),
              commitSha: blank(env.CI_COMMIT_SHA),
            },
            targetProject: blank(env.JOBFAM_TARGET_PROJECT),
            targetDir: blank(env.JOBFAM_TARGET_DIR),
          },
        };
      }
      case 'init': {
        const { positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: {} });
        if (positionals.length > 1) return fail('init takes one directory.');
        return { ok: true, value: { command, dir: positionals[0] ?? env.JOBFAM_FAMILIES ?? 'job-families' } };
      }
      case 'help':
      case '--help':
      case '-h': {
        const asked = rest[0] ? commandUsage(rest[0]) : null;
        if (rest[0] && !asked) return fail(`Unknown command "${rest[0]}".`);
        return { ok: true, value: { command: 'help', usage: asked ?? USAGE } };
      }
      case undefined:
        return fail('No command given.');
      default:
        return fail(`Unknown command "${command}".`);
    }
  } catch (error) {
    return fail((error as Error).message);
  }
}

const PAPER_FORMATS: readonly PaperFormat[] = ['A4', 'Letter'];

/** `--shard I/N`, else GitLab's CI_NODE_INDEX/CI_NODE_TOTAL (set by `parallel:`), else null; a string is the usage error. */
function parseShard(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Shard | null | string {
  let text = flag;
  let what = '--shard';
  if (text === undefined) {
    if (env.CI_NODE_INDEX === undefined && env.CI_NODE_TOTAL === undefined) return null;
    text = `${env.CI_NODE_INDEX ?? ''}/${env.CI_NODE_TOTAL ?? ''}`;
    what = 'CI_NODE_INDEX/CI_NODE_TOTAL';
  }
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || index < 1 || total < 1 || index > total) {
    return `${what} must be I/N with 1 <= I <= N (e.g. 2/4), not "${text}".`;
  }
  return { index, total };
}
