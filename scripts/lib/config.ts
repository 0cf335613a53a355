// Turns argv and env into one resolved command. Pure: the only place that knows flag names and
// defaults, tested as a table. Anything wrong is a usage error (exit 2), never a thrown exception.
import { parseArgs } from 'node:util';

export type Command =
  | { command: 'import'; files: string[]; outDir: string }
  | {
      command: 'validate';
      paths: string[];
      format: 'text' | 'json';
      /** CI report files to write (GitLab Code Quality JSON, JUnit XML, an HTML page for people). */
      codequality?: string | undefined;
      junit?: string | undefined;
      html?: string | undefined;
      /** Base of source links in the HTML report, from CI_PROJECT_URL and CI_COMMIT_SHA. */
      blobUrl?: string | undefined;
    }
  | { command: 'render'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'build'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'help' };

export type Resolved = { ok: true; value: Command } | { ok: false; usage: string };

export const USAGE = `Usage:
  jobfam import FILE.md... --out DIR    convert handbook pages into family YAML files
  jobfam validate [PATH...] [--format text|json]
                  [--codequality FILE] [--junit FILE] [--html FILE]
                                       check family files (default: job-families); the
                                       options also write CI reports (GitLab Code Quality,
                                       JUnit XML, a readable HTML page)
  jobfam render [--families DIR] [--out DIR]
                                       render handbook pages (default: job-families -> public)
  jobfam build [--families DIR] [--out DIR]
                                       validate once, then run every output stage

Exit codes: 0 ok, 1 invalid data, 2 usage error.`;

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
          options: {
            format: { type: 'string', default: 'text' },
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
        return { ok: true, value: { command, paths, format: values.format, ...reports, ...(values.html && blobUrl ? { blobUrl } : {}) } };
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
