// Incremental builds (publish/family-reuse.ts): after a change, `jobfam build` renders only the
// families whose content key or outputs changed, and the pages that list them all, and its output is
// byte for byte what a --force build from scratch makes. Unchanged families' files are not written
// again (same inode and mtime). The PDF stage's part is in build-incremental.slow.test.ts.
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_STAGES, buildAll, pdfStage } from '../scripts/lib/commands.ts';
import { BUILD_RECORD, unchangedIn } from '../scripts/lib/publish/build-cache.ts';
import { decideReuse, sourceStamps, type FamilyRecords, type GitState } from '../scripts/lib/publish/family-reuse.ts';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { readSourceStamps } from '../scripts/lib/pdf/read-source-stamps.ts';
import type { Stage } from '../scripts/lib/stage.ts';
import { familiesDir, repoRoot } from './helpers/paths.ts';
import { snapshot } from './helpers/snapshot.ts';
import { testdir } from './helpers/testdir.ts';

const ENV = { JOBFAM_TODAY: '2026-12-01', SOURCE_DATE_EPOCH: '1764547200' };
const STAGES = BUILD_STAGES.filter((s) => s !== pdfStage);
const OPTIONS = { familiesDir: 'fam', outDir: 'out', templatesDir: 'templates' };

/** path → inode:mtime of every file under `dir` but the build record. */
async function stamps(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name !== BUILD_RECORD);
  const out = new Map<string, string>();
  for (const e of files) {
    const file = path.join(e.parentPath, e.name);
    const info = await stat(file);
    out.set(path.relative(dir, file).split(path.sep).join('/'), `${info.ino}:${info.mtimeMs}`);
  }
  return out;
}

/** The files of `before` whose inode or mtime differ in `after`, and those gone or new. */
function rewritten(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

async function setUp() {
  const dir = await testdir();
  await cp(familiesDir, path.join(dir, 'fam'), { recursive: true });
  await cp(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const build = (stages: readonly Stage[] = STAGES) => buildAll(OPTIONS, dir, ENV, stages);
  const first = await build();
  expect(first.published, JSON.stringify(first.diagnostics)).toBe(true);
  const out = path.join(dir, 'out');
  /** Asserts OUT is byte for byte what a --force build from scratch of the same inputs makes. */
  const expectSameAsFresh = async () => {
    const fresh = await buildAll({ ...OPTIONS, outDir: 'fresh', force: true }, dir, ENV, STAGES);
    expect(fresh.published).toBe(true);
    const withoutRecord = (lines: string[]) => lines.filter((line) => !line.startsWith(`${BUILD_RECORD} `));
    expect(withoutRecord(await snapshot(out))).toEqual(withoutRecord(await snapshot(path.join(dir, 'fresh'))));
    await rm(path.join(dir, 'fresh'), { recursive: true, force: true });
  };
  const edit = async (file: string, change: (text: string) => string) => {
    const target = path.join(dir, file);
    const text = await readFile(target, 'utf8');
    const changed = change(text);
    expect(changed).not.toBe(text);
    await writeFile(target, changed);
  };
  return { dir, out, build, expectSameAsFresh, edit };
}

const SALES_OPS = ['handbook/sales/sales-operations.md', 'families/sales-operations.html'];
/** Per-family files: a family's handbook pages and catalog page (handbook/_pay-bands.md lists every band: rendered every time). */
const perFamily = (f: string) => (f.startsWith('handbook/') && f !== 'handbook/_pay-bands.md') || f.startsWith('families/');

describe('jobfam build after a change', () => {
  it('renders only the changed family and the listing pages; the output equals a fresh --force build', async () => {
    const { out, build, expectSameAsFresh, edit } = await setUp();
    const before = await stamps(out);
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    const again = await build();
    expect(again).toMatchObject({ published: true, unchanged: false });
    expect(await readFile(path.join(out, 'handbook/sales/sales-operations.md'), 'utf8')).toContain('Analyst Changed');
    const changed = rewritten(before, await stamps(out));
    // The family's own pages and the pages that list every family; every other family's files kept.
    expect(changed).toEqual(expect.arrayContaining([...SALES_OPS, 'index.html', 'jobs/postings.json', 'jobs/sitemap.xml', 'jobs/indeed.xml']));
    expect(changed.filter(perFamily).sort()).toEqual([...SALES_OPS].sort());
    expect(before.size).toBeGreaterThan(15);
    await expectSameAsFresh();
  });

  it('recognises an output copied back whole (a restored CI cache: new inodes and mtimes) by its bytes', async () => {
    const { dir, out, build, expectSameAsFresh, edit } = await setUp();
    // What a CI runner gets back from GitLab's cache: the same bytes, every file a new inode.
    await cp(out, path.join(dir, 'restored'), { recursive: true });
    await rm(out, { recursive: true });
    await rename(path.join(dir, 'restored'), out);
    expect(await build()).toMatchObject({ published: true, unchanged: true });
    // A restored file with other bytes of the same size is not the last build's: its family is rendered again.
    const catalogPage = path.join(out, 'families/sales-management.html');
    await writeFile(catalogPage, (await readFile(catalogPage, 'utf8')).replace('<html', '<HTML'));
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    const before = await stamps(out);
    expect(await build()).toMatchObject({ published: true, unchanged: false });
    const changed = rewritten(before, await stamps(out));
    expect(changed.filter(perFamily).sort()).toEqual([...SALES_OPS, 'families/sales-management.html', 'handbook/sales/sales-management.md'].sort());
    await expectSameAsFresh();
  });

  it('renders an added family and keeps the others', async () => {
    const { dir, out, build, expectSameAsFresh } = await setUp();
    const before = await stamps(out);
    const text = await readFile(path.join(dir, 'fam/sales/sales-operations.yml'), 'utf8');
    await writeFile(path.join(dir, 'fam/sales/sales-operations-copy.yml'), text.replace(/title: Sales Operations\b/, 'title: Sales Operations Copy'));
    expect((await build()).published).toBe(true);
    const changed = rewritten(before, await stamps(out));
    expect(changed).toEqual(expect.arrayContaining(['handbook/sales/sales-operations-copy.md', 'families/sales-operations-copy.html', 'index.html']));
    expect(changed.filter(perFamily)).toEqual(['families/sales-operations-copy.html', 'handbook/sales/sales-operations-copy.md']);
    await expectSameAsFresh();
  });

  it('removes the outputs of a removed family', async () => {
    const { dir, out, build, expectSameAsFresh } = await setUp();
    // The only family of a folder of its own, so its handbook folder must go too.
    await mkdirMove(path.join(dir, 'fam/sales/sales-operations.yml'), path.join(dir, 'fam/ops/sales-operations.yml'));
    expect((await build()).published).toBe(true);
    await expectSameAsFresh();
    const before = await stamps(out);
    expect(before.has('handbook/ops/sales-operations.md')).toBe(true);
    await rm(path.join(dir, 'fam/ops'), { recursive: true });
    const after = await build();
    expect(after.published, JSON.stringify(after.diagnostics)).toBe(true);
    const now = await stamps(out);
    expect(now.has('handbook/ops/sales-operations.md')).toBe(false);
    expect(now.has('families/sales-operations.html')).toBe(false);
    expect(rewritten(before, now).filter(perFamily)).toEqual(['families/sales-operations.html', 'handbook/ops/sales-operations.md']);
    await expectSameAsFresh();
  });

  it.each([
    ['_grades.yml', 'fam/_grades.yml', (t: string) => t.replace(/#gitlab-job-grades/g, '#job-grades')],
    ['a template', 'templates/handbook/family.md.hbs', (t: string) => `${t}\n`],
    ['_config.yml', 'fam/_config.yml', (t: string) => t.replace(/company: ([^\n]+)/, 'company: Another Company')],
  ])('renders every family again after %s changed', async (_what, file, change) => {
    const { out, build, expectSameAsFresh, edit } = await setUp();
    const before = await stamps(out);
    await edit(file, change);
    expect((await build()).published).toBe(true);
    const changed = rewritten(before, await stamps(out));
    const handbookPages = [...before.keys()].filter((f) => f.startsWith('handbook/sales/'));
    // Every family was rendered again (shared input), whether or not its bytes changed.
    expect(changed).toEqual(expect.arrayContaining(handbookPages));
    await expectSameAsFresh();
  });

  it('restores a hand-edited or deleted output, rendering only its family', async () => {
    const { out, build, expectSameAsFresh } = await setUp();
    const page = path.join(out, 'handbook/sales/sales-operations.md');
    const catalogPage = path.join(out, 'families/sales-management.html');
    await writeFile(page, 'edited by hand');
    await rm(catalogPage);
    const before = await stamps(out);
    expect((await build()).published).toBe(true);
    const changed = rewritten(before, await stamps(out));
    expect(changed).toEqual(expect.arrayContaining([...SALES_OPS, 'families/sales-management.html', 'handbook/sales/sales-management.md']));
    expect(changed.filter(perFamily).sort()).toEqual(
      [...SALES_OPS, 'families/sales-management.html', 'handbook/sales/sales-management.md'].sort(),
    );
    await expectSameAsFresh();
  });

  it('rebuilds everything from a record of another version or a damaged one, without failing', async () => {
    const { out, build, expectSameAsFresh } = await setUp();
    const recordFile = path.join(out, BUILD_RECORD);
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { version: number };
    for (const text of [JSON.stringify({ ...record, version: 1 }), '{"version": 2, "key": "x", "families": "oops"', '[]']) {
      await writeFile(recordFile, text);
      const before = await stamps(out);
      const again = await build();
      expect(again).toMatchObject({ published: true, unchanged: false });
      expect(rewritten(before, await stamps(out))).toEqual([...before.keys()].sort());
    }
    await expectSameAsFresh();
  });

  it("answers a build with nothing to do from the record's first line alone (its head), and reads the families' part only to build", async () => {
    const { out, build, edit, expectSameAsFresh } = await setUp();
    const recordFile = path.join(out, BUILD_RECORD);
    const text = await readFile(recordFile, 'utf8');
    const newline = text.indexOf('\n');
    const { families, ...head } = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(families as object).length).toBeGreaterThan(3);
    expect(JSON.parse(`${text.slice(0, newline).replace(/,$/, '')}}`)).toEqual(head);
    // The families' part damaged (what the head says is still true): nothing to do, so it is never read.
    await writeFile(recordFile, `${text.slice(0, newline + 1)}"families":{"oops`);
    const before = await stamps(out);
    expect(await build()).toMatchObject({ published: true, unchanged: true });
    expect(rewritten(before, await stamps(out))).toEqual([]);
    // After a change it is read, found damaged, and so is no record: everything is built again.
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    expect(await build()).toMatchObject({ published: true, unchanged: false });
    expect(rewritten(before, await stamps(out))).toEqual([...before.keys()].sort());
    await expectSameAsFresh();
  });

  it('records a --force build too: the next build has nothing to do, and after a change renders only that family', async () => {
    const { dir, out, build, edit } = await setUp();
    const forced = await buildAll({ ...OPTIONS, force: true }, dir, ENV, STAGES);
    expect(forced).toMatchObject({ published: true, unchanged: false });
    expect((await build()).unchanged).toBe(true);
    const before = await stamps(out);
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    expect((await build()).published).toBe(true);
    expect(rewritten(before, await stamps(out)).filter(perFamily).sort()).toEqual([...SALES_OPS].sort());
  });

  it('leaves OUT as it was when a stage fails or the run is stopped after others rendered', async () => {
    const { dir, out, build, edit } = await setUp();
    const before = await snapshot(out);
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    const failing: Stage = async () => {
      throw new Error('stage failed');
    };
    await expect(build([...STAGES, failing])).rejects.toThrow('stage failed');
    expect(await snapshot(out)).toEqual(before);
    // Stopped (Ctrl-C) after the handbook stage rendered the changed family: nothing published either.
    const controller = new AbortController();
    const stopping: Stage = async () => {
      controller.abort('SIGINT');
      return { stage: 'stopping', diagnostics: [], summary: 'stopping' };
    };
    const stopped = await buildAll(OPTIONS, dir, ENV, [STAGES[0]!, stopping, ...STAGES.slice(1)], { signal: controller.signal });
    expect(stopped.published).toBe(false);
    expect(await snapshot(out)).toEqual(before);
    // and the next build still knows what it may reuse
    const again = await build();
    expect(again.published).toBe(true);
    expect(await readFile(path.join(out, 'handbook/sales/sales-operations.md'), 'utf8')).toContain('Analyst Changed');
  });
});

async function mkdirMove(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await rename(from, to);
}

describe('validation in an incremental build', () => {
  async function synthetic() {
    const dir = await testdir();
    for (const [name, content] of Object.entries(syntheticFamilies(9, { levelsPerFamily: 3 }))) {
      await mkdir(path.dirname(path.join(dir, 'fam', name)), { recursive: true });
      await writeFile(path.join(dir, 'fam', name), content);
    }
    const build = (force = false) => buildAll({ familiesDir: 'fam', outDir: force ? 'fresh' : 'out', force }, dir, ENV, STAGES);
    expect((await build()).published).toBe(true);
    return { dir, build };
  }

  it('does not check an unchanged family file again: the last build’s findings are replayed', async () => {
    const { dir, build } = await synthetic();
    const recordFile = path.join(dir, 'out', BUILD_RECORD);
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { families: Record<string, { checked?: { diagnostics: unknown[] } }> };
    const kept = record.families['synthetic/family-002.yml']!;
    expect(kept.checked).toBeDefined();
    // A finding only the record holds: it comes back only when the file is not checked again.
    kept.checked!.diagnostics.push({ code: 'marker', severity: 'warning', file: 'fam/synthetic/family-002.yml', line: 1, column: 1, message: 'from the record' });
    await writeFile(recordFile, JSON.stringify(record));
    const file = path.join(dir, 'fam/synthetic/family-001.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('(item 2)', '(item 2, changed)'));
    // family-002's pages are rendered again (deleted), from the family the record holds, not parsed.
    await rm(path.join(dir, 'out/handbook/synthetic/family-002.md'));
    await rm(path.join(dir, 'out/families/family-002.html'));
    const again = await build();
    expect(again.published).toBe(true);
    expect(again.diagnostics.map((d) => d.code)).toContain('marker');
    // The families taken from the record render exactly as parsed ones do.
    expect((await build(true)).published).toBe(true);
    const withoutRecord = (lines: string[]) => lines.filter((line) => !line.startsWith(`${BUILD_RECORD} `));
    expect(withoutRecord(await snapshot(path.join(dir, 'out')))).toEqual(withoutRecord(await snapshot(path.join(dir, 'fresh'))));
  });

  it('checks a changed file again and reports what a --force build reports', async () => {
    const { dir, build } = await synthetic();
    const file = path.join(dir, 'fam/synthetic/family-001.yml');
    // A script link: an error the last build's (clean) record of this file does not hold.
    await writeFile(file, (await readFile(file, 'utf8')).replace('(item 2)', '(item 2, [run](javascript:alert(1)))'));
    const again = await build();
    const forced = await build(true);
    expect(again.published).toBe(false);
    expect(again.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).toEqual(['fam/synthetic/family-001.yml']);
    expect(again.diagnostics).toEqual(forced.diagnostics);
  });
});

describe('which families’ PDFs are reused in a git work tree', () => {
  const keys = new Map([
    ['sales/a.yml', 'key-a'],
    ['sales/b.yml', 'key-b'],
  ]);
  const files = { 'pdf/a.pdf': '1:1:1', 'pdf/b.pdf': '2:2:2' };
  const recorded = (git: GitState): FamilyRecords => ({
    'sales/a.yml': { key: 'key-a', outputs: ['pdf/a.pdf'], sourceStamp: sourceStamps(git)('sales/a.yml') },
    'sales/b.yml': { key: 'key-b', outputs: ['pdf/b.pdf'], sourceStamp: sourceStamps(git)('sales/b.yml') },
  });
  const reuseNow = (before: GitState, now: GitState) =>
    decideReuse({ families: recorded(before) }, keys, unchangedIn({ files }, files), sourceStamps(now));
  const a = { relativePath: 'sales/a.yml' };
  const b = { relativePath: 'sales/b.yml' };

  it('keeps the PDFs of a family whose file git sees as before, when another file was modified', () => {
    const reuse = reuseNow({ commit: 'c1', status: [] }, { commit: 'c1', status: [' M job-families/sales/a.yml', ' M job-families/other/b.yml.bak'] });
    expect([reuse.reusablePdfs(a), reuse.reusablePdfs(b)]).toEqual([false, true]);
    const renamed = reuseNow({ commit: 'c1', status: [] }, { commit: 'c1', status: ['R  job-families/sales/old.yml -> job-families/sales/b.yml'] });
    expect([renamed.reusablePdfs(a), renamed.reusablePdfs(b)]).toEqual([true, false]);
    expect([reuse.reusable(a), reuse.reusable(b)]).toEqual([true, true]); // pages do not print the stamp
  });

  it('plans every family’s PDFs again after a commit touched the folder, or with a path git quotes', () => {
    const commit = reuseNow({ commit: 'c1', status: [] }, { commit: 'c2', status: [] });
    expect([commit.reusablePdfs(a), commit.reusablePdfs(b)]).toEqual([false, false]);
    const quoted = reuseNow({ commit: 'c1', status: [] }, { commit: 'c1', status: ['?? "job-families/sales/\\303\\251.yml"'] });
    expect([quoted.reusablePdfs(a), quoted.reusablePdfs(b)]).toEqual([false, false]);
  });

  it('keeps nothing of a family whose key or outputs changed', () => {
    const git = { commit: 'c1', status: [] };
    const changed = decideReuse({ families: recorded(git) }, new Map([...keys, ['sales/a.yml', 'key-a2']]), unchangedIn({ files }, files), sourceStamps(git));
    expect([changed.reusable(a), changed.reusable(b)]).toEqual([false, true]);
    const touched = decideReuse({ families: recorded(git) }, keys, unchangedIn({ files }, { ...files, 'pdf/b.pdf': '9:9:9' }), sourceStamps(git));
    expect([touched.reusable(a), touched.reusable(b)]).toEqual([true, false]);
  });
});

describe('source stamps of the families whose PDFs are kept', () => {
  it('are not read, but outside git they get the date-fallback warning a full build gives, in the same order', async () => {
    const dir = await testdir({ 'fam/a.yml': 'a', 'fam/b.yml': 'b', 'fam/c.yml': 'c' });
    const files = ['fam/a.yml', 'fam/b.yml', 'fam/c.yml'];
    const full = await readSourceStamps(files, dir, null);
    const kept = await readSourceStamps(files, dir, null, new Set(['fam/b.yml']));
    expect(full.diagnostics.map((d) => [d.code, d.file])).toEqual(files.map((f) => ['pdf-date-fallback', f]));
    expect(kept.diagnostics).toEqual(full.diagnostics);
    expect([...kept.stamps.keys()]).toEqual(['fam/a.yml', 'fam/c.yml']);
    expect((await readSourceStamps(files, dir, 1764547200, new Set(['fam/b.yml']))).diagnostics).toEqual([]);
  });
});

describe('language checks in an incremental build (the bundled families and _config.yml)', () => {
  type LanguageRecord = { families: Record<string, { checked?: { language?: { findings: Array<Record<string, unknown>> } } }> };
  const readRecord = async (out: string) => JSON.parse(await readFile(path.join(out, BUILD_RECORD), 'utf8')) as LanguageRecord;

  it('keeps what they found in each file: an unchanged file’s findings come from the record, not from its text', async () => {
    const { out, build, edit } = await setUp();
    const record = await readRecord(out);
    const kept = record.families['sales/self-service-sales.yml']!.checked!.language!;
    expect(kept.findings.length).toBeGreaterThan(0);
    // A coded word only the record holds: it is reported only when the file is not checked again.
    kept.findings.push({ check: 'coded', word: 'planted', stem: 'planted', coding: 'masculine', at: { file: 'fam/sales/self-service-sales.yml', line: 1, column: 1, pointer: '' } });
    await writeFile(path.join(out, BUILD_RECORD), JSON.stringify(record));
    await edit('fam/sales/sales-operations.yml', (t) => t.replace('    title: Analyst\n', '    title: Analyst Changed\n'));
    const again = await build();
    expect(again.published).toBe(true);
    expect(again.diagnostics.filter((d) => d.code === 'language-coded-word' && d.message.includes('planted')).map((d) => d.file)).toEqual(['fam/sales/self-service-sales.yml']);
  });

  it('reports what a --force build reports after a change: exemptions still see the unchanged files, new findings are found', async () => {
    const { dir, build, edit } = await setUp();
    // An insensitive word in one family; self-service-sales (unchanged) holds the exempted "easy".
    await edit('fam/sales/sales-operations.yml', (t) => t.replace(/(responsibilities:\n(\s+)- )/, '$1Mentor the new guys on the team.\n$2- '));
    const again = await build();
    const forced = await buildAll({ ...OPTIONS, outDir: 'fresh', force: true }, dir, ENV, STAGES);
    expect(again.diagnostics.map((d) => d.code)).toContain('language-insensitive');
    expect(again.diagnostics.map((d) => d.code)).not.toContain('language-exemption-stale');
    expect(again.diagnostics).toEqual(forced.diagnostics);
  });
});
