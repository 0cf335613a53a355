// Real headless Chromium (Debian's) through puppeteer-core, one per test file.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export async function launchJobBoardBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`No Chromium found at ${CANDIDATES.join(' or ')}; set CHROME_PATH.`);
  return puppeteer.launch({
    executablePath,
    headless: true,
    // --no-sandbox: the CI image and this machine run as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'],
  });
}

/** Closes the browser, killing its process if it does not quit in time. */
export async function closeJobBoardBrowser(browser: Browser): Promise<void> {
  const child = browser.process();
  await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child && child.exitCode === null) child.kill('SIGKILL');
}
