// The browser edge of the PDF stage: find Debian's Chromium, launch it once, print HTML on a pool of
// reused pages (JavaScript off, every non-data: request aborted), relaunch after a crash and retry
// a document once, and always kill the whole process group at the end.
import path from 'node:path';
import { runCommand } from '../run-command.ts';
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer-core';
import { PipelineError } from '../errors.ts';

// Finding the executable needs no browser driver: its own module, so the build cache can ask cheaply.
export { findBrowser, type BrowserChoice } from './find-browser.ts';
import type { BrowserChoice } from './find-browser.ts';

/** "Chromium 156.0.8078.114 (headless-shell)": part of every PDF's input hash and of its Producer. */
export async function browserVersion(choice: BrowserChoice): Promise<string> {
  const { stdout } = await runCommand(choice.executablePath, ['--version'], { timeout: 15_000 });
  const version = stdout.trim() || path.basename(choice.executablePath);
  return `${version} (${choice.headless === 'shell' ? 'headless-shell' : 'new headless'})`;
}

// pdf.md §1: no sandbox as root in containers, /dev/shm is tiny in Docker, no GPU, no background traffic.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--font-render-hinting=none',
];

export async function launchBrowser(choice: BrowserChoice): Promise<Browser> {
  try {
    return await puppeteer.launch({
      executablePath: choice.executablePath,
      headless: choice.headless,
      args: LAUNCH_ARGS,
      // A pipe, not a port: nothing listens, and Chromium exits when this process goes away.
      pipe: true,
      // Signals are handled by the run (it must remove temp files and report); puppeteer's own
      // SIGINT handler would call process.exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 30_000,
      protocolTimeout: 60_000,
    });
  } catch (error) {
    throw new PipelineError('browser-launch', `Chromium (${choice.executablePath}) did not start: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

/**
 * A Chromium started before the stage that prints on it asks for one (`jobfam build` knows earlier
 * that something will print, and the launch then overlaps the work in between). `take` hands it over
 * once, and the taker closes it; `close` closes it when nobody took it.
 */
export interface LaunchedAhead {
  take(): Promise<Browser> | null;
  close(): Promise<void>;
}

/** Pages a browser launched ahead made ready to print (guarded) before printAll asked: its first workers take them. */
const readyPages = new WeakMap<Browser, Promise<Page>[]>();

/** Launches Chromium now and readies `pages` pages on it: the blank tab it opens at launch, then new ones. */
export function launchAhead(choice: BrowserChoice, pages: number): LaunchedAhead {
  let launched: Promise<Browser> | null = launchBrowser(choice).then(async (browser) => {
    const tab = browser.pages().then((open) => preparePage(browser, open[0]));
    const ready = [tab, ...Array.from({ length: pages - 1 }, () => preparePage(browser))];
    // Handed over once the pages are ready (a page that failed is made again by the worker that takes it).
    await Promise.allSettled(ready);
    readyPages.set(browser, ready);
    return browser;
  });
  launched.catch(() => undefined); // a failed launch is reported where the taker awaits it
  const take = () => {
    const browser = launched;
    launched = null;
    return browser;
  };
  return { take, close: async () => void (await take()?.then((browser) => closeBrowser(browser), () => undefined)) };
}

/** Kills the browser's whole process group: the main process, zygotes and renderers. */
function killProcessGroup(browser: Browser): void {
  const pid = browser.process()?.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL'); // puppeteer launches Chromium detached, as a group leader
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Kills the whole process group, then waits (at most `timeoutMs`) for puppeteer to see the browser
 * gone and remove its temporary profile. Nothing in that profile is worth Chromium's graceful
 * shutdown, which takes about 50 ms after every print run; killing also leaves no zombies.
 */
export async function closeBrowser(browser: Browser, timeoutMs = 10_000): Promise<void> {
  killProcessGroup(browser);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A page that runs no script and loads nothing but data: URLs: `blank` (an unused tab) or a new one. */
export async function preparePage(browser: Browser, blank?: Page): Promise<Page> {
  const page = blank ?? (await browser.newPage());
  await page.setJavaScriptEnabled(false); // takes effect on the next navigation: before any content
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().startsWith('data:')) void request.continue().catch(() => undefined);
    else void request.abort('blockedbyclient').catch(() => undefined);
  });
  return page;
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** `setContent` (waits for `load`, never network idle) then `pdf`, within one budget. */
export async function printPage(page: Page, html: string, options: Record<string, unknown>, timeoutMs: number): Promise<Uint8Array> {
  const work = (async () => {
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    return page.pdf({ ...(options as PDFOptions), timeout: timeoutMs });
  })();
  work.catch(() => undefined); // the deadline may win; the loser's rejection is expected
  // The whole budget, also when CDP itself stops answering (puppeteer's timeouts cover each step).
  return withDeadline(work, timeoutMs, 'printing');
}

export interface PrintTask {
  html: string;
  pdfOptions: Record<string, unknown>;
}

export interface PrintPoolOptions<T extends PrintTask> {
  launch: () => Promise<Browser>;
  concurrency: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Called with each printed document; errors it throws count as that document failing. */
  onPrinted: (task: T, bytes: Uint8Array) => Promise<void>;
  onFailed: (task: T, reason: string) => void;
}

export interface PrintPoolResult {
  printed: number;
  failed: number;
  /** Times Chromium died and was started again. */
  relaunches: number;
  /** Tasks never attempted because the run was aborted. */
  notStarted: number;
}

/**
 * Prints every task on `concurrency` reused pages of one browser. When a document fails, its page
 * is replaced (and the browser relaunched if it died) and the document retried once; a second
 * failure is reported through onFailed. The browser is closed and its process group killed at the end.
 */
export async function printAll<T extends PrintTask>(tasks: readonly T[], options: PrintPoolOptions<T>): Promise<PrintPoolResult> {
  const queue = [...tasks];
  const result: PrintPoolResult = { printed: 0, failed: 0, relaunches: 0, notStarted: 0 };
  if (queue.length === 0) return result;
  let browser = await options.launch();
  // Pages readied at launch (launchAhead) go to the first workers as they are.
  const ready = readyPages.get(browser) ?? [];
  readyPages.delete(browser);
  const first = browser;
  const takeReady = async (from: Browser): Promise<Page | null> => (from === first ? ((await ready.shift()?.catch(() => null)) ?? null) : null);
  // Else the blank tab Chromium opens at launch: the first page to print on, instead of opening another
  // (which takes about as long as printing a packet). One worker takes it; after a relaunch, nobody.
  let launchTab: { of: Browser; tab: Promise<Page | undefined> } | null =
    ready.length > 0
      ? null
      : {
          of: browser,
          tab: browser.pages().then(
            (pages) => pages[0],
            () => undefined,
          ),
        };
  const takeLaunchTab = async (from: Browser): Promise<Page | undefined> => {
    const taken = launchTab?.of === from ? launchTab.tab : undefined;
    launchTab = null;
    return taken;
  };
  let relaunching: Promise<Browser> | null = null;
  const aborted = () => options.signal?.aborted === true;
  // Abort kills Chromium at once, so in-flight prints fail fast instead of finishing.
  const onAbort = () => killProcessGroup(browser);
  options.signal?.addEventListener('abort', onAbort);

  const alive = async (): Promise<Browser> => {
    if (browser.connected) return browser;
    relaunching ??= (async () => {
      killProcessGroup(browser); // what is left of the crashed one
      result.relaunches++;
      browser = await options.launch();
      return browser;
    })().finally(() => (relaunching = null));
    return relaunching;
  };

  // A stopped run kills Chromium: its pages are not closed one by one. And puppeteer's page.close()
  // waits for the target's end, which a browser killed meanwhile never reports (a signal at the last
  // packet waited out the whole deadline, 5 s): it ends when the browser disconnects too.
  const discard = async (page: Page | null): Promise<void> => {
    if (!page || !browser.connected || aborted()) return;
    const from = browser;
    let onGone = () => {};
    const gone = new Promise<void>((resolve) => from.on('disconnected', (onGone = resolve)));
    await withDeadline(Promise.race([page.close(), gone]), 5_000, 'closing a page')
      .catch(() => undefined)
      .finally(() => from.off('disconnected', onGone));
  };

  const worker = async () => {
    let page: Page | null = null;
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      if (aborted()) {
        result.notStarted += 1 + queue.length;
        queue.length = 0;
        break;
      }
      let bytes: Uint8Array | null = null;
      let reason = '';
      for (let attempt = 1; attempt <= 2 && bytes === null && !aborted(); attempt++) {
        try {
          if (!page) {
            const live = await alive();
            page = (await takeReady(live)) ?? (await preparePage(live, await takeLaunchTab(live)));
          }
          bytes = await printPage(page, task.html, task.pdfOptions, options.timeoutMs);
        } catch (error) {
          reason = browser.connected ? (error as Error).message.split('\n')[0]! : 'Chromium stopped while printing';
          await discard(page);
          page = null;
        }
      }
      if (bytes === null) {
        if (aborted()) {
          result.notStarted++;
          continue;
        }
        result.failed++;
        options.onFailed(task, `${reason} (tried twice)`);
        continue;
      }
      try {
        await options.onPrinted(task, bytes);
        result.printed++;
      } catch (error) {
        result.failed++;
        options.onFailed(task, (error as Error).message);
      }
    }
    await discard(page);
  };

  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await (relaunching as Promise<Browser> | null)?.catch(() => undefined);
    await closeBrowser(browser);
  }
  return result;
}
