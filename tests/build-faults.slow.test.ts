// Fault tests of `jobfam build`: SIGKILL, SIGTERM and SIGINT at several points of the run (while it
// starts and renders the handbook, while Chromium prints, after the last PDF while postings, the
// catalog and the swap run), then a clean build. After the stopped run the previous output is byte
// for byte as it was and no Chromium is left; the exit code is 128+N as the signal says; after the
// next run there is no hidden entry in the output and no staging tree beside it. Then a read-only and
// a full output folder (small tmpfs mounts, as root only).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { processesWithEnv } from './helpers/pdf.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { snapshot } from './helpers/snapshot.ts';

// Two families of four levels: the edited one's four packets are what every run after the first prints
// (so 'printing' lands between its first and last progress line), the other's four are reused. Larger
// families only printed more PDFs per case (two of eight cost about 40% more CPU for the same checks).
const LEVELS = 8;
const LEVELS_PER_FAMILY = 4;
const ENV = { SOURCE_DATE_EPOCH: '1764547200', JOBFAM_TODAY: '2026-12-01' };
const BIN = path.join(repoRoot, 'scripts/jobfam.mjs');

/** A families dir with a first complete build in public/; then one family edited, so every run changes the output. */
async function buildFresh(dir: string): Promise<string> {
  for (const [name, content] of Object.entries(syntheticFamilies(LEVELS, { levelsPerFamily: LEVELS_PER_FAMILY }))) {
    await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
    await writeFile(path.join(dir, 'fam', name), content);
  }
  const first = await execa('node', [BIN, 'build', '--families', 'fam', '--out', 'public'], { cwd: dir, reject: false, env: ENV });
  expect(first.exitCode, first.stderr).toBe(0);
  const families = (await readdir(path.join(dir, 'fam'), { recursive: true })).filter((f) => f.endsWith('.yml') && !path.basename(f).startsWith('_'));
  const file = path.join(dir, 'fam', families[0]!);
  await writeFile(file, (await readFile(file, 'utf8')).replace(/title: (.+)/, 'title: $1 Edited'));
  return dir;
}

// One first build shared by every case (a build is most of a case's CPU, half of it Chromium's start);
// each case gets its own copy, in a new temp dir or in `base` (a tmpfs mount).
let template: Promise<string> | null = null;
async function builtDir(base?: string): Promise<string> {
  // Not a testdir(): that is removed when the test that made it finishes; this one lives for the file.
  template ??= mkdtemp(path.join(os.tmpdir(), 'jobfam-faults-')).then(buildFresh);
  const dir = base ?? (await testdir());
  await cp(await template, dir, { recursive: true });
  return dir;
}

/** 128 + N for a run stopped by signal N, whether jobfam exited with that code or died of the signal. */
const exitCodeOf = (run: { exitCode?: number | undefined; signal?: string | undefined }) =>
  run.exitCode ?? 128 + (os.constants.signals[run.signal as keyof typeof os.constants.signals] ?? 0);

type Point = 'starting' | 'printing' | 'after-printing';

/**
 * Starts `jobfam build` and delivers `signal` at `point`: the child is stopped (SIGSTOP) the moment its
 * stderr shows the point, so the signal lands there and not a little later, then continued.
 */
async function stopAt(dir: string, point: Point, signal: NodeJS.Signals, marker: string) {
  const child: ResultPromise = execa('node', [BIN, 'build', '--families', 'fam', '--out', 'public'], {
    cwd: dir,
    reject: false,
    env: { ...ENV, JOBFAM_TEST_MARK: marker },
    // execa follows a kill with SIGKILL after 5 s by default; a loaded machine can take longer to stop
    // Chromium and clean up, and the exit code must be the one jobfam chose.
    forceKillAfterDelay: false,
  });
  let stderr = '';
  const reached = new Promise<void>((resolve) => {
    if (point === 'starting') setTimeout(resolve, 150);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (point === 'printing' && /^pdf: [1-9]\d*\/\d+/m.test(stderr)) resolve();
      // The last progress line (N/N): only the edited family's packets are printed, the rest reused.
      if (point === 'after-printing' && /^pdf: (\d+)\/\1 /m.test(stderr)) resolve();
    });
  });
  await Promise.race([reached, child]);
  child.kill('SIGSTOP');
  child.kill(signal);
  child.kill('SIGCONT');
  const signalled = performance.now();
  const run = await child;
  return Object.assign(run, { stopSeconds: (performance.now() - signalled) / 1000 });
}

async function expectNoProcessesLeft(marker: string): Promise<void> {
  for (let i = 0; i < 50 && processesWithEnv(`JOBFAM_TEST_MARK=${marker}`).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(processesWithEnv(`JOBFAM_TEST_MARK=${marker}`)).toEqual([]);
}

const SIGNAL_CASES: [NodeJS.Signals, Point, number][] = [
  ['SIGKILL', 'starting', 137],
  ['SIGKILL', 'printing', 137],
  ['SIGKILL', 'after-printing', 137],
  ['SIGTERM', 'starting', 143],
  ['SIGTERM', 'printing', 143],
  ['SIGTERM', 'after-printing', 143],
  ['SIGINT', 'printing', 130],
];

describe('a stopped build', () => {
  it.each(SIGNAL_CASES)('%s while %s: previous output intact, exit %i, no Chromium; the next build is clean', async (signal, point, code) => {
    const dir = await builtDir();
    const before = await snapshot(path.join(dir, 'public'));
    const marker = randomUUID();
    const run = await stopAt(dir, point, signal, marker);
    expect(exitCodeOf(run), run.stderr as string).toBe(code);
    // Stopping takes a fraction of a second: nothing waits for a page of the browser it killed (whose
    // close() never ended: 5 s, the page deadline, after a signal at the last packet).
    expect(run.stopSeconds).toBeLessThan(4.5);
    await expectNoProcessesLeft(marker);
    expect(await snapshot(path.join(dir, 'public'))).toEqual(before);

    // What an older jobfam left inside the output, killed mid-swap: the next run removes it too.
    await mkdir(path.join(dir, 'public/.handbook.staging-999999-1'), { recursive: true });
    await mkdir(path.join(dir, 'public/.jobs.old-999999-1'), { recursive: true });
    const next = await execa('node', [BIN, 'build', '--families', 'fam', '--out', 'public'], { cwd: dir, reject: false, env: ENV });
    expect(next.exitCode, next.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['fam', 'public']);
    expect((await snapshot(path.join(dir, 'public'))).filter((line) => line.split('/').some((part) => part.startsWith('.')))).toEqual([]);
    expect(await snapshot(path.join(dir, 'public'))).not.toEqual(before);
    expect(next.stderr).toMatch(/rendered [1-9]\d*, skipped [1-9]\d*/); // unchanged PDFs reused from the previous output
  }, 120_000);
});

// ---- Read-only and full output folders: small tmpfs mounts, which need root. ----
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
afterAll(async () => {
  if (template) await rm(await template, { recursive: true, force: true });
  for (const m of mounts) {
    execFileSync('umount', ['-l', m]);
    await rm(m, { recursive: true, force: true });
  }
});

async function tmpfs(size: string): Promise<string> {
  const mount = await mkdtemp(path.join(os.tmpdir(), 'jobfam-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  mounts.push(mount);
  return mount;
}

describe.skipIf(!isRoot)('an output folder that cannot be written (tmpfs mounts; skipped unless root, since mounting needs it)', () => {
  it('read-only: exit 1, a message naming the path and EROFS, the output as it was', async () => {
    const mount = await tmpfs('8m');
    const dir = await builtDir(mount);
    const before = await snapshot(path.join(dir, 'public'));
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const run = await execa('node', [BIN, 'build', '--families', 'fam', '--out', 'public'], { cwd: dir, reject: false, env: ENV });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^jobfam: \S*public\S* is on a read-only filesystem \(EROFS/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(path.join(dir, 'public'))).toEqual(before);
  }, 120_000);

  it('full: exit 1, one message about the full disk, the output as it was, no staging tree left', async () => {
    const mount = await tmpfs('4m');
    const dir = await builtDir(mount);
    const before = await snapshot(path.join(dir, 'public'));
    // Fill the disk but for a few KB: the handbook still fits, the PDFs do not.
    execFileSync('sh', ['-c', `dd if=/dev/zero of=${path.join(mount, 'filler')} bs=4k 2>/dev/null; rm -f ${path.join(mount, 'filler')}; dd if=/dev/zero of=${path.join(mount, 'filler')} bs=4k count=$(( $(stat -f -c %a ${mount}) - 8 )) 2>/dev/null; true`]);
    const run = await execa('node', [BIN, 'build', '--families', 'fam', '--out', 'public'], { cwd: dir, reject: false, env: ENV });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^jobfam: .*the disk is full \(ENOSPC/m);
    expect(run.stderr.match(/ENOSPC/g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(path.join(dir, 'public'))).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['fam', 'filler', 'public']);
  }, 120_000);
});
