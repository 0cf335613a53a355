// The browser edge on its own: what the page guard blocks (raw HTML this time, not escaped data),
// the per-document budget, retry and failure report; and where a packet's date and commit come from.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { extractText } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName } from 'pdf-lib';
import { findBrowser, launchAhead, launchBrowser, printAll } from '../scripts/lib/pdf/browser.ts';
import { resolveConfig } from '../scripts/lib/config.ts';
import { FALLBACK_EPOCH, readSourceStamps } from '../scripts/lib/pdf/read-source-stamps.ts';
import { stampMetadata, stampsIncrementally } from '../scripts/lib/pdf/stamp-metadata.ts';
import { startTripwireServer } from './helpers/pdf.ts';
import { testdir } from './helpers/testdir.ts';

const choice = findBrowser('headless-shell', resolveConfig({ familiesDir: '.', outDir: '.' }, process.env, null, process.cwd()).pdf.executablePath);
const options = { format: 'A4', printBackground: true };

describe('the page guard', () => {
  let tripwire: Awaited<ReturnType<typeof startTripwireServer>>;
  beforeAll(async () => {
    tripwire = await startTripwireServer('body { color: red }');
    return tripwire.close;
  });

  it('lets no request out of a page full of live markup, and runs no script', async () => {
    const { origin, requests } = tripwire;
    const html = `<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="${origin}/style.css">
      <style>@import url("${origin}/import.css"); @font-face { font-family: X; src: url("${origin}/font.woff2"); } body { font-family: X; background: url("${origin}/bg.png"); }</style>
      <script src="${origin}/script.js"></script>
      </head><body>
      <img src="${origin}/x.png"><iframe src="${origin}/frame"></iframe><video poster="${origin}/poster.png"></video>
      <object data="${origin}/object"></object>
      <img src="file:///etc/passwd">
      <p>static text</p>
      <script>fetch("${origin}/fetch"); document.body.textContent = 'SCRIPT RAN';</script>
      </body></html>`;
    const printed: Uint8Array[] = [];
    const result = await printAll([{ html, pdfOptions: options }], {
      launch: () => launchBrowser(choice),
      concurrency: 1,
      timeoutMs: 20_000,
      onPrinted: async (_, bytes) => void printed.push(bytes),
      onFailed: (_, reason) => expect.fail(reason),
    });
    expect(result).toEqual({ printed: 1, failed: 0, relaunches: 0, notStarted: 0 });
    expect(Buffer.from(printed[0]!).subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(printed[0]!, { mergePages: true });
    expect(text).toContain('static text');
    expect(text).not.toContain('SCRIPT RAN');
    expect(requests).toEqual([]);

    // The pages a browser launched ahead readies (launchAhead) carry the same guard, and printAll
    // prints on them: no tab is opened while it prints.
    const ahead = launchAhead(choice, 2);
    let tabsOpened = 0;
    const twice = await printAll(
      [html, html].map((page) => ({ html: page, pdfOptions: options })),
      {
        launch: async () => {
          const browser = await ahead.take()!;
          browser.on('targetcreated', (target: { type(): string }) => void (target.type() === 'page' && tabsOpened++));
          return browser;
        },
        concurrency: 2,
        timeoutMs: 20_000,
        onPrinted: async (_, bytes) => expect((await extractText(bytes, { mergePages: true })).text).not.toContain('SCRIPT RAN'),
        onFailed: (_, reason) => expect.fail(reason),
      },
    );
    await ahead.close(); // taken: closing is printAll's, this does nothing
    expect(twice.printed).toBe(2);
    expect(tabsOpened).toBe(0);
    expect(requests).toEqual([]);
  });
});

describe('the pool of pages', () => {
  it('prints on the blank tab Chromium opens at launch: one document opens no other tab, two open one', async () => {
    for (const [documents, opened] of [[1, 0], [2, 1]] as const) {
      let tabsOpened = 0;
      const result = await printAll(
        Array.from({ length: documents }, (_, i) => ({ html: `<p>document ${i}</p>`, pdfOptions: options })),
        {
          launch: async () => {
            const browser = await launchBrowser(choice);
            browser.on('targetcreated', (target: { type(): string }) => void (target.type() === 'page' && tabsOpened++));
            return browser;
          },
          concurrency: 2,
          timeoutMs: 20_000,
          onPrinted: async () => undefined,
          onFailed: (_, reason) => expect.fail(reason),
        },
      );
      expect(result.printed).toBe(documents);
      expect(tabsOpened, `${documents} documents`).toBe(opened);
    }
  });
});

describe('the document budget', () => {
  it('retries a document that runs over it once, then reports it failed, and goes on with the rest', async () => {
    const failures: string[] = [];
    let launches = 0;
    const result = await printAll(
      [
        { html: '<p>one</p>', pdfOptions: options },
        { html: '<p>two</p>', pdfOptions: options },
      ],
      {
        launch: () => (launches++, launchBrowser(choice)),
        concurrency: 2,
        timeoutMs: 1, // nothing prints in a millisecond
        onPrinted: async () => expect.fail('printed within 1 ms'),
        onFailed: (_, reason) => failures.push(reason),
      },
    );
    expect(result.failed).toBe(2);
    expect(failures).toHaveLength(2);
    for (const reason of failures) expect(reason).toMatch(/(timeout|took longer|Timed out).*\(tried twice\)$/i);
    expect(launches).toBe(1); // a slow page is replaced, the browser is not
  });
});

describe('stampMetadata', () => {
  const metadata = {
    title: 'Family — Level (grade 7) ✓',
    author: 'Ünïcode & Co',
    subject: 'Offer packet attachment: Family, Level',
    keywords: ['family', 'level', 'grade-7'],
    creator: 'jobfam 0.1.0',
    producer: 'Skia/PDF m156 + pdf-lib 1.17.1',
    language: 'en',
    epoch: 1_764_547_200,
  };
  const read = async (bytes: Uint8Array) => {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    return {
      title: doc.getTitle(),
      author: doc.getAuthor(),
      subject: doc.getSubject(),
      keywords: doc.getKeywords(),
      creator: doc.getCreator(),
      producer: doc.getProducer(),
      created: doc.getCreationDate()?.toISOString(),
      modified: doc.getModificationDate()?.toISOString(),
      tagged: doc.catalog.has(PDFName.of('StructTreeRoot')) && doc.catalog.has(PDFName.of('MarkInfo')),
      lang: doc.catalog.get(PDFName.of('Lang'))?.toString(),
    };
  };
  const { language: _language, epoch: _epoch, ...fields } = metadata;
  const expected = {
    ...fields,
    keywords: 'family level grade-7',
    created: '2025-12-01T00:00:00.000Z',
    modified: '2025-12-01T00:00:00.000Z',
    tagged: true,
    lang: '(en)',
  };

  it('appends the Info dict to what Chromium wrote, keeps the rest, and leaves no wall-clock date', async () => {
    let chromium: Uint8Array | null = null;
    await printAll([{ html: '<!DOCTYPE html><html lang="en"><title>x</title><h1>Hello</h1><ul><li>a</li></ul></html>', pdfOptions: { ...options, tagged: true } }], {
      launch: () => launchBrowser(choice),
      concurrency: 1,
      timeoutMs: 20_000,
      onPrinted: async (_, bytes) => void (chromium = bytes),
      onFailed: (_, reason) => expect.fail(reason),
    });
    const raw = chromium! as Uint8Array;
    expect(stampsIncrementally(raw, metadata)).toBe(true);
    const stamped = await stampMetadata(raw, metadata);
    // Chromium's bytes are kept but for its own Info dict (object 1, blanked), then the update follows.
    const before = Buffer.from(raw).toString('latin1');
    const after = Buffer.from(stamped).toString('latin1');
    const infoStart = before.indexOf('1 0 obj');
    const infoEnd = before.indexOf('endobj', infoStart);
    expect(after.slice(0, infoStart) + after.slice(infoEnd, raw.length)).toBe(before.slice(0, infoStart) + before.slice(infoEnd));
    expect(after.slice(infoStart, infoEnd)).toMatch(/^1 0 obj\n<< +>>\n$/);
    expect([...Buffer.from(stamped).toString('latin1').matchAll(/D:(\d{14})/g)].map((m) => m[1])).toEqual(Array(2).fill('20251201000000'));
    expect(Buffer.from(stamped).toString('latin1')).not.toMatch(/Chromium|HeadlessChrome/);
    expect(await read(stamped)).toEqual(expected);
    const { text } = await extractText(stamped, { mergePages: true });
    expect(text).toContain('Hello');

    // What pdf-lib writes (an xref stream) takes the other path, with the same result.
    const restructured = await (await PDFDocument.load(raw, { updateMetadata: false })).save({ useObjectStreams: true });
    expect(stampsIncrementally(restructured, metadata)).toBe(false);
    expect(await read(await stampMetadata(restructured, metadata))).toEqual(expected);
  });
});

describe('readSourceStamps', () => {
  it('takes the commit and its date from git, marks local changes, and lets SOURCE_DATE_EPOCH pin the date', async () => {
    const dir = await testdir({ 'fam/a.yml': 'a: 1\n', 'fam/b.yml': 'b: 1\n' });
    const git = (...args: string[]) => execa('git', args, { cwd: dir, env: { GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z', GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z' } });
    await git('init', '-q');
    await git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
    await git('add', '.');
    await git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'families');
    const sha = (await git('rev-parse', '--short', 'HEAD')).stdout;
    await writeFile(path.join(dir, 'fam/b.yml'), 'b: 2\n');

    const files = ['fam/a.yml', 'fam/b.yml'];
    const fromGit = await readSourceStamps(files, dir, null);
    expect(fromGit.diagnostics).toEqual([]);
    expect(fromGit.stamps.get('fam/a.yml')).toEqual({ commit: sha, epoch: Date.parse('2026-01-02T03:04:05Z') / 1000 });
    expect(fromGit.stamps.get('fam/b.yml')).toEqual({ commit: `${sha} (modified)`, epoch: Date.parse('2026-01-02T03:04:05Z') / 1000 });

    const pinned = await readSourceStamps(files, dir, 1700000000);
    expect(pinned.stamps.get('fam/a.yml')).toEqual({ commit: sha, epoch: 1_700_000_000 });
  });

  it('falls back to a fixed epoch with a located warning outside git', async () => {
    const dir = await testdir({ 'fam/a.yml': 'a: 1\n' });
    const { stamps, diagnostics } = await readSourceStamps(['fam/a.yml'], dir, null);
    expect(stamps.get('fam/a.yml')).toEqual({ commit: 'uncommitted', epoch: FALLBACK_EPOCH });
    expect(diagnostics).toMatchObject([{ code: 'pdf-date-fallback', severity: 'warning', file: 'fam/a.yml', line: 1, column: 1 }]);
    expect(diagnostics[0]!.message).toContain('dated 1980-01-01');
  });
});
