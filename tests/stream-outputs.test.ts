// The stages write each page as soon as it is rendered (publish/write-outputs.ts openOutputWriter),
// so `jobfam build` holds a few pages at a time, not the whole handbook or catalog: proved by watching
// the disk while the stages render (a page rendered long ago must be on disk already), and the files
// they write are exactly what the pure renderers return.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownStage } from '../scripts/lib/commands.ts';
import { postingsStage } from '../scripts/lib/jobboard/stage.ts';
import { renderPostings } from '../scripts/lib/jobboard/render-postings.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import type { Handbook, ModelFamily } from '../scripts/lib/model/handbook.ts';
import { syntheticFamilies } from '../scripts/lib/pdf/synthetic-families.ts';
import { prepareBuild } from '../scripts/lib/prepare.ts';
import { openOutputWriter, WRITES_IN_FLIGHT } from '../scripts/lib/publish/write-outputs.ts';
import { renderMarkdown } from '../scripts/lib/render/markdown.ts';
import { PAY_BANDS_OUTPUT } from '../scripts/lib/model/paths.ts';
import { renderPayBandsPage } from '../scripts/lib/render/pay-bands-page.ts';
import { createMarkdownTemplates } from '../scripts/lib/render/templates.ts';
import { createHtmlTemplates } from '../scripts/lib/html/templates.ts';
import { planCatalog } from '../scripts/lib/site/plan-catalog.ts';
import { renderSite } from '../scripts/lib/site/render-site.ts';
import { listOutputFiles, siteStage } from '../scripts/lib/site/stage.ts';
import type { Config } from '../scripts/lib/config.ts';
import type { Output } from '../scripts/lib/types.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const ENV = { JOBFAM_TODAY: '2026-12-07', SOURCE_DATE_EPOCH: '1764547200' };
const FAMILIES = 80;

async function prepared(familiesDir: string, cwd: string): Promise<{ model: Handbook; config: Config }> {
  const { diagnostics, prepared } = await prepareBuild({ familiesDir, outDir: 'out' }, cwd, ENV);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return prepared!;
}

async function generated(): Promise<{ dir: string; model: Handbook; config: Config }> {
  const files = Object.fromEntries(Object.entries(syntheticFamilies(FAMILIES * 3, { levelsPerFamily: 3 })).map(([name, text]) => [`fam/${name}`, text]));
  const dir = await testdir(files);
  return { dir, ...(await prepared('fam', dir)) };
}

/**
 * Calls `seen(family)` the first time a stage reads what it renders of the family: the handbook its
 * data (`file.family`), the catalog page its first level's resolved lists (the catalog's plan reads
 * the family's titles and summary before rendering any page, but no list).
 */
function watchRendering(model: Handbook, read: 'family' | 'lists', seen: (family: ModelFamily) => void): void {
  for (const family of model.families) {
    const owner: object = read === 'family' ? family.file : family.levels[0]!;
    const key = read === 'family' ? 'family' : 'responsibilities';
    const value: unknown = (owner as Record<string, unknown>)[key];
    let told = false;
    Object.defineProperty(owner, key, {
      get: () => {
        if (!told) seen(family);
        told = true;
        return value;
      },
      configurable: true,
    });
  }
}

/** The relative paths of the files under `dir`, with their bytes. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of [...(await listOutputFiles(dir))].sort()) out[file] = await readFile(path.join(dir, file), 'utf8');
  return out;
}

const asTree = (outputs: readonly Output[]) => Object.fromEntries(outputs.map((o) => [o.path, String(o.content)]).sort(([a], [b]) => a!.localeCompare(b!)));

describe('the handbook and catalog stages write as they render', () => {
  it('a page rendered more than WRITES_IN_FLIGHT pages ago is on disk before the next family is read', async () => {
    const { dir, model, config } = await generated();
    const out = path.join(dir, 'out');
    for (const [stage, read, pageOf] of [
      [markdownStage, 'family', (f: ModelFamily) => f.handbookPages[0]!],
      [siteStage, 'lists', (f: ModelFamily) => f.catalogPage],
    ] as const) {
      const order: ModelFamily[] = [];
      let mostPending = 0;
      watchRendering(model, read, (family) => {
        // Every family read before this one was rendered; at most WRITES_IN_FLIGHT (and the page
        // in hand) may still be on their way to the disk.
        const pending = order.filter((f) => !existsSync(path.join(out, pageOf(f)))).length;
        mostPending = Math.max(mostPending, pending);
        order.push(family);
      });
      await stage(model, { ...config, outDir: out }, {});
      expect(order).toHaveLength(FAMILIES);
      expect(mostPending).toBeLessThanOrEqual(WRITES_IN_FLIGHT + 1);
      expect(mostPending).toBeGreaterThan(0);
    }
  });

  it.each([
    ['the bundled families', async () => ({ dir: repoRoot, ...(await prepared('job-families', repoRoot)) })],
    [`${FAMILIES} generated families`, generated],
  ])('write byte for byte what the pure renderers return: %s', async (_, setup) => {
    const { model, config } = await setup();
    const out = await testdir();
    const staged = { ...config, outDir: out };
    await markdownStage(model, staged, {});
    await postingsStage(model, staged, {});
    const existing = await listOutputFiles(out);
    await siteStage(model, staged, {});

    const sources = await readTemplates(config.templatesDir);
    const markdown = createMarkdownTemplates(sources);
    const handbook = renderMarkdown(model.families.map((f) => ({ relativePath: f.relativePath, family: f.file.family })), model.grades, markdown);
    if (model.pay?.compensation && markdown.payBands) handbook.push({ path: PAY_BANDS_OUTPUT, content: renderPayBandsPage(markdown, model.pay.compensation, model.grades) });
    const site = { company: config.company, siteUrl: config.siteUrl ?? '', today: config.today };
    const postings = model.site?.jobBoard ? renderPostings(model.postings, createHtmlTemplates(sources, 'jobboard'), site) : [];
    const catalog = planCatalog(model, existing, { company: config.company, handbookUrl: config.handbookUrl, siteUrl: config.siteUrl });
    const pages = renderSite(catalog, createHtmlTemplates(sources, 'site'), config.today);

    const written = await tree(out);
    const evidence = Object.keys(written).filter((file) => file.startsWith('jobs/pay-transparency'));
    const expected = asTree([...handbook, ...postings, ...pages]);
    for (const file of evidence) expected[file] = written[file]!; // the postings stage's own, not a renderer's list
    expect(Object.keys(written).sort()).toEqual(Object.keys(expected).sort());
    expect(written).toEqual(expected);
    expect(Object.keys(written).filter((f) => f.startsWith('families/'))).toHaveLength(model.families.length);
  });
});

describe('openOutputWriter', () => {
  it('empties the folders it owns before writing, and keeps the rest of the tree', async () => {
    const dir = await testdir({ 'handbook/old.md': 'old', 'pdf/keep.pdf': 'pdf', 'index.html': 'old index' });
    const writer = await openOutputWriter(dir, ['handbook'], ['index.html']);
    await writer.write({ path: 'handbook/a/new.md', content: 'new' });
    expect(await writer.close()).toEqual([path.join(dir, 'handbook')]);
    expect(await tree(dir)).toEqual({ 'handbook/a/new.md': 'new', 'pdf/keep.pdf': 'pdf' });
  });

  it('refuses a path written twice, a path outside its folders and a path that escapes OUT', async () => {
    const dir = await testdir();
    const writer = await openOutputWriter(dir, ['handbook']);
    await writer.write({ path: 'handbook/a.md', content: 'a' });
    await expect(writer.write({ path: 'handbook/a.md', content: 'again' })).rejects.toThrow('written twice');
    await expect(writer.write({ path: 'families/a.html', content: 'x' })).rejects.toThrow('outside the folders');
    await expect(writer.write({ path: 'handbook/../../evil.md', content: 'x' })).rejects.toThrow('outside');
    await writer.close();
    expect(await tree(dir)).toEqual({ 'handbook/a.md': 'a' });
  });

  it('reports a write that failed, at the latest when closed', async () => {
    const dir = await testdir();
    const writer = await openOutputWriter(dir, ['handbook'], [], { inFlight: 4 });
    await writer.write({ path: 'handbook/team', content: 'a file where a folder is wanted next' });
    await expect(
      (async () => {
        await writer.write({ path: 'handbook/team/page.md', content: 'x' });
        await writer.close();
      })(),
    ).rejects.toThrow(/ENOTDIR|EEXIST|EISDIR/);
  });

  it('has at most `inFlight` files open for writing at once', async () => {
    const dir = await testdir();
    const writer = await openOutputWriter(dir, ['handbook'], [], { inFlight: 3 });
    let mostPending = 0;
    for (let i = 0; i < 40; i++) {
      const pending = (await readdir(path.join(dir, 'handbook')).catch(() => [] as string[])).length;
      mostPending = Math.max(mostPending, i - pending);
      await writer.write({ path: `handbook/${i}.md`, content: `page ${i}`.repeat(1000) });
    }
    await writer.close();
    expect(mostPending).toBeLessThanOrEqual(3);
    expect((await readdir(path.join(dir, 'handbook'))).length).toBe(40);
  });
});
