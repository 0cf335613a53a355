// jobfam's command line: resolve the command, call one library function, print, set the exit code.
// The one place that turns signals and errors into exit codes: 0 ok, 1 invalid data or filesystem
// trouble, 2 usage, 3 GitLab (bot), 128+N when stopped by signal N.
import { readFileSync } from 'node:fs';
import path from 'node:path';
// Direct imports of the few modules every command needs; commands load the heavy libraries (the bot's
// GitLab client, the PDF stage's browser driver) themselves, so start-up is not paid by every command.
import { buildAll, COMMAND_STAGES, diffRevisions, generatePdfs, importPages, initFamiliesDir, type InitResult, renderFamilies, validatePaths } from './lib/commands.ts';
import { BUNDLED_TEMPLATES, PACKAGE_JSON, resolveCommand, USAGE } from './lib/config.ts';
import { byLocation, formatDiagnostic, PipelineError } from './lib/errors.ts';
import { describeFilesystemError } from './lib/filesystem-errors.ts';
import type { Diagnostic } from './lib/types.ts';
import { hasErrors } from './lib/validate/index.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

function summary(diagnostics: readonly Diagnostic[], options: { notesListed?: boolean } = {}): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.length - errors - warnings;
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unlisted = notes > 0 && options.notesListed === false ? ' (--notes lists them)' : '';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${notes > 0 ? `, ${plural(notes, 'note')}${unlisted}` : ''} in ${plural(files, 'file')}`;
}

function initialisedLine(init: InitResult): string {
  const wrote = init.written.length > 0 ? `wrote ${init.written.join(', ')}` : 'nothing to write';
  const kept = init.kept.length > 0 ? `; kept the existing ${init.kept.join(', ')}` : '';
  return `${init.dir} is a families directory: ${wrote}${kept}.`;
}

/** Notes (severity info: coded words) are for `validate --notes` and the CI reports; otherwise only
 *  what needs attention is printed (a maintainer's pre-commit hook showed 286 lines of notes for the
 *  bundled families), and the summary line counts the notes. */
function report(diagnostics: readonly Diagnostic[], io: Io, options: { notes?: boolean } = {}): void {
  for (const d of [...diagnostics].sort(byLocation)) if (options.notes || d.severity !== 'info') io.err(formatDiagnostic(d));
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs `work` with Ctrl-C / SIGTERM turned into an abort: the run stops (printing stops, Chromium is
 * killed), publishes nothing and reports; the exit code is then 128+N. A second signal exits at once:
 * the staging tree left behind is removed by the next run, the output is untouched either way.
 */
async function withTerminationSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; exitCode: number | null }> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT[name] ?? 1);
    controller.abort(name);
  };
  const names = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];
  for (const name of names) process.on(name, onSignal);
  try {
    const value = await work(controller.signal);
    return { value, exitCode: controller.signal.aborted ? (SIGNAL_EXIT[String(controller.signal.reason)] ?? 1) : null };
  } finally {
    for (const name of names) process.off(name, onSignal);
  }
}

const VERSION = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

/** Commands that publish into an output folder: a filesystem error there leaves it as it was. */
const PUBLISHING = new Set(['render', 'build', 'pdf', 'postings', 'site']);

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number> {
  const resolved = resolveCommand(argv, env);
  if (!resolved.ok) {
    io.err(resolved.usage);
    return 2;
  }
  const command = resolved.value;
  try {
    switch (command.command) {
      case 'help':
        io.out(command.usage);
        return 0;
      case 'version':
        io.out(`jobfam ${VERSION}`);
        return 0;
      case 'validate': {
        const result = await validatePaths(command.paths, io.cwd, env, command, { compact: true });
        if (command.format === 'json') io.out(JSON.stringify(result.diagnostics, null, 2));
        else report(result.diagnostics, io, { notes: command.notes });
        const failed = hasErrors(result.diagnostics);
        io.err(failed || result.diagnostics.length > 0 ? summary(result.diagnostics, { notesListed: command.format === 'json' || command.notes }) : `${result.files} family files are valid.`);
        return failed ? 1 : 0;
      }
      case 'render': {
        const { value: result, exitCode } = await withTerminationSignals((signal) => renderFamilies(command, io.cwd, { signal }));
        if (exitCode !== null) return exitCode;
        report(result.diagnostics, io);
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; nothing was written.`);
          return 1;
        }
        io.err(`Rendered ${result.pages.length} handbook pages into ${command.outDir}/handbook.`);
        return 0;
      }
      case 'build':
      case 'postings':
      case 'site': {
        const { value: result, exitCode } = await withTerminationSignals((signal) => buildAll(command, io.cwd, env, COMMAND_STAGES[command.command === 'build' && !command.pdfs ? 'noPdfs' : command.command], { signal }));
        report(result.diagnostics, io);
        for (const stage of result.stages) io.err(`${stage.stage}: ${stage.summary}`);
        if (exitCode !== null) {
          io.err(`Stopped by a signal; nothing was published, ${command.outDir} is as it was.`);
          return exitCode;
        }
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; ${result.stages.length === 0 ? 'nothing was written' : `the build stopped, nothing was published (${command.outDir} is as it was)`}.`);
          return 1;
        }
        return 0;
      }
      case 'pdf': {
        const { value: run, exitCode } = await withTerminationSignals((signal) => generatePdfs(command, io.cwd, env, { signal }));
        report(run.diagnostics, io);
        if (!run.result) {
          io.err(`${summary(run.diagnostics)}; nothing was written.`);
          return 1;
        }
        io.err(`pdf: ${run.summary}`);
        if (exitCode !== null) return exitCode;
        return hasErrors(run.diagnostics) ? 1 : 0;
      }
      case 'diff': {
        const result = await diffRevisions(command, io.cwd);
        report(result.diagnostics, io);
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; no diff.`);
          return 1;
        }
        const { formatChanges } = await import('./lib/diff/describe-changes.ts');
        io.out(formatChanges(result.changes, command.format, { from: command.from, to: command.to ?? 'working tree' }));
        return 0;
      }
      case 'bot': {
        const templatesDir = command.templatesDir ? path.resolve(io.cwd, command.templatesDir) : BUNDLED_TEMPLATES;
        const { runBot } = await import('./lib/bot/run-bot.ts');
        const result = await runBot(command, io.cwd, io, { templatesDir });
        report(result.diagnostics, io);
        if (result.exitCode === 1) io.err(`${summary(result.diagnostics)}; the bot did nothing.`);
        return result.exitCode;
      }
      case 'import': {
        const result = await importPages(command.files, command.outDir, io.cwd, { force: command.force });
        if (result.initialised) io.err(initialisedLine(result.initialised));
        report(result.diagnostics, io);
        const families = result.outputs.length;
        io.err(
          `Imported ${result.pages} pages as ${families} ${families === 1 ? 'family' : 'families'} into ${command.outDir}${result.diagnostics.length > 0 ? ` (${summary(result.diagnostics)})` : ''}.`,
        );
        return hasErrors(result.diagnostics) ? 1 : 0;
      }
      case 'init': {
        io.err(initialisedLine(await initFamiliesDir(command.dir, io.cwd)));
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof PipelineError && (error.code === 'path-missing' || error.code === 'revision-unknown' || error.code === 'out-not-a-folder')) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof PipelineError) {
      io.err(`jobfam: ${error.message}`);
      return 1;
    }
    const filesystem = describeFilesystemError(error, io.cwd);
    if (filesystem) {
      const kept = PUBLISHING.has(command.command) && 'outDir' in command ? ` Nothing was published; ${command.outDir} is as it was.` : '';
      io.err(`jobfam: ${filesystem}${kept}`);
      return 1;
    }
    throw error;
  }
}
