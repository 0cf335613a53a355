// Turns argv and env into one resolved command. Pure: the only place that knows flag names and
// defaults, tested as a table. Anything wrong is a usage error (exit 2), never a thrown exception.
import { parseArgs } from 'node:util';

export type Command =
  | { command: 'import'; files: string[]; outDir: string }
  | { command: 'validate'; paths: string[]; format: 'text' | 'json' }
  | { command: 'render'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'build'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'init'; dir: string }
  | { command: 'help' };

export type Resolved = { ok: true; value: Command } | { ok: false; usage: string };

export const USAGE = `Usage:
  jobfam import PATH... --out DIR       convert handbook pages (files, or folders searched for
                                       *.md) into family YAML files; makes DIR a families directory
  jobfam init [DIR]                     make DIR a families directory: grade table, config,
                                       JSON Schemas (default: job-families)
  jobfam validate [PATH...] [--format text|json]
                                       check family files (default: job-families)
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
        if (positionals.length === 0) return fail('import needs at least one markdown file or folder.');
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
      case 'init': {
        const { positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: {} });
        if (positionals.length > 1) return fail('init takes one directory.');
        return { ok: true, value: { command, dir: positionals[0] ?? env.JOBFAM_FAMILIES ?? 'job-families' } };
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
