// Chromium killed mid-run, and jobfam pdf itself stopped by SIGTERM: no partial PDF, nothing
// published by the stopped run, a rerun that completes, and no Chromium process left behind.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { chromiumChildren, jobfamPdf, listFiles, processesWithEnv } from './helpers/pdf.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

// One family of eight levels, printed one at a time (--concurrency 1): when the test kills Chromium or
// sends SIGTERM at the first progress line (the run held there, see startRun), seven packets are still
// to print, which is all the cases need (a retried document, packets not rendered). More levels only
// printed more PDFs (30 cost 3 s of CPU).
const LEVELS = 8;

async function syntheticDir(): Promise<string> {
  const dir = await testdir();
  for (const [name, content] of Object.entries(syntheticFamilies(LEVELS))) {
    await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
    await writeFile(path.join(dir, 'fam', name), content);
  }
  return dir;
}

/**
 * Starts `jobfam pdf` in the background; `progressed` resolves at its first progress line, where the
 * run is stopped (SIGSTOP) so that what the test does next lands while packets are still to print,
 * however loaded the machine; `resume()` continues it (SIGCONT).
 */
function startRun(dir: string, marker: string) {
  const child = execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), 'pdf', '--families', 'fam', '--out', 'out', '--concurrency', '1'], {
    cwd: dir,
    reject: false,
    env: { SOURCE_DATE_EPOCH: '1764547200', JOBFAM_TEST_MARK: marker },
  });
  let stderr = '';
  let stopped = false;
  const progressed = new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stopped || !/^pdf: \d+\/\d+/m.test(stderr)) return;
      stopped = true;
      child.kill('SIGSTOP');
      resolve();
    });
  });
  return { child, progressed, resume: () => child.kill('SIGCONT') };
}

/** Every PDF under out/ parses and ends with %%EOF; no temp file is left. */
async function expectOnlyCompleteFiles(dir: string): Promise<string[]> {
  const files = await listFiles(path.join(dir, 'out'));
  expect(files.filter((f) => /\.tmp-/.test(f))).toEqual([]);
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  for (const file of pdfs) {
    const bytes = await readFile(path.join(dir, 'out', file));
    expect(bytes.subarray(-8).toString('latin1'), file).toContain('%%EOF');
    await PDFDocument.load(bytes, { updateMetadata: false });
  }
  return pdfs;
}

async function expectNoProcessesLeft(marker: string): Promise<void> {
  // Process exit is asynchronous: give the kernel a moment to reap.
  for (let i = 0; i < 40 && processesWithEnv(`JOBFAM_TEST_MARK=${marker}`).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(processesWithEnv(`JOBFAM_TEST_MARK=${marker}`)).toEqual([]);
}

describe('crash recovery', () => {
  it('relaunches Chromium killed mid-run, retries the document, finishes, and leaves no process', async () => {
    const dir = await syntheticDir();
    const marker = randomUUID();
    const { child, progressed, resume } = startRun(dir, marker);
    await progressed;
    const chromium = chromiumChildren(child.pid!);
    expect(chromium.length).toBe(1);
    process.kill(chromium[0]!, 'SIGKILL');
    resume();
    const run = await child;

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain(`rendered ${LEVELS}, skipped 0, removed 0, failed 0 of ${LEVELS}`);
    expect(run.stderr).toContain('Chromium restarted 1×');
    expect(await expectOnlyCompleteFiles(dir)).toHaveLength(LEVELS);
    await expectNoProcessesLeft(marker);

    const rerun = await jobfamPdf(['pdf', '--families', 'fam', '--out', 'out'], dir);
    expect(rerun.stderr).toContain(`rendered 0, skipped ${LEVELS}`);
  }, 120_000);

  it('on SIGTERM stops, publishes nothing (the output stays as it was), exits 143, and a rerun renders everything', async () => {
    const dir = await syntheticDir();
    const marker = randomUUID();
    const { child, progressed, resume } = startRun(dir, marker);
    await progressed;
    child.kill('SIGTERM');
    resume();
    const run = await child;

    expect(run.exitCode, run.stderr).toBe(143);
    expect(run.stderr).toMatch(/error {2}pdf-interrupted {2}Stopped by SIGTERM with \d+ offer packets not rendered; nothing was published/);
    // Atomic publishing: the interrupted run's PDFs stayed in its staging tree, which is gone.
    expect(await expectOnlyCompleteFiles(dir)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['fam']);
    await expectNoProcessesLeft(marker);

    const rerun = await jobfamPdf(['pdf', '--families', 'fam', '--out', 'out'], dir);
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`rendered ${LEVELS}, skipped 0, removed 0, failed 0`);
    expect(await expectOnlyCompleteFiles(dir)).toHaveLength(LEVELS);
  }, 120_000);
});

describe('a missing browser', () => {
  it('is a clear error naming the Debian package, and nothing is written', async () => {
    const dir = await syntheticDir();
    const run = await jobfamPdf(['pdf', '--families', 'fam', '--out', 'out'], dir, { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('jobfam: PUPPETEER_EXECUTABLE_PATH is /nonexistent/chromium, which is not an executable file');
    expect(run.stderr).toContain("Debian's chromium-headless-shell");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await listFiles(path.join(dir, 'out'))).toEqual([]);
  });
});

// Keep the helper honest: the marker scan must see a live process.
it('processesWithEnv finds a process by its environment', async () => {
  const marker = randomUUID();
  const sleeper = execa('sleep', ['5'], { env: { JOBFAM_TEST_MARK: marker }, reject: false });
  await new Promise((r) => setTimeout(r, 200));
  expect(processesWithEnv(`JOBFAM_TEST_MARK=${marker}`)).toEqual([sleeper.pid]);
  sleeper.kill('SIGKILL');
  await sleeper;
});
