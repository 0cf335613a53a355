// The catalog, family pages and postings in real headless Chromium over real HTTP: pages load clean
// (no console error, no failed or external request), the filter narrows as you type and the page
// works without JavaScript, every link resolves to a file under OUT, axe finds nothing serious, and
// hostile family text stays text in every page and feed. One browser for the whole file.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { execa } from 'execa';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listOutputFiles } from '../scripts/lib/site/stage.ts';
import { closeJobBoardBrowser, launchJobBoardBrowser } from './helpers/jobboard-browser.ts';
import { HOSTILE_REQUIREMENTS, JOBBOARD_TODAY, jobBoardFixture } from './helpers/jobboard-fixtures.ts';
import { serveOutput, type OutputServer } from './helpers/jobboard-server.ts';
import { repoRoot } from './helpers/paths.ts';

const OPENINGS = `openings:
  - requisitionId: SEC-1
    family: security-engineering
    level: security-engineer
    datePosted: 2026-11-10
    validThrough: 2027-02-28
    offices: [amsterdam]
    salary: { min: 70000, max: 90000, publish: true }
  - requisitionId: REQ-2026-0417
    family: sales-systems-leadership
    level: manager-sales-systems
    datePosted: 2026-11-16
    validThrough: 2027-06-30
    remote: { countries: [US, CA] }
    existingVacancy: true
  - requisitionId: REQ-2026-0431
    family: sales-management
    specialty: federal
    datePosted: 2026-11-24
    validThrough: 2027-06-30
    remote: { countries: [US] }
  - requisitionId: OLD-1
    family: sales-operations
    level: analyst
    datePosted: 2026-09-01
    validThrough: 2026-10-01
    remote: {}
`;
vi.setConfig({ testTimeout: 60_000 });

/** Where the PDF stage writes this level's offer packet; the test puts a file there. */
const PDF = 'pdf/sales/sales-systems-leadership/manager-sales-systems.pdf';

let out: string;
let files: Set<string>;
let server: OutputServer;
let browser: Browser;
const dialogs: string[] = [];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jobfam-site-'));
  await jobBoardFixture({ openings: OPENINGS, hostile: true, dir });
  const jobfam = (args: string[]) => execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), ...args], { cwd: dir, env: { JOBFAM_TODAY: JOBBOARD_TODAY } });
  out = path.join(dir, 'out');
  // The stages one by one (the PDF stage is another test's business): handbook, postings, a PDF
  // where the PDF stage would write it, then the catalog, which links what exists.
  await jobfam(['render', '--out', 'out']);
  await jobfam(['postings', '--out', 'out']);
  await mkdir(path.dirname(path.join(out, PDF)), { recursive: true });
  await writeFile(path.join(out, PDF), '%PDF-1.7\n% stand-in for the PDF stage\n%%EOF\n');
  const site = await jobfam(['site', '--out', 'out']);
  expect(site.stderr).toContain('site: catalog of 6 families and 16 levels');
  files = await listOutputFiles(out);
  server = await serveOutput(out);
  browser = await launchJobBoardBrowser();
}, 120_000);

afterAll(async () => {
  if (browser) await closeJobBoardBrowser(browser);
  if (server) await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  consoleErrors: string[];
  failed: string[];
  foreign: string[];
}

/** Opens a page and records everything that should never happen on it. */
async function visit(file: string, options: { javaScript?: boolean } = {}): Promise<Visit> {
  const page = await browser.newPage();
  const result: Visit = { page, consoleErrors: [], failed: [], foreign: [] };
  await page.setJavaScriptEnabled(options.javaScript ?? true);
  page.on('console', (m) => m.type() === 'error' && result.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));
  page.on('dialog', async (d) => {
    dialogs.push(`${file}: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => !r.url().startsWith(server.origin) && result.foreign.push(r.url()));
  page.on('requestfailed', (r) => result.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && result.failed.push(`${r.url()} ${r.status()}`));
  await page.goto(`${server.origin}/${file}`, { waitUntil: 'load' });
  return result;
}

const htmlPages = () => [...files].filter((f) => f.endsWith('.html')).sort();

describe('every page', () => {
  it('is there: the catalog, one page per family, one per open posting', () => {
    expect(htmlPages()).toEqual([
      'families/gtm-planning-and-operations.html',
      'families/sales-management.html',
      'families/sales-operations.html',
      'families/sales-systems-leadership.html',
      'families/security-engineering.html',
      'families/self-service-sales.html',
      'index.html',
      'jobs/REQ-2026-0417.html',
      'jobs/REQ-2026-0431.html',
      'jobs/SEC-1.html',
      'jobs/pay-transparency.html',
    ]);
  });

  it('loads with no console error, no failed request and no request to another origin', async () => {
    for (const file of htmlPages()) {
      const v = await visit(file);
      expect({ file, errors: v.consoleErrors, failed: v.failed, foreign: v.foreign }).toEqual({ file, errors: [], failed: [], foreign: [] });
      // The CSP is really in force: an injected inline script is refused (and reported as a violation).
      const blocked = await v.page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
            const s = document.createElement('script');
            s.textContent = 'window.__ran = true';
            document.body.append(s);
            setTimeout(() => resolve(false), 1000);
          }),
      );
      expect(blocked, file).toBe(true);
      expect(await v.page.evaluate(() => (window as { __ran?: boolean }).__ran ?? false)).toBe(false);
      await v.page.close();
    }
    expect(dialogs).toEqual([]);
  });

  it('links only to files that exist under OUT (and to anchors that exist in them), or to absolute https pages elsewhere', async () => {
    const problems: string[] = [];
    const ids = new Map<string, Set<string>>();
    const anchors: { from: string; target: string; id: string }[] = [];
    for (const file of htmlPages()) {
      const v = await visit(file, { javaScript: false });
      ids.set(file, new Set(await v.page.$$eval('[id]', (els) => els.map((e) => e.id))));
      const links = await v.page.$$eval('a[href], link[href], [src]', (els) => els.map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? ''));
      await v.page.close();
      for (const link of links) {
        if (/^https:\/\//.test(link) && !link.startsWith(server.origin)) continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
          problems.push(`${file}: ${link} is neither a file under OUT nor an https page`);
          continue;
        }
        const url = new URL(link, `${server.origin}/${file}`);
        const target = decodeURIComponent(url.pathname.slice(1));
        if (!files.has(target)) problems.push(`${file}: ${link} → ${target} does not exist`);
        if (url.hash) anchors.push({ from: file, target, id: decodeURIComponent(url.hash.slice(1)) });
      }
    }
    expect(anchors.length).toBeGreaterThan(10);
    for (const { from, target, id } of anchors) {
      if (!ids.get(target)?.has(id)) problems.push(`${from}: no element with id "${id}" in ${target}`);
    }
    expect(problems).toEqual([]);
  });

  it('has no serious or critical axe-core violations on the catalog, a family page and a posting page', async () => {
    for (const file of ['index.html', 'families/sales-management.html', 'jobs/SEC-1.html']) {
      const v = await visit(file);
      // Evaluated over CDP, which the page's CSP does not govern; the page itself cannot load it.
      await v.page.evaluate(axe.source);
      const results = await v.page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run());
      const bad = results.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect({ file, bad }).toEqual({ file, bad: [] });
      await v.page.close();
    }
  });
});

describe('the catalog', () => {
  const visibleRows = (page: Page) => page.$$eval('tr[data-search]', (rows) => rows.filter((r) => !(r as HTMLElement).hidden && (r as HTMLElement).offsetParent !== null).map((r) => r.querySelector('a')!.textContent!.trim()));
  const visibleFamilies = (page: Page) => page.$$eval('article.family', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.querySelector('h3')!.textContent!.trim()));

  it('narrows the list as you type: by level, grade, department and family', async () => {
    const { page } = await visit('index.html');
    expect(await visibleRows(page)).toHaveLength(16);
    await page.type('#filter', 'federal');
    expect(await visibleRows(page)).toEqual(['Area Sales Manager (Federal/Public Sector)']);
    expect(await visibleFamilies(page)).toEqual(['Sales Management']);
    expect(await page.$eval('#filter-status', (e) => e.textContent)).toBe('1 of 16 levels and specialties match');
    // The open positions narrow too.
    expect(await page.$$eval('.openings li', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.querySelector('a')!.textContent))).toEqual(['Area Sales Manager (Federal/Public Sector)']);

    await page.$eval('#filter', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#filter', 'grade 11');
    expect(await visibleRows(page)).toEqual(['Senior Director, Sales Systems']);
    await page.$eval('#filter', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#filter', 'security');
    expect(await visibleFamilies(page)).toEqual(['Security <b>Engineering</b>']);
    await page.$eval('#filter', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#filter', 'systems director');
    expect(await visibleRows(page)).toEqual(['Director, Sales Systems', 'Senior Director, Sales Systems']);
    await page.type('#filter', ' nothing-like-this');
    expect(await visibleRows(page)).toEqual([]);
    expect(await page.$eval('#no-match', (e) => (e as HTMLElement).offsetParent !== null)).toBe(true);
    await page.close();
  });

  it('without JavaScript lists every family and level, and hides the filter box it cannot serve', async () => {
    const { page } = await visit('index.html', { javaScript: false });
    expect(await visibleRows(page)).toHaveLength(16);
    expect(await visibleFamilies(page)).toHaveLength(6);
    expect(await page.$eval('#filter-form', (e) => (e as HTMLElement).offsetParent !== null)).toBe(false);
    await page.close();
  });

  it('links the handbook page, the PDF where it exists, and the open postings', async () => {
    const { page } = await visit('index.html');
    const hrefs = await page.$$eval('a[href]', (els) => els.map((e) => e.getAttribute('href')));
    expect(hrefs).toContain(PDF);
    expect(hrefs.filter((h) => h!.startsWith('pdf/'))).toEqual([PDF]);
    expect(hrefs).toContain('handbook/sales/sales-systems-leadership.md');
    expect(hrefs).toContain('handbook/security/security-engineering.md');
    expect(new Set(hrefs.filter((h) => h!.startsWith('jobs/')))).toEqual(new Set(['jobs/REQ-2026-0417.html', 'jobs/REQ-2026-0431.html', 'jobs/SEC-1.html', 'jobs/pay-transparency.html']));
    // The expired opening is nowhere.
    expect(await page.content()).not.toContain('OLD-1');
    await page.close();
  });

  it('family pages carry Occupation JSON-LD, never JobPosting; the catalog carries none', async () => {
    for (const file of htmlPages().filter((f) => !f.startsWith('jobs/'))) {
      const { page } = await visit(file);
      const blocks = await page.$$eval('script[type="application/ld+json"]', (els) => els.map((e) => JSON.parse(e.textContent!)));
      if (file === 'index.html') expect(blocks).toEqual([]);
      else {
        expect(blocks).toHaveLength(1);
        const types = [blocks[0]].flat().map((o: { '@type': string }) => o['@type']);
        expect(new Set(types), file).toEqual(new Set(['Occupation']));
      }
      await page.close();
    }
    const family = JSON.parse(
      (await readFile(path.join(out, 'families/sales-systems-leadership.html'), 'utf8')).split('<script type="application/ld+json">')[1]!.split('</script>')[0]!,
    );
    expect(family[0]).toMatchObject({ '@type': 'Occupation', name: 'Manager, Sales Systems', identifier: 'sales-systems-leadership/manager-sales-systems' });
    expect(family[0].qualifications).toContain('BA/BS degree.');
  });
});

describe('posting pages', () => {
  it('mark up exactly what they show: title, dates, identifier, salary and the description', async () => {
    // Every posting page (the pay-transparency evidence page beside them is not a posting).
    for (const file of htmlPages().filter((f) => f.startsWith('jobs/') && f !== 'jobs/pay-transparency.html')) {
      const { page } = await visit(file);
      const seen = await page.evaluate(() => {
        const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!);
        const description = new DOMParser().parseFromString(ld.description, 'text/html').body.textContent!;
        const text = (s: string) => document.querySelector(s)!.textContent!.replace(/\s+/g, ' ').trim();
        return {
          ld,
          h1: text('h1'),
          times: [...document.querySelectorAll('time')].map((t) => t.getAttribute('datetime')),
          visible: document.body.innerText,
          description: description.replace(/\s+/g, ' ').trim(),
          shownDescription: text('section.description'),
        };
      });
      expect(seen.ld.title, file).toBe(seen.h1);
      expect(seen.times).toEqual([seen.ld.datePosted, ...(seen.ld.validThrough ? [seen.ld.validThrough] : [])]);
      expect(seen.description).toBe(seen.shownDescription);
      expect(seen.visible).toContain(seen.ld.identifier.value);
      expect(seen.visible).toContain(seen.ld.hiringOrganization.name);
      if (seen.ld.baseSalary) expect(seen.visible).toContain(`USD ${seen.ld.baseSalary.value.minValue.toLocaleString('en-US')}`);
      else expect(seen.visible).not.toMatch(/USD \d/);
      await page.close();
    }
  });
});

describe('hostile family text', () => {
  it('shows as text on the posting and family pages, and no dialog ever opens', async () => {
    for (const file of ['jobs/SEC-1.html', 'families/security-engineering.html', 'index.html']) {
      const { page } = await visit(file);
      const seen = await page.evaluate(() => ({
        text: document.body.innerText,
        scripts: [...document.scripts].map((s) => s.type || 'classic'),
        images: document.images.length,
        hrefs: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      }));
      if (file !== 'index.html') for (const r of HOSTILE_REQUIREMENTS) expect(seen.text, file).toContain(r);
      expect(seen.text).toContain('Security <b>Engineering</b>');
      expect(seen.images).toBe(0);
      expect(seen.scripts).toEqual(file === 'index.html' ? ['classic'] : ['application/ld+json']);
      expect(seen.hrefs.filter((h) => /^javascript:/i.test(h ?? ''))).toEqual([]);
      await page.close();
    }
    expect(dialogs).toEqual([]);
  });

  it('stays inert in the JSON-LD, postings.json, the Indeed feed and the sitemap (each parsed)', async () => {
    const read = (file: string) => readFile(path.join(out, 'jobs', file), 'utf8');
    const sources = { indeed: await read('indeed.xml'), sitemap: await read('sitemap.xml'), feed: await read('postings.json') };
    // The posting page's CSP forbids fetch(), so the feeds are handed to the browser's parsers as text.
    const page = await browser.newPage();
    await page.goto(`${server.origin}/jobs/SEC-1.html`);
    const parsed = await page.evaluate((sources) => {
      const xml = (text: string) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return { error: doc.querySelector('parsererror')?.textContent ?? null, doc };
      };
      const indeed = xml(sources.indeed);
      const sitemap = xml(sources.sitemap);
      const job = [...indeed.doc.querySelectorAll('job')].find((j) => j.querySelector('requisitionid')!.textContent === 'SEC-1')!;
      const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!);
      const feed = JSON.parse(sources.feed);
      const html = (s: string) => new DOMParser().parseFromString(s, 'text/html').body;
      const sec = feed.postings.find((p: { requisitionId: string }) => p.requisitionId === 'SEC-1');
      return {
        indeedError: indeed.error,
        sitemapError: sitemap.error,
        urls: [...sitemap.doc.querySelectorAll('loc')].map((l) => l.textContent),
        indeedTitle: job.querySelector('title')!.textContent,
        indeedDescriptionText: html(job.querySelector('description')!.textContent!).textContent,
        indeedDescriptionElements: [...html(job.querySelector('description')!.textContent!).querySelectorAll('script, img')].length,
        ldTitle: ld.title,
        ldDescriptionText: html(ld.description).textContent,
        ldDescriptionElements: [...html(ld.description).querySelectorAll('script, img')].length,
        feedTitle: sec.title,
        feedDescriptionElements: [...html(sec.description).querySelectorAll('script, img')].length,
      };
    }, sources);
    await page.close();
    // An on…= handler is now refused by validation (the link policy); an <img> still must stay text.
    const title = 'Security Engineer <img src=x alt=4>';
    expect(parsed).toMatchObject({ indeedError: null, sitemapError: null, indeedTitle: title, ldTitle: title, feedTitle: title });
    expect(parsed.urls).toContain('https://jobfam.example.com/jobs/SEC-1.html');
    for (const r of HOSTILE_REQUIREMENTS) {
      expect(parsed.indeedDescriptionText).toContain(r);
      expect(parsed.ldDescriptionText).toContain(r);
    }
    expect([parsed.indeedDescriptionElements, parsed.ldDescriptionElements, parsed.feedDescriptionElements]).toEqual([0, 0, 0]);
    // The raw files: JSON has no markup character at all, the page has exactly the script elements it means to.
    const page2 = await readFile(path.join(out, 'jobs/SEC-1.html'), 'utf8');
    expect(page2.match(/<script/gi)).toHaveLength(1);
    expect(await readFile(path.join(out, 'jobs/postings.json'), 'utf8')).not.toMatch(/[<>]/);
    // Descriptions are escaped HTML inside CDATA: no script tag appears in the feed even as text.
    expect(await readFile(path.join(out, 'jobs/indeed.xml'), 'utf8')).not.toMatch(/<\/?script/i);
    expect(dialogs).toEqual([]);
    expect(existsSync(path.join(out, 'jobs/OLD-1.html'))).toBe(false);
  });
});
