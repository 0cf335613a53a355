// The whole-build cache (publish/build-cache.ts): a build with nothing changed runs no stage (so
// renders nothing, starts no browser) and leaves every output file as it was, inode and mtime; any
// change of an input, a template or the output itself runs the stages again.
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_STAGES, buildAll, pdfStage } from '../scripts/lib/commands.ts';
import { readToolDigest } from '../scripts/lib/publish/build-cache.ts';
import type { Stage } from '../scripts/lib/stage.ts';
import { familiesDir, repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const ENV = { JOBFAM_TODAY: '2026-12-01', SOURCE_DATE_EPOCH: '1764547200' };

/** The stages without PDFs, plus one that counts its runs (it writes nothing). */
function countedStages() {
  const runs = { count: 0 };
  const counted: Stage = async () => {
    runs.count++;
    return { stage: 'counted', diagnostics: [], summary: 'counted' };
  };
  return { runs, stages: [...BUILD_STAGES.filter((s) => s !== pdfStage), counted] };
}

/** path → inode:mtime of every file under `dir`. */
async function stamps(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const out = new Map<string, string>();
  for (const e of files) {
    const file = path.join(e.parentPath, e.name);
    const info = await stat(file);
    out.set(path.relative(dir, file), `${info.ino}:${info.mtimeMs}`);
  }
  return out;
}

async function setUp() {
  const dir = await testdir();
  await cp(familiesDir, path.join(dir, 'fam'), { recursive: true });
  await cp(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const { runs, stages } = countedStages();
  const build = () => buildAll({ familiesDir: 'fam', outDir: 'out', templatesDir: 'templates' }, dir, ENV, stages);
  const first = await build();
  expect(first.published).toBe(true);
  expect(first.unchanged).toBe(false);
  expect(runs.count).toBe(1);
  return { dir, runs, build, out: path.join(dir, 'out') };
}

describe('a build with nothing changed', () => {
  it('runs no stage and touches no output file', async () => {
    const { runs, build, out } = await setUp();
    const before = await stamps(out);
    expect(before.size).toBeGreaterThan(10);
    const again = await build();
    expect(again).toMatchObject({ published: true, unchanged: true });
    expect(runs.count).toBe(1);
    expect(again.stages.map((s) => s.stage)).toEqual(['handbook', 'postings', 'site', 'counted']);
    expect(again.stages.every((s) => /^unchanged since the last build/.test(s.summary))).toBe(true);
    expect(await stamps(out)).toEqual(before);
  });

  it('runs the stages again after one family changed, and the page shows the change', async () => {
    const { dir, runs, build, out } = await setUp();
    const file = path.join(dir, 'fam/sales/sales-operations.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    const again = await build();
    expect(again).toMatchObject({ published: true, unchanged: false });
    expect(runs.count).toBe(2);
    expect(await readFile(path.join(out, 'handbook/sales/sales-operations.md'), 'utf8')).toContain('Analyst Changed');
    // and a third build with nothing changed is a hit again
    expect((await build()).unchanged).toBe(true);
    expect(runs.count).toBe(2);
  });

  it('runs the stages again when a template changed', async () => {
    const { dir, runs, build } = await setUp();
    const templates = (await readdir(path.join(dir, 'templates'), { recursive: true })).filter((f) => f.endsWith('.hbs') || f.endsWith('.css'));
    expect(templates.length).toBeGreaterThan(0);
    const file = path.join(dir, 'templates', templates[0]!);
    await writeFile(file, `${await readFile(file, 'utf8')}\n`);
    expect((await build()).unchanged).toBe(false);
    expect(runs.count).toBe(2);
  });

  it('runs the stages again when an output file was removed or edited, and restores it', async () => {
    const { runs, build, out } = await setUp();
    const page = (await readdir(path.join(out, 'handbook'), { recursive: true })).find((f) => f.endsWith('.md'))!;
    const target = path.join(out, 'handbook', page);
    const content = await readFile(target, 'utf8');
    await rm(target);
    expect((await build()).unchanged).toBe(false);
    expect(await readFile(target, 'utf8')).toBe(content);
    await writeFile(target, 'edited by hand');
    expect((await build()).unchanged).toBe(false);
    expect(await readFile(target, 'utf8')).toBe(content);
    expect(runs.count).toBe(3);
  });

  it('runs the stages again when the options change (another build date)', async () => {
    const { dir, runs } = await setUp();
    const again = await buildAll({ familiesDir: 'fam', outDir: 'out', templatesDir: 'templates' }, dir, { ...ENV, JOBFAM_TODAY: '2026-12-02' }, countedStagesFor(runs));
    expect(again.unchanged).toBe(false);
    expect(runs.count).toBe(2);
    // --force asks for everything anew
    const forced = await buildAll({ familiesDir: 'fam', outDir: 'out', templatesDir: 'templates', force: true }, dir, { ...ENV, JOBFAM_TODAY: '2026-12-02' }, countedStagesFor(runs));
    expect(forced.unchanged).toBe(false);
    expect(runs.count).toBe(3);
  });

  it('replays the warnings of the build it stands for', async () => {
    const { dir, build } = await setUp();
    const first = await buildAll({ familiesDir: 'fam', outDir: 'out', templatesDir: 'templates' }, dir, ENV, countedStagesFor({ count: 0 }));
    const again = await buildAll({ familiesDir: 'fam', outDir: 'out', templatesDir: 'templates' }, dir, ENV, countedStagesFor({ count: 0 }));
    expect(again.unchanged).toBe(true);
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(first.diagnostics.length).toBeGreaterThan(0);
    void build;
  });
});

function countedStagesFor(runs: { count: number }): Stage[] {
  const counted: Stage = async () => {
    runs.count++;
    return { stage: 'counted', diagnostics: [], summary: 'counted' };
  };
  return [...BUILD_STAGES.filter((s) => s !== pdfStage), counted];
}

describe('the tool digest in the build key', () => {
  it('changes with a module of the tool, not with tsc build info beside them', async () => {
    const dir = await testdir();
    await writeFile(path.join(dir, 'cli.js'), 'export {};\n');
    await writeFile(path.join(dir, '.typecheck.tsbuildinfo'), '{"a":1}');
    const before = await readToolDigest(dir);
    await writeFile(path.join(dir, '.typecheck.tsbuildinfo'), '{"a":22}');
    expect(await readToolDigest(dir)).toBe(before);
    await writeFile(path.join(dir, 'cli.js'), 'export const changed = 1;\n');
    expect(await readToolDigest(dir)).not.toBe(before);
  });
});
