// Turns argv and env into one resolved command. Pure: the only place that knows flag names and
// defaults, tested as a table. Anything wrong is a usage error (exit 2), never a thrown exception.
import { parseArgs } from 'node:util';
import type { PaperFormat, Shard } from './types.ts';

export type Command =
  | { command: 'import'; files: string[]; outDir: string }
  | { command: 'validate'; paths: string[]; format: 'text' | 'json' }
  | { command: 'render'; familiesDir: string; outDir: string; templatesDir: string | undefined }
  | { command: 'build'; familiesDir: string; outDir: string; templatesDir: string | undefined }
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
  | { command: 'help' };

export type Resolved = { ok: true; value: Command } | { ok: false; usage: string };

export const USAGE = `Usage:
  jobfam import FILE.md... --out DIR    convert handbook pages into family YAML files
  jobfam validate [PATH...] [--format text|json]
                                       check family files (default: job-families)
  jobfam render [--families DIR] [--out DIR]
                                       render handbook pages (default: job-families -> public)
  jobfam build [--families DIR] [--out DIR]
                                       validate once, then run every output stage
  jobfam pdf [--families DIR] [--out DIR] [--shard I/N] [--force]
             [--concurrency N] [--paper A4|Letter]
                                       offer-packet PDFs into OUT/pdf/ (--shard defaults
                                       from CI_NODE_INDEX/CI_NODE_TOTAL)

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
      case 'pdf': {
        const { values } = parseArgs({
          args: [...rest],
          options: {
            families: { type: 'string', default: env.JOBFAM_FAMILIES ?? 'job-families' },
            out: { type: 'string', default: env.JOBFAM_OUT ?? 'public' },
            templates: { type: 'string' },
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
