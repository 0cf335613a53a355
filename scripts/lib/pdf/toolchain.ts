// The versions that change a PDF's bytes without changing its inputs: read when a run starts (never
// at module load), so importing the PDF stage reads no file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PACKAGE_JSON } from '../config.ts';
import type { Toolchain } from './build-packets.ts';

async function packageVersion(name: string): Promise<string> {
  // createRequire rather than import.meta.resolve: the latter is missing where tests run the sources (vitest).
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

async function jobfamVersion(): Promise<string> {
  return (JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

/** jobfam's, puppeteer-core's and pdf-lib's versions, with the browser's as `chromium --version` gave it. */
export async function readToolchain(browser: string): Promise<Toolchain> {
  const [jobfam, puppeteer, pdfLib] = await Promise.all([jobfamVersion(), packageVersion('puppeteer-core'), packageVersion('pdf-lib')]);
  return { jobfam, puppeteer, pdfLib, browser };
}
