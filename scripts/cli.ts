// jobfam's command line: resolve the command, call one library function, print, set the exit code.
import path from 'node:path';
import { BUNDLED_TEMPLATES, buildAll, byLocation, COMMAND_STAGES, diffRevisions, formatChanges, runBot, formatDiagnostic, generatePdfs, hasErrors, importPages, initFamiliesDir, PipelineError, type InitResult, renderFamilies, resolveCommand, USAGE, validatePaths, type Diagnostic } from './lib/index.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.length - errors - warnings;
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${notes > 0 ? `, ${plural(notes, 'note')}` : ''} in ${plural(files, 'file')}`;
}

function initialisedLine(init: InitResult): string {
  const wrote = init.written.length > 0 ? `wrote ${init.written.join(', ')}` : 'nothing to write';
  const kept = init.kept.length > 0 ? `; kept the existing ${init.kept.join(', ')}` : '';
  return `${init.dir} is a families directory: ${wrote}${kept}.`;
}

/** Notes (severity info: language summaries, coded words) are for `validate` and the CI reports; the
 *  other commands print only what needs attention. */
function report(diagnostics: readonly Diagnostic[], io: Io, options: { notes?: boolean } = {}): void {
  for (const d of [...diagnostics].sort(byLocation)) if (options.notes || d.severity !== 'info') io.err(formatDiagnostic(d));
}

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
        io.out(USAGE);
        return 0;
      case 'validate': {
        const result = await validatePaths(command.paths, io.cwd, env, command);
        if (command.format === 'json') io.out(JSON.stringify(result.diagnostics, null, 2));
        else report(result.diagnostics, io, { notes: true });
        const failed = hasErrors(result.diagnostics);
        io.err(failed || result.diagnostics.length > 0 ? summary(result.diagnostics) : `${result.files} family files are valid.`);
        return failed ? 1 : 0;
      }
      case 'render': {
        const result = await renderFamilies(command, io.cwd);
        report(result.diagnostics, io);
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; nothing was written.`);
          return 1;
        }
        io.err(`Rendered ${result.outputs.length} handbook pages into ${command.outDir}/handbook.`);
        return 0;
      }
      case 'build':
      case 'postings':
      case 'site': {
        const result = await buildAll(command, io.cwd, env, COMMAND_STAGES[command.command]);
        report(result.diagnostics, io);
        for (const stage of result.stages) io.err(`${stage.stage}: ${stage.summary}`);
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; ${result.stages.length === 0 ? 'nothing was written' : 'the build stopped'}.`);
          return 1;
        }
        return 0;
      }
      case 'pdf': {
        const run = await generatePdfs(command, io.cwd, env);
        report(run.diagnostics, io);
        if (!run.result) {
          io.err(`${summary(run.diagnostics)}; nothing was written.`);
          return 1;
        }
        io.err(`pdf: ${run.summary}`);
        if (run.exitCode !== null) return run.exitCode;
        return hasErrors(run.diagnostics) ? 1 : 0;
      }
      case 'diff': {
        const result = await diffRevisions(command, io.cwd);
        report(result.diagnostics, io);
        if (hasErrors(result.diagnostics)) {
          io.err(`${summary(result.diagnostics)}; no diff.`);
          return 1;
        }
        io.out(formatChanges(result.changes, command.format, { from: command.from, to: command.to ?? 'working tree' }));
        return 0;
      }
      case 'bot': {
        const templatesDir = command.templatesDir ? path.resolve(io.cwd, command.templatesDir) : BUNDLED_TEMPLATES;
        const result = await runBot(command, io.cwd, io, { templatesDir });
        report(result.diagnostics, io);
        if (result.exitCode === 1) io.err(`${summary(result.diagnostics)}; the bot did nothing.`);
        return result.exitCode;
      }
      case 'import': {
        const result = await importPages(command.files, command.outDir, io.cwd);
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
    if (error instanceof PipelineError && (error.code === 'path-missing' || error.code === 'revision-unknown')) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof PipelineError) {
      io.err(`jobfam: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
