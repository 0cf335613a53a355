// runCommand (scripts/lib/run-command.ts): what the PDF stage reads of git and Chromium, as execa gave it.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../scripts/lib/run-command.ts';

describe('runCommand', () => {
  it('gives the exit code and the output without its final newline, also for a failing command', async () => {
    expect(await runCommand('sh', ['-c', 'printf "a\\nb\\n\\n"'])).toEqual({ exitCode: 0, stdout: 'a\nb\n' });
    expect(await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'out' });
    expect(await runCommand('pwd', [], { cwd: '/' })).toEqual({ exitCode: 0, stdout: '/' });
  });

  it('never rejects: a missing command or one over its timeout has no exit code', async () => {
    expect(await runCommand('/nonexistent/jobfam-command', [])).toEqual({ exitCode: null, stdout: '' });
    const started = performance.now();
    expect((await runCommand('sleep', ['5'], { timeout: 100 })).exitCode).toBeNull();
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
