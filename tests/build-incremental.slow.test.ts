// Incremental builds with the PDF stage and a real Chromium: after one family changed, only its
// offer packets are printed (no print HTML is built for the others, their PDFs keep their inode),
// and a build that has nothing to print starts no browser. The output equals a --force build.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildAll, BUILD_STAGES, markdownStage, pdfStage } from '../scripts/lib/commands.ts';
import { diagnostic } from '../scripts/lib/errors.ts';
import type { PendingFolder, Stage } from '../scripts/lib/stage.ts';
import { chromiumChildren } from './helpers/pdf.ts';
import puppeteer from 'puppeteer-core';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { BUILD_RECORD } from '../scripts/lib/publish/build-cache.ts';
import { snapshot } from './helpers/snapshot.ts';
import { testdir } from './helpers/testdir.ts';

// Counts the browsers the build starts, wherever it starts them (the real launch runs).
vi.mock('puppeteer-core', async (importOriginal) => {
  const original = await importOriginal<typeof import('puppeteer-core')>();
  const launch = vi.fn(original.default.launch.bind(original.default));
  return { ...original, default: { ...original.default, launch } };
});

const ENV = { SOURCE_DATE_EPOCH: '1764547200', JOBFAM_TODAY: '2026-12-01' };

async function inodes(dir: string): Promise<Map<string, number>> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.pdf'));
  return new Map(await Promise.all(files.map(async (f) => [f, (await stat(path.join(dir, f))).ino] as const)));
}

const launches = vi.mocked(puppeteer.launch);

describe('jobfam build with PDFs after a change', () => {
  it('prints only the changed family’s PDFs, starts no browser with nothing to print, and equals a --force build', async () => {
    const dir = await testdir();
    for (const [name, content] of Object.entries(syntheticFamilies(12, { levelsPerFamily: 3 }))) {
      await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
      await writeFile(path.join(dir, 'fam', name), content);
    }
    const build = (outDir = 'out', force = false) => buildAll({ familiesDir: 'fam', outDir, force }, dir, ENV);
    const pdfSummary = (result: Awaited<ReturnType<typeof build>>) => result.stages.find((s) => s.stage === 'pdf')!.summary;
    const first = await build();
    expect(first.published, JSON.stringify(first.diagnostics)).toBe(true);
    expect(pdfSummary(first)).toMatch(/^rendered 12, skipped 0/);

    // One requirement of the first family: its three packets are printed, the nine others kept as they are.
    const pdfDir = path.join(dir, 'out/pdf');
    const before = await inodes(pdfDir);
    const file = path.join(dir, 'fam/synthetic/family-001.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('(item 2)', '(item 2, changed)'));
    launches.mockClear();
    const changed = await build();
    expect(changed.published).toBe(true);
    expect(pdfSummary(changed)).toMatch(/^rendered 3, skipped 9, removed 0, failed 0 of 12/);
    expect(launches).toHaveBeenCalledTimes(1);
    const after = await inodes(pdfDir);
    const reprinted = [...after.keys()].filter((key) => after.get(key) !== before.get(key)).sort();
    expect(reprinted).toEqual(['synthetic/family-001/level-1.pdf', 'synthetic/family-001/level-2.pdf', 'synthetic/family-001/level-3.pdf']);

    // The same inputs from scratch give the same bytes (the build record aside: it holds inodes).
    const fresh = await build('fresh', true);
    expect(fresh.published).toBe(true);
    const withoutRecord = (lines: string[]) => lines.filter((line) => !line.startsWith(`${BUILD_RECORD} `));
    expect(withoutRecord(await snapshot(path.join(dir, 'out')))).toEqual(withoutRecord(await snapshot(path.join(dir, 'fresh'))));

    // A family removed: its PDFs go, nothing is printed, no browser starts.
    await rm(path.join(dir, 'fam/synthetic/family-002.yml'));
    launches.mockClear();
    const removed = await build();
    expect(removed.published).toBe(true);
    expect(pdfSummary(removed)).toMatch(/^rendered 0, skipped 9, removed 3, failed 0 of 9/);
    expect(launches).not.toHaveBeenCalled();
    expect([...(await inodes(pdfDir)).keys()].filter((f) => f.includes('family-002'))).toEqual([]);
  }, 180_000);
});

describe('the browser a build starts ahead, and the stages beside the PDF stage', () => {
  async function changedFamilies(): Promise<{ dir: string; build: (stages?: readonly Stage[]) => ReturnType<typeof buildAll>; change: (to: string) => Promise<void> }> {
    const dir = await testdir();
    for (const [name, content] of Object.entries(syntheticFamilies(4, { levelsPerFamily: 2 }))) {
      await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
      await writeFile(path.join(dir, 'fam', name), content);
    }
    const build = (stages?: readonly Stage[]) => buildAll({ familiesDir: 'fam', outDir: 'out' }, dir, ENV, stages);
    expect((await build()).published).toBe(true);
    const file = path.join(dir, 'fam/synthetic/family-001.yml');
    const original = await readFile(file, 'utf8');
    return { dir, build, change: (to) => writeFile(file, original.replace('(item 2)', to)) };
  }
  const failing: Stage = async () => ({ stage: 'failing', summary: '', diagnostics: [diagnostic('pdf-render-failed', { file: 'x', line: 1, column: 1 }, { what: 'x', reason: 'planted' })] });

  it('starts none for a build its data refuses, and closes the one a failed stage before the PDF stage left untaken', async () => {
    const { build, change } = await changedFamilies();
    await change('(item 2)\n    unknown_field: true');
    launches.mockClear();
    const refused = await build();
    expect(refused.published).toBe(false);
    expect(refused.stages).toEqual([]);
    expect(launches).not.toHaveBeenCalled();

    await change('(item 2, changed)');
    launches.mockClear();
    const stopped = await build([markdownStage, failing, pdfStage, ...BUILD_STAGES.slice(2)]);
    expect(stopped.published).toBe(false);
    expect(stopped.stages.map((s) => s.stage)).toEqual(['handbook', 'failing']);
    expect(launches).toHaveBeenCalledTimes(1); // launched ahead: a packet was to print
    expect(chromiumChildren(process.pid)).toEqual([]);
  }, 60_000);

  it('runs the later stages once the PDF stage prints, with its packets pending; a stage that throws stops the printing and publishes nothing', async () => {
    const { dir, build, change } = await changedFamilies();
    await change('(item 2, changed)');
    let seen: PendingFolder | undefined;
    const looking: Stage = async (_model, _config, effects) => {
      seen = effects.pending;
      return { stage: 'looking', summary: '', diagnostics: [] };
    };
    const result = await build([markdownStage, pdfStage, looking]);
    expect(result.published).toBe(true);
    expect(result.stages.map((s) => s.stage)).toEqual(['handbook', 'pdf', 'looking']);
    expect(seen?.folder).toBe('pdf');
    expect([...(seen?.files ?? [])].sort()).toEqual([...(await readdir(path.join(dir, 'out/pdf'), { recursive: true })).filter((f) => f.endsWith('.pdf')).map((f) => `pdf/${f}`)].sort());

    await change('(item 2, changed again)');
    const before = await snapshot(path.join(dir, 'out'));
    const throwing: Stage = async () => {
      throw new Error('planted');
    };
    await expect(build([markdownStage, pdfStage, throwing])).rejects.toThrow('planted');
    expect(chromiumChildren(process.pid)).toEqual([]);
    expect(await snapshot(path.join(dir, 'out'))).toEqual(before);
  }, 60_000);
});
