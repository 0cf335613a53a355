// Running a short command (git, `chromium --version`) and reading its output. Node's execFile, not
// execa: execa and its dependencies are some forty modules to resolve and compile, 50–70 ms that every
// build printing a PDF paid before its first packet, for three questions to git and one to Chromium.
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** The exit code; null when the command could not start or was killed (timeout). */
  exitCode: number | null;
  /** Standard output without its final newline (as execa gives it). */
  stdout: string;
}

/** Runs `file` with `args` (no shell); never rejects: a failed or missing command is a result too. */
export function runCommand(file: string, args: readonly string[], options: { cwd?: string; timeout?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, timeout: options.timeout ?? 0, encoding: 'utf8' }, (error, stdout) => {
      const code = (error as (NodeJS.ErrnoException & { code?: unknown }) | null)?.code;
      const exitCode = error === null ? 0 : typeof code === 'number' ? code : null;
      resolve({ exitCode, stdout: String(stdout ?? '').replace(/\r?\n$/, '') });
    });
  });
}
