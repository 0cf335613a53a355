// The pure parts of the PDF stage: markdown → escaped HTML, output paths, shards, the manifest
// plan, flags, browser discovery, progress lines. No browser here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../scripts/lib/config.ts';
import { readFamilies } from '../scripts/lib/load/read-families.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import { pdfOutputPath } from '../scripts/lib/model/paths.ts';
import { findBrowser } from '../scripts/lib/pdf/browser.ts';
import { buildPdfJobs, createPdfTemplates, selectShard, type PdfJob } from '../scripts/lib/pdf/build-packets.ts';
import { leftShard, planPdfs, sha256, type Manifest } from '../scripts/lib/pdf/manifest.ts';
import { absoluteUrl, printHtml, printInlineHtml } from '../scripts/lib/markdown/print.ts';
import { lineProgress } from '../scripts/lib/pdf/progress.ts';
import { buildHandbook } from '../scripts/lib/model/build-handbook.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { familiesDir, templatesDir } from './helpers/paths.ts';

describe('markdown inside items', () => {
  const base = 'https://handbook.example.com';

  it.each([
    ['plain & <b>text</b>', 'plain &amp; &lt;b&gt;text&lt;/b&gt;'],
    ['**bold** and *it* and _it2_ and `x<y`', '<strong>bold</strong> and <em>it</em> and <em>it2</em> and <code>x&lt;y</code>'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['[Guide](/handbook/guide/)', '<a href="https://handbook.example.com/handbook/guide/">Guide</a> <span class="url">(https://handbook.example.com/handbook/guide/)</span>'],
    ['[**Bold** link](https://x.test/a?b=1&c=2)', '<a href="https://x.test/a?b=1&amp;c=2"><strong>Bold</strong> link</a> <span class="url">(https://x.test/a?b=1&amp;c=2)</span>'],
    ['[https://x.test/](https://x.test/)', '<a href="https://x.test/">https://x.test/</a>'],
    ['[mail](mailto:jobs@x.test)', '<a href="mailto:jobs@x.test">mail</a> <span class="url">(jobs@x.test)</span>'],
    // A link the link policy refuses prints its text only: no anchor, and no address to copy.
    ['[x](javascript:alert(1))', 'x'],
    ['[x](javascript&#58;alert(1)) [y](JAVASCRIPT&colon;x)', 'x y'],
    ['__strong__ and <a id="anchor"></a>layout <span>markup</span>', '<strong>strong</strong> and layout markup'],
    ['[a "q"](/p "Title")', '<a href="https://handbook.example.com/p">a &quot;q&quot;</a> <span class="url">(https://handbook.example.com/p)</span>'],
    ['<script>fetch("http://127.0.0.1:1/s")</script>', '&lt;script&gt;fetch(&quot;http://127.0.0.1:1/s&quot;)&lt;/script&gt;'],
  ])('%s', (markdown, html) => expect(printInlineHtml(markdown, base)).toBe(html));

  it('turns "- " lines inside a text into a nested list and other lines into breaks', () => {
    expect(printHtml('Lead:\n- one\n  - one.a\n- two\n\nafter', base)).toBe('Lead:<ul><li>one<ul><li>one.a</li></ul></li><li>two</li></ul>after');
    // CommonMark's lazy continuation, as the handbook page shows it: an unindented line continues the item.
    expect(printHtml('- two\nafter', base)).toBe('<ul><li>two<br>after</li></ul>');
    expect(printHtml('line one\nline two', base)).toBe('line one<br>line two');
  });

  it('resolves relative addresses against handbookUrl and keeps absolute ones', () => {
    expect(absoluteUrl('/a/b/', 'https://h.test')).toBe('https://h.test/a/b/');
    expect(absoluteUrl('#levels', 'https://h.test/')).toBe('https://h.test/#levels');
    expect(absoluteUrl('https://o.test/x', 'https://h.test')).toBe('https://o.test/x');
    expect(absoluteUrl('/a/', null)).toBe('/a/');
  });

  it('escapes every character of any data: no markup survives but the tags it writes', () => {
    const ours = /<\/?(strong|em|code|ul|li|br)>|<a href="[^"<>]*">|<\/a>|<span class="url">|<\/span>/g;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '[', ']', '(', ')', '*', '_', '`', '-', '\n', ' ', 'a', '/', ':', 'h') , maxLength: 60 }), (text) => {
        const rest = printHtml(text, base).replace(ours, '');
        expect(rest).not.toMatch(/[<>"']/);
        expect(rest).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
      }),
      { numRuns: 400 },
    );
  });
});

describe('pdfOutputPath', () => {
  it('is pdf/<family path without .yml>/<id>.pdf', () => {
    expect(pdfOutputPath('sales/sales-management.yml', 'federal')).toBe('pdf/sales/sales-management/federal.pdf');
    expect(pdfOutputPath('top.yaml', 'l1')).toBe('pdf/top/l1.pdf');
  });
});

describe('selectShard', () => {
  it('gives every job to exactly one shard, slices differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 12 }), (count, total) => {
        const jobs = Array.from({ length: count }, (_, i) => i);
        const slices = Array.from({ length: total }, (_, i) => selectShard(jobs, { index: i + 1, total }));
        expect(slices.flat().sort((a, b) => a - b)).toEqual(jobs);
        const sizes = slices.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
    expect(selectShard([1, 2, 3], null)).toEqual([1, 2, 3]);
  });
});

describe('planPdfs', () => {
  const job = (key: string, input: string) => ({ key, inputHash: input }) as PdfJob;
  const manifest = (entries: Manifest['entries']): Manifest => ({
    version: 1,
    shard: { index: 1, total: 1 },
    toolchain: { jobfam: '0', puppeteer: '0', pdfLib: '0', browser: 'x' },
    entries,
  });

  it('skips a PDF only when a manifest says its inputs gave exactly the file on disk', () => {
    const jobs = [job('a.pdf', 'in-a'), job('b.pdf', 'in-b2'), job('c.pdf', 'in-c'), job('d.pdf', 'in-d')];
    const manifests = [
      manifest({ 'a.pdf': { input: 'in-a', output: 'out-a' }, 'b.pdf': { input: 'in-b1', output: 'out-b' }, 'c.pdf': { input: 'in-c', output: 'out-c' } }),
      manifest({ 'd.pdf': { input: 'in-d', output: 'out-d' } }), // another shard's manifest counts too
    ];
    const onDisk = new Map([['a.pdf', 'out-a'], ['b.pdf', 'out-b'], ['c.pdf', 'edited'], ['d.pdf', 'out-d']]);
    const plan = planPdfs(jobs, jobs, manifests, onDisk, false);
    expect(plan.skip.map((s) => s.job.key)).toEqual(['a.pdf', 'd.pdf']);
    expect(plan.render.map((j) => j.key)).toEqual(['b.pdf', 'c.pdf']);
    expect(planPdfs(jobs, jobs, manifests, onDisk, true).render).toHaveLength(4);
  });

  it('removes only what no shard makes any more', () => {
    const all = [job('a.pdf', '1'), job('b.pdf', '2')];
    const mine = [all[0]!];
    const plan = planPdfs(mine, all, [manifest({ 'a.pdf': { input: '1', output: 'x' }, 'b.pdf': { input: '2', output: 'y' }, 'gone.pdf': { input: '3', output: 'z' } })], new Map(), false);
    expect(plan.remove).toEqual(['gone.pdf']);
  });

  it('removes from a shard what it made before and another shard makes now, unless that shard\'s manifest is beside it', () => {
    const shardManifest = (index: number, entries: Manifest['entries']): Manifest => ({ ...manifest(entries), shard: { index, total: 2 } });
    const mine = [job('a.pdf', '1')];
    const before = shardManifest(1, { 'a.pdf': { input: '1', output: 'x' }, 'moved.pdf': { input: '2', output: 'y' } });
    // Its own cache (CI): nothing else lists moved.pdf, so it goes.
    expect(leftShard(mine, [before], { index: 1, total: 2 })).toEqual(['moved.pdf']);
    // A folder shared with shard 2, which lists it: it stays.
    expect(leftShard(mine, [before, shardManifest(2, { 'moved.pdf': { input: '2', output: 'y' } })], { index: 1, total: 2 })).toEqual([]);
    // Another shard's manifest is never this shard's to prune.
    expect(leftShard(mine, [shardManifest(2, { 'other.pdf': { input: '3', output: 'z' } })], { index: 1, total: 2 })).toEqual([]);
  });
});

describe('buildPdfJobs', () => {
  async function jobs(edit?: (text: string) => string) {
    const input = await readFamilies([familiesDir], process.cwd());
    if (edit) input.families = input.families.map((f) => (f.relativePath === 'sales/sales-management.yml' ? { ...f, text: edit(f.text) } : f));
    const validation = validateFamilies(input);
    return buildPdfJobs({
      families: buildHandbook(validation).families,
      site: validation.config,
      stamps: new Map(),
      templates: createPdfTemplates(await readTemplates(templatesDir)),
      paper: 'A4',
      toolchain: { jobfam: '0.1.0', puppeteer: '24', pdfLib: '1.17.1', browser: 'Chromium 156.0.1.2 (headless-shell)' },
    });
  }

  it('changes the input hash of exactly the packets whose content changed', async () => {
    const before = await jobs();
    const after = await jobs((text) => text.replace('Hires top talent onto their team', 'Hires great people onto their team'));
    const changed = after.filter((j, i) => j.inputHash !== before[i]!.inputHash).map((j) => j.key);
    expect(changed).toEqual(['sales/sales-management/associate-area-sales-manager.pdf']);
    expect(before.map((j) => j.key)).toEqual(after.map((j) => j.key));
  });

  it('sets paper, metadata and a Producer naming the toolchain', async () => {
    const [job] = await jobs();
    expect(job!.pdfOptions).toMatchObject({ format: 'A4', tagged: true, displayHeaderFooter: true });
    expect(job!.metadata.producer).toBe('Skia/PDF m156 (Chromium 156.0.1.2) + pdf-lib 1.17.1');
    expect(job!.html).toContain('<html lang="en">');
    expect(String(job!.pdfOptions.footerTemplate)).toContain('<span class="pageNumber"></span> of <span class="totalPages"></span>');
  });
});

describe('resolveCommand pdf', () => {
  const defaults = { command: 'pdf', familiesDir: 'job-families', outDir: 'public', templatesDir: undefined, shard: null, force: false, concurrency: null, paper: null };
  it.each([
    [[], {}, defaults],
    [['--shard', '2/4', '--force', '--concurrency', '3', '--paper', 'letter'], {}, { ...defaults, shard: { index: 2, total: 4 }, force: true, concurrency: 3, paper: 'Letter' }],
    [[], { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '5' }, { ...defaults, shard: { index: 3, total: 5 } }],
    [['--shard', '1/2'], { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '5' }, { ...defaults, shard: { index: 1, total: 2 } }],
    [['--out', 'site', '--families', 'fam'], {}, { ...defaults, outDir: 'site', familiesDir: 'fam' }],
  ])('%j %j', (args, env, expected) => {
    expect(resolveCommand(['pdf', ...args], env)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [['--shard', '0/2'], {}, '--shard must be I/N'],
    [['--shard', '3/2'], {}, '--shard must be I/N'],
    [['--shard', 'two'], {}, '--shard must be I/N'],
    [[], { CI_NODE_INDEX: '2' }, 'CI_NODE_INDEX/CI_NODE_TOTAL must be I/N'],
    [['--concurrency', '0'], {}, '--concurrency must be a whole number from 1 to 16'],
    [['--concurrency', '2.5'], {}, '--concurrency must be a whole number'],
    [['--paper', 'A5'], {}, '--paper must be A4 or Letter, not "A5"'],
    [['--bogus'], {}, "Unknown option '--bogus'"],
  ])('%j %j is a usage error', (args, env, message) => {
    const resolved = resolveCommand(['pdf', ...args], env);
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.usage).toContain(message);
  });
});

describe('findBrowser', () => {
  const only = (...files: string[]) => (file: string) => files.includes(file);

  it('prefers the real binary of the asked-for build, falls back to the other', () => {
    expect(findBrowser('headless-shell', null, only('/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'))).toEqual({
      executablePath: '/usr/lib/chromium/chromium-headless-shell',
      mode: 'headless-shell',
      headless: 'shell',
    });
    expect(findBrowser('chromium', null, only('/usr/lib/chromium/chromium'))).toMatchObject({ executablePath: '/usr/lib/chromium/chromium', headless: true });
    expect(findBrowser('headless-shell', null, only('/usr/bin/chromium'))).toMatchObject({ executablePath: '/usr/bin/chromium', headless: true });
  });

  it('lets PUPPETEER_EXECUTABLE_PATH override', () => {
    expect(findBrowser('chromium', '/opt/chrome-headless-shell', only('/opt/chrome-headless-shell'))).toMatchObject({
      executablePath: '/opt/chrome-headless-shell',
      headless: 'shell',
    });
  });

  it('names the Debian package to install when there is no browser', () => {
    expect(() => findBrowser('headless-shell', null, only())).toThrow(/Install the Debian package chromium-headless-shell \(apt-get install chromium-headless-shell\)/);
    expect(() => findBrowser('chromium', null, only())).toThrow(/Install the Debian package chromium \(apt-get install chromium\)/);
  });
});

describe('lineProgress', () => {
  it('prints a line at every tenth and at the end', () => {
    const lines: string[] = [];
    const progress = lineProgress({ write: (text) => lines.push(text) });
    progress.start(25);
    for (let i = 0; i < 25; i++) progress.tick(`p${i}`);
    expect(lines.map((l) => l.replace(/, [\d.]+ PDFs\/s\n$/, ''))).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 25].map((n) => `pdf: ${n}/25 (${Math.round((100 * n) / 25)}%)`));
  });
});

it('sha256 names bytes', () => {
  expect(sha256('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

describe('createPdfTemplates', () => {
  it('names the template that does not render, instead of a stack trace', async () => {
    const sources = await readTemplates(templatesDir);
    const broken = createPdfTemplates({ ...sources, 'pdf/level.html.hbs': '<h1>{{titel}}</h1>' });
    expect(() => broken.page({} as never)).toThrow(/^templates\/pdf\/level\.html\.hbs does not render: "titel" not defined/);
    expect(() => createPdfTemplates({ ...sources, 'pdf/print.css': undefined as never })).toThrow('The PDF template pdf/print.css is missing');
  });
});
