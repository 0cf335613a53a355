// jobfam pdf end to end: real CLI processes, real Chromium, PDFs read back with unpdf and pdfinfo.
import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { resolveLevel, resolveSpecialty } from '../scripts/lib/family-format.ts';
import { pdfOutputPath } from '../scripts/lib/model/paths.ts';
import { type Manifest } from '../scripts/lib/pdf/manifest.ts';
import { type Item } from '../scripts/lib/types.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { bundledFamiliesCopy, bundledFamiliesSuiteCopy, jobfamPdf, listFiles, pdfInfo, pdfText, startTripwireServer, visibleFragments } from './helpers/pdf.ts';
import { familiesDir } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const flatten = (items: readonly Item[]): string[] =>
  items.flatMap((item) => (typeof item === 'string' ? [item] : [item.text, ...flatten(item.items)]));

/** Every PDF the bundled families should give, with what each must say (read and validated once: the repo's families do not change). */
let expected: ReturnType<typeof readExpectedPackets> | undefined;
const expectedPackets = () => (expected ??= readExpectedPackets());
async function readExpectedPackets() {
  const { families, grades, config } = validateFamilies(await readFamilies([familiesDir], process.cwd()));
  return families.flatMap(({ source, family }) => [
    ...family.levels.map((l) => {
      const level = resolveLevel(family, l.id)!;
      const grade = grades.find((g) => g.grade === level.grade);
      return { path: pdfOutputPath(source.relativePath, l.id), family: family.frontMatter.title, title: level.title, grade, items: [...flatten(level.responsibilities), ...flatten(level.requirements)] };
    }),
    ...family.specialties.map((s) => {
      const specialty = resolveSpecialty(family, s.id)!;
      return {
        path: pdfOutputPath(source.relativePath, s.id),
        family: family.frontMatter.title,
        title: specialty.title,
        grade: grades.find((g) => g.grade === specialty.levels[0]?.grade),
        items: [...flatten(specialty.responsibilities), ...flatten(specialty.requirements), ...specialty.levels.flatMap((l) => [...flatten(l.responsibilities), ...flatten(l.requirements)])],
      };
    }),
  ]).map((p) => ({ ...p, company: config!.company }));
}

describe('jobfam pdf on the bundled families', () => {
  let dir: string;
  let first: Awaited<ReturnType<typeof jobfamPdf>>;
  let built: Awaited<ReturnType<typeof jobfamPdf>>;
  let packets: Awaited<ReturnType<typeof expectedPackets>>;

  beforeAll(async () => {
    const suite = await bundledFamiliesSuiteCopy();
    dir = suite.dir;
    packets = await expectedPackets();
    // `jobfam pdf`, and beside it `jobfam build` into another folder: the second process that prints
    // the same packets (they must be byte-identical) and the build the last test of this block reads.
    [first, built] = await Promise.all([
      jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], dir),
      jobfamPdf(['build', '--families', 'job-families', '--out', 'site'], dir),
    ]);
    // The removal test starts from this output, as it was before the tests below change the families.
    await cp(path.join(dir, 'out'), path.join(dir, 'first-out'), { recursive: true });
    return suite.remove;
  }, 120_000);

  it('writes one PDF per level and per specialty, and a manifest, nothing else', async () => {
    expect(first.exitCode, first.stderr).toBe(0);
    expect(packets.length).toBeGreaterThanOrEqual(15);
    expect(first.stderr).toContain(`rendered ${packets.length}, skipped 0, removed 0, failed 0 of ${packets.length} offer packets`);
    const files = await listFiles(path.join(dir, 'out'));
    expect(files).toEqual([...packets.map((p) => p.path), 'pdf/manifest.1-of-1.json'].sort());
  });

  it('prints company, titles, grade and label, and every responsibility and requirement, inherited ones included', async () => {
    for (const packet of packets) {
      const { text, raw, pages } = await pdfText(path.join(dir, 'out', packet.path));
      expect(raw).not.toMatch(/[\u0000\uFFFD]/);
      expect(text).toContain(packet.company);
      expect(text).toContain(packet.family);
      expect(text).toContain(packet.title);
      if (packet.grade) expect(text, packet.path).toContain(`${packet.grade.grade} ${packet.grade.label}`);
      expect(text).toContain(`Page 1 of ${pages}`);
      expect(text).toContain('Source ');
      // Without white space: a line may wrap after a hyphen ("Go-To-\nMarket").
      const compact = text.replace(/\s/g, '');
      const missing = packet.items.flatMap(visibleFragments).filter((fragment) => !compact.includes(fragment.replace(/\s/g, '')));
      expect(missing, packet.path).toEqual([]);
    }
  });

  it('shows a link as its text and its absolute address, relative links resolved against handbookUrl', async () => {
    const { text } = await pdfText(path.join(dir, 'out/pdf/sales/sales-management/area-sales-manager-intermediate.pdf'));
    const compact = text.replace(/\s/g, '');
    expect(text).toContain('Regional Sales Director');
    expect(compact).toContain('(https://handbook.gitlab.com/job-families/sales/regional-sales-director/)');
    expect(compact).toContain('(https://about.gitlab.com/handbook/travel/)');
  });

  it('sets the metadata fields, keeps the PDF tagged and embeds its fonts', async () => {
    const file = path.join(dir, 'out/pdf/sales/sales-management/federal.pdf');
    const info = await pdfInfo(file);
    expect(info).toMatchObject({
      Title: 'Sales Management — Area Sales Manager (Federal/Public Sector) (grade 9)',
      Author: 'GitLab',
      Subject: 'Offer packet attachment: Sales Management, Area Sales Manager (Federal/Public Sector)',
      Creator: expect.stringMatching(/^jobfam \d+\.\d+\.\d+$/),
      Producer: expect.stringMatching(/^Skia\/PDF m\d+ \(Chromium [\d.]+\) \+ pdf-lib \d/),
      Tagged: 'yes',
      'Page size': expect.stringContaining('(A4)'),
    });
    expect(info.Keywords).toContain('sales-management federal grade-9');
    // SOURCE_DATE_EPOCH=1764547200 (jobfamPdf sets it) is 2025-12-01.
    expect(info.CreationDate).toContain('Dec  1 00:00:00 2025');
    const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    expect(doc.catalog.get(doc.catalog.context.obj('Lang'))?.toString()).toBe('(en)');
    const { stdout } = await import('execa').then(({ execa }) => execa('pdffonts', [file]));
    const fonts = stdout.split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+(NotoSans|DejaVu)\S* +CID TrueType +Identity-H +yes yes yes/);
  });

  it('gives byte-identical files from a second process (jobfam build, printing them into its own output)', async () => {
    expect(built.exitCode, built.stderr).toBe(0);
    for (const packet of packets) {
      const [a, b] = await Promise.all([readFile(path.join(dir, 'out', packet.path)), readFile(path.join(dir, 'site', packet.path))]);
      expect(a.equals(b), packet.path).toBe(true);
    }
  });

  it('skips everything on a rerun, and re-renders only the PDFs that contain a changed requirement', async () => {
    const rerun = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], dir);
    expect(rerun.stderr).toContain(`rendered 0, skipped ${packets.length}, removed 0, failed 0`);

    // "Ability to use GitLab" of the intermediate ASM is inherited by both specialties (federal's
    // requirements and first-order's extend it); the associate and senior levels have their own.
    const family = path.join(dir, 'job-families/sales/sales-management.yml');
    const text = await readFile(family, 'utf8');
    const intermediate = text.indexOf('- id: area-sales-manager-intermediate');
    const at = text.indexOf('- Ability to use GitLab', intermediate);
    await writeFile(family, `${text.slice(0, at)}- Ability to use GitLab every day${text.slice(at + '- Ability to use GitLab'.length)}`);
    const before = await readFile(path.join(dir, 'out/pdf/sales/sales-management/senior-area-sales-manager.pdf'));

    const changed = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], dir);
    expect(changed.exitCode, changed.stderr).toBe(0);
    expect(changed.stderr).toContain(`rendered 3, skipped ${packets.length - 3}, removed 0, failed 0`);
    for (const id of ['area-sales-manager-intermediate', 'federal', 'first-order']) {
      expect((await pdfText(path.join(dir, `out/pdf/sales/sales-management/${id}.pdf`))).text).toContain('Ability to use GitLab every day');
    }
    expect((await readFile(path.join(dir, 'out/pdf/sales/sales-management/senior-area-sales-manager.pdf'))).equals(before)).toBe(true);
  }, 90_000);

  it('removes the PDFs of a level that no longer exists, and of a removed family', async () => {
    const work = await bundledFamiliesCopy();
    const out = (p: string) => path.join(work, 'out', p);
    // The previous output: the first run's PDFs and manifest (printing them again here gave the same bytes).
    await cp(path.join(dir, 'first-out'), path.join(work, 'out'), { recursive: true });
    expect((await listFiles(path.join(work, 'out'))).filter((f) => f.endsWith('.pdf'))).toHaveLength(packets.length);
    await writeFile(out('pdf/sales/keep-me.pdf'), 'not ours');
    await rm(path.join(work, 'job-families/sales/self-service-sales.yml'));
    const run = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], work);
    expect(run.stderr).toContain(`rendered 0, skipped ${packets.length - 1}, removed 1, failed 0`);
    expect(existsSync(out('pdf/sales/self-service-sales'))).toBe(false);
    expect(existsSync(out('pdf/sales/keep-me.pdf'))).toBe(true); // not in any manifest: not ours to delete
  }, 60_000);

  it('jobfam build validates once, then writes the handbook and the offer packets', async () => {
    const run = built;
    expect(run.exitCode, run.stderr).toBe(0);
    // Five family pages and the pay-bands page of _compensation.yml.
    expect(run.stderr).toMatch(/^handbook: 6 handbook pages in site\/handbook$/m);
    expect(run.stderr).toMatch(/^pdf: rendered 15, skipped 0, removed 0, failed 0 of 15 offer packets in site\/pdf in /m);
    const files = await listFiles(path.join(dir, 'site'));
    expect(files.filter((f) => f.startsWith('handbook/'))).toHaveLength(6);
    expect(files.filter((f) => f.startsWith('pdf/') && f.endsWith('.pdf'))).toHaveLength(15);
  });
});

describe('jobfam pdf --shard', () => {
  it('splits the work so the shards together write every PDF exactly once, each with its own manifest', async () => {
    const dir = await bundledFamiliesCopy();
    const all = (await expectedPackets()).map((p) => p.path).sort();
    const shardFiles: string[][] = [];
    for (const index of [1, 2, 3]) {
      const out = `shard-${index}`;
      // The shard comes from GitLab's parallel: variables, as in CI.
      const run = await jobfamPdf(['pdf', '--families', 'job-families', '--out', out], dir, { CI_NODE_INDEX: String(index), CI_NODE_TOTAL: '3' });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toContain('(shard');
      shardFiles.push(await listFiles(path.join(dir, out)));
    }
    const pdfs = shardFiles.flatMap((files) => files.filter((f) => f.endsWith('.pdf')));
    expect(pdfs.sort()).toEqual(all);
    expect(new Set(pdfs).size).toBe(pdfs.length);
    for (const files of shardFiles) expect(Math.abs(files.length - 1 - all.length / 3)).toBeLessThanOrEqual(1);

    // Merged like GitLab's publishing job does, the shards' manifests sit side by side and a
    // single rerun over the merged folder finds every PDF up to date.
    const merged = path.join(dir, 'merged');
    for (const index of [1, 2, 3]) await cp(path.join(dir, `shard-${index}`), merged, { recursive: true });
    expect((await listFiles(path.join(merged, 'pdf'))).filter((f) => f.startsWith('manifest.'))).toEqual(['manifest.1-of-3.json', 'manifest.2-of-3.json', 'manifest.3-of-3.json']);
    const manifest = JSON.parse(await readFile(path.join(merged, 'pdf/manifest.2-of-3.json'), 'utf8')) as Manifest;
    expect(Object.keys(manifest.entries).length).toBe(shardFiles[1]!.length - 1);
    const rerun = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'merged'], dir);
    expect(rerun.stderr).toContain(`rendered 0, skipped ${all.length}, removed 0`);
  }, 120_000);
});

describe('hostile data', () => {
  let tripwire: Awaited<ReturnType<typeof startTripwireServer>>;
  beforeAll(async () => {
    tripwire = await startTripwireServer('x');
    return tripwire.close;
  });

  it('prints markup in a requirement as text, and the page makes no request', async () => {
    const { port, requests } = tripwire;
    const img = `<img src="http://127.0.0.1:${port}/x.png">`;
    const script = `<script>fetch("http://127.0.0.1:${port}/s")</script>`;
    const style = `<link rel="stylesheet" href="http://127.0.0.1:${port}/c.css"> & <b>bold?</b>`;
    const dir = await testdir({
      'fam/_grades.yml': 'grades:\n  - { grade: 7, label: Senior, link: /grades/ }\n',
      'fam/_config.yml': `company: "<i>Evil</i> & Co"\nhandbookUrl: http://127.0.0.1:${port}\n`,
      'fam/hostile.yml': [
        'frontMatter: { title: "Hostile <b>Family</b>" }',
        'levels:',
        '  - id: senior',
        '    title: Senior <u>Engineer</u>',
        '    grade: 7',
        '    requirements:',
        `      - ${JSON.stringify(img)}`,
        `      - ${JSON.stringify(script)}`,
        `      - ${JSON.stringify(style)}`,
        `      - ${JSON.stringify(`See [the guide](/guide/) and ![pic](http://127.0.0.1:${port}/pic.png)`)}`,
        '',
      ].join('\n'),
    });
    const run = await jobfamPdf(['pdf', '--families', 'fam', '--out', 'out'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const { text } = await pdfText(path.join(dir, 'out/pdf/hostile/senior.pdf'));
    expect(text).toContain(img);
    expect(text).toContain(script);
    expect(text).toContain(style);
    expect(text).toContain('<i>Evil</i> & Co');
    expect(text).toContain('Hostile <b>Family</b>');
    expect(text).toContain('Senior <u>Engineer</u>');
    expect(text.replace(/\s/g, '')).toContain(`(http://127.0.0.1:${port}/guide/)`);
    expect(requests).toEqual([]);
  }, 60_000);
});

describe('invalid data', () => {
  it('writes nothing and exits 1', async () => {
    const dir = await bundledFamiliesCopy();
    const family = path.join(dir, 'job-families/sales/sales-management.yml');
    await writeFile(family, (await readFile(family, 'utf8')).replace(/grade: \d+/, 'grade: 42'));
    const run = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('grade-unknown');
    expect(run.stderr).toContain('nothing was written');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('is a usage error (exit 2) for a bad flag (the flag table is in pdf-units.test.ts)', async () => {
    const run = await jobfamPdf(['pdf', '--shard', '3/2'], await testdir());
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--shard must be I/N with 1 <= I <= N (e.g. 2/4), not "3/2".');
    expect(run.stderr).toContain('Usage:');
  });
});
