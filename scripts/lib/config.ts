// Turns argv and env into one resolved command. Pure: the only place that knows flag names and
// defaults, tested as a table. Anything wrong is a usage error (exit 2), never a thrown exception.
import { parseArgs } from 'node:util';

export type Command =
  | { command: 'import'; files: string[]; outDir: string }
  | { command: 'validate'; paths: string[]; format: 'text' | 'json' }
  | { command: 'render'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'build'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'diff'; from: string; to: string | null; format: 'text' | 'json' | 'markdown'; familiesDir: string }
  | BotCommand
  | { command: 'help' };

/** `jobfam bot`: everything it needs from argv and env, resolved once. The token stays in here and
 *  in the adapter; everything printed passes through a redactor built from it. */
export interface BotCommand {
  command: 'bot';
  dryRun: boolean;
  /** Why it is a dry run: asked for, or no token to write with. */
  dryRunReason: 'flag' | 'no-token' | null;
  familiesDir: string;
  templatesDir: string | undefined;
  /** --plan FILE: where to write the plan and outcomes as JSON (a CI artifact), or null. */
  planFile: string | null;
  gitlab: {
    /** CI_API_V4_URL, e.g. https://gitlab.com/api/v4. */
    apiUrl: string;
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
  jobfam import FILE.md... --out DIR    convert handbook pages into family YAML files
  jobfam validate [PATH...] [--format text|json]
                                       check family files (default: job-families)
  jobfam render [--families DIR] [--out DIR]
                                       render handbook pages (default: job-families -> public)
  jobfam build [--families DIR] [--out DIR]
                                       validate once, then run every output stage
  jobfam diff --from REV [--to REV] [--format text|json|markdown] [--families DIR]
                                       job-family changes between two git revisions
                                       (--to: default the working tree; --from 000…0: all new)
  jobfam bot [--dry-run] [--plan FILE.json] [--families DIR]
                                       open or update one merge request per family whose
                                       grade or requirements changed (env: CI_API_V4_URL,
                                       CI_PROJECT_ID, CI_DEFAULT_BRANCH, CI_COMMIT_SHA,
                                       JOBFAM_GITLAB_TOKEN or GITLAB_TOKEN, JOBFAM_TARGET_PROJECT,
                                       JOBFAM_TARGET_DIR); no token = dry run

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 GitLab unreachable or refused (bot).`;

export function resolveCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Resolved {
  const [command, ...rest] = argv;
  const fail = (message: string): Resolved => ({ ok: false, usage: `${message}\n\n${USAGE}` });
  try {
    switch (command) {
      case 'import': {
        const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { out: { type: 'string' } } });
        if (positionals.length === 0) return fail('import needs at least one markdown file.');
        if (!values.out) return fail('import needs --out DIR.');
        return { ok: true, value: { command, files: positionals, outDir: values.out } };
      }
      case 'validate': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: { format: { type: 'string', default: 'text' } },
        });
        if (values.format !== 'text' && values.format !== 'json') return fail(`--format must be text or json, not "${values.format}".`);
        const paths = positionals.length > 0 ? positionals : [env.JOBFAM_FAMILIES ?? 'job-families'];
        return { ok: true, value: { command, paths, format: values.format } };
      }
      case 'render':
      case 'build': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            families: { type: 'string', default: env.JOBFAM_FAMILIES ?? 'job-families' },
            out: { type: 'string', default: env.JOBFAM_OUT ?? 'public' },
            templates: { type: 'string' },
          },
        });
        return { ok: true, value: { command, familiesDir: values.families, outDir: values.out, templatesDir: values.templates ?? env.JOBFAM_TEMPLATES } };
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
          },
        });
        const apiUrl = env.CI_API_V4_URL?.trim();
        if (!apiUrl) return fail('bot needs CI_API_V4_URL (e.g. https://gitlab.com/api/v4); GitLab CI sets it.');
        if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) return fail(`CI_API_V4_URL must be an http(s) URL, not "${apiUrl}".`);
        const token = env.JOBFAM_GITLAB_TOKEN?.trim() || env.GITLAB_TOKEN?.trim() || null;
        const asked = values['dry-run'] || env.JOBFAM_BOT_DRY_RUN === '1' || env.JOBFAM_BOT_DRY_RUN === 'true';
        const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);
        return {
          ok: true,
          value: {
            command,
            dryRun: asked || token === null,
            dryRunReason: asked ? 'flag' : token === null ? 'no-token' : null,
            familiesDir: values.families,
            templatesDir: values.templates ?? env.JOBFAM_TEMPLATES,
            planFile: values.plan ?? null,
            gitlab: {
              apiUrl: apiUrl.replace(/\/+$/, ''),
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
      case 'help':
      case '--help':
      case '-h':
        return { ok: true, value: { command: 'help' } };
      case undefined:
        return fail('No command given.');
      default:
        return fail(`Unknown command "${command}".`);
    }
  } catch (error) {
    return fail((error as Error).message);
  }
}
