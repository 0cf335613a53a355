// Which Chromium prints the PDFs: PUPPETEER_EXECUTABLE_PATH, else a Debian build. No browser driver
// is loaded here, so the build cache (publish/build-cache.ts) can name the browser in its key cheaply.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import type { BrowserMode } from '../types.ts';

export interface BrowserChoice {
  executablePath: string;
  /** The mode that was asked for; `headless` is what the executable needs. */
  mode: BrowserMode;
  headless: true | 'shell';
}

// The real binaries first: /usr/bin/chromium* are shell wrappers, and a wrapper's pid is not Chromium's.
const CANDIDATES: Record<BrowserMode, string[]> = {
  'headless-shell': [
    '/usr/lib/chromium/chromium-headless-shell',
    '/usr/lib/chromium-headless-shell/chromium-headless-shell',
    '/usr/bin/chromium-headless-shell',
  ],
  chromium: ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'],
};

const DEBIAN_PACKAGE: Record<BrowserMode, string> = { 'headless-shell': 'chromium-headless-shell', chromium: 'chromium' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    // A folder passes the X_OK check; spawning it fails with EACCES in an unhandled 'error' event.
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const headlessOf = (executable: string): true | 'shell' => (/headless[-_]shell/i.test(path.basename(executable)) ? 'shell' : true);

/**
 * PUPPETEER_EXECUTABLE_PATH when set, else the asked-for Debian build, else the other one.
 * Throws a PipelineError naming the Debian package to install when there is none.
 */
export function findBrowser(
  mode: BrowserMode,
  /** PUPPETEER_EXECUTABLE_PATH, as config.ts read it. */
  override: string | null,
  exists: (file: string) => boolean = isExecutable,
): BrowserChoice {
  if (override) {
    if (!exists(override)) {
      throw new PipelineError('browser-missing', `PUPPETEER_EXECUTABLE_PATH is ${override}, which is not an executable file. Point it at Chromium, or unset it to use Debian's ${DEBIAN_PACKAGE[mode]}.`);
    }
    return { executablePath: override, mode, headless: headlessOf(override) };
  }
  const other: BrowserMode = mode === 'chromium' ? 'headless-shell' : 'chromium';
  const found = CANDIDATES[mode].find((f) => exists(f)) ?? CANDIDATES[other].find((f) => exists(f));
  if (!found) {
    throw new PipelineError(
      'browser-missing',
      `No Chromium found to print PDFs (looked for ${CANDIDATES[mode].join(', ')}). Install the Debian package ${DEBIAN_PACKAGE[mode]} (apt-get install ${DEBIAN_PACKAGE[mode]}), or set PUPPETEER_EXECUTABLE_PATH.`,
    );
  }
  return { executablePath: found, mode, headless: headlessOf(found) };
}
