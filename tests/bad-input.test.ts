// The bad-input corpus: every way a user, a disk or an attacker can hand jobfam something it must
// refuse. Each directory under tests/fixtures/bad-input/ is one case: case.json (the command, its
// exit code, how to set the stage: folders, FIFOs, links, generated files, env) and files/ laid over
// a valid families directory (_base/fam) beside a previous output (_base/public). expected.txt is the
// golden stderr (the temp dir shown as <dir>, the usage text after a usage error left out).
// Each case is checked for: its exit code, the golden, no stack trace, a located message, and that
// nothing was written: the previous output byte for byte, no new file anywhere, no staging leftover.
// Runs in-process (cli.ts's main), so 70-odd cases take seconds. Set JOBFAM_UPDATE_GOLDENS=1 to rewrite goldens.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { snapshot } from './helpers/snapshot.ts';

const CORPUS = path.join(repoRoot, 'tests/fixtures/bad-input');
const INVALID = path.join(repoRoot, 'tests/fixtures/invalid');

interface Case {
  description: string;
  args: string[];
  exit: number;
  env?: Record<string, string>;
  mkdir?: string[];
  fifo?: string[];
  symlink?: Record<string, string>;
  generate?: Record<string, { prefix?: string; repeat: string; times: number; suffix?: string }>;
}

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
  .map((e) => e.name)
  .sort();
const invalidFixtures = readdirSync(INVALID, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

async function stage(name: string, spec: Case): Promise<string> {
  const dir = await testdir();
  cpSync(path.join(CORPUS, '_base'), dir, { recursive: true });
  const files = path.join(CORPUS, name, 'files');
  if (existsSync(files)) cpSync(files, dir, { recursive: true });
  const replace = (rel: string) => {
    rmSync(path.join(dir, rel), { recursive: true, force: true });
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    return path.join(dir, rel);
  };
  for (const rel of spec.mkdir ?? []) mkdirSync(replace(rel));
  for (const rel of spec.fifo ?? []) execFileSync('mkfifo', [replace(rel)]);
  for (const [rel, target] of Object.entries(spec.symlink ?? {})) symlinkSync(target, replace(rel));
  for (const [rel, g] of Object.entries(spec.generate ?? {})) writeFileSync(replace(rel), `${g.prefix ?? ''}${g.repeat.repeat(g.times)}${g.suffix ?? ''}`);
  return dir;
}

async function run(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let thrown: unknown = null;
  let exit = -1;
  try {
    exit = await main(args, { JOBFAM_TODAY: '2026-12-01', SOURCE_DATE_EPOCH: '1764547200', ...env }, { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  } catch (error) {
    thrown = error;
  }
  return { exit, stdout: out.join('\n'), stderr: err.join('\n'), thrown };
}

/** The golden form of stderr: the temp dir as <dir>, without the usage text that follows a usage error. */
const normalise = (stderr: string, dir: string) => `${stderr.split(dir).join('<dir>').split('\n\nUsage:')[0]!.trimEnd()}\n`;

const LOCATED = /^(\S+):(\d+):(\d+) {2}(error|warning) {2}[a-z0-9-]+ {2}\S/m;

describe('the bad-input corpus', () => {
  it('holds at least 60 cases with the invalid-data fixtures, each with a golden', () => {
    expect(cases.length + invalidFixtures.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => !existsSync(path.join(CORPUS, c, 'expected.txt')))).toEqual([]);
  });

  it.each(cases)('%s', async (name) => {
    const spec = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as Case;
    const dir = await stage(name, spec);
    const before = await snapshot(dir);
    const result = await run(spec.args, dir, spec.env);

    expect(result.thrown, String((result.thrown as Error)?.stack)).toBeNull();
    expect(result.exit, result.stderr).toBe(spec.exit);
    expect(result.stderr).not.toMatch(/\n\s+at \S+ \(|RangeError|TypeError|Maximum call stack/);
    // Located: a diagnostic at file:line:column, or a sentence naming the path or the flag at fault.
    if (spec.exit === 1) expect(LOCATED.test(result.stderr) || /^jobfam: \S/m.test(result.stderr), result.stderr).toBe(true);
    if (spec.exit === 2) expect(result.stderr.split('\n')[0]).toMatch(/\S/);
    // Nothing written: the previous output byte for byte, no new file, no staging tree beside it.
    expect(await snapshot(dir)).toEqual(before);

    const golden = path.join(CORPUS, name, 'expected.txt');
    const actual = normalise(result.stderr, dir);
    if (process.env.JOBFAM_UPDATE_GOLDENS === '1') writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  }, 30_000);
});

describe('the invalid-data fixtures through build', () => {
  it.each(invalidFixtures)('%s: build exits 1 with located errors and leaves the previous output as it was', async (defect) => {
    const dir = await testdir();
    cpSync(path.join(CORPUS, '_base/public'), path.join(dir, 'public'), { recursive: true });
    const before = await snapshot(dir);
    const result = await run(['build', '--families', path.join(INVALID, defect), '--out', 'public'], dir);
    expect(result.thrown).toBeNull();
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(LOCATED);
    expect(result.stderr).toMatch(/nothing was written\.$/);
    expect(await snapshot(dir)).toEqual(before);
    expect((await lstat(path.join(dir, 'public'))).isDirectory()).toBe(true);
  });
});
