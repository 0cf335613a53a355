// Helpers for the PDF tests: run the real CLI, read PDFs the way a reader would (unpdf text,
// poppler's pdfinfo), find the Chromium processes a run started.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { extractText } from 'unpdf';
import { familiesDir, repoRoot } from './paths.ts';
import { testdir } from './testdir.ts';

/** The real CLI in its own process, dates pinned (SOURCE_DATE_EPOCH 2025-12-01) unless `env` says otherwise. */
export const jobfamPdf = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execa('node', [path.join(repoRoot, 'scripts/jobfam.mjs'), ...args], { cwd, reject: false, env: { SOURCE_DATE_EPOCH: '1764547200', ...env } });

/** A temp dir holding a copy of the bundled families under job-families/, removed after the test. */
export async function bundledFamiliesCopy(): Promise<string> {
  const dir = await testdir();
  await cp(familiesDir, path.join(dir, 'job-families'), { recursive: true });
  return dir;
}

/** The same for a whole describe block: call in beforeAll and return `remove` from it. */
export async function bundledFamiliesSuiteCopy(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobfam-pdf-suite-'));
  await cp(familiesDir, path.join(dir, 'job-families'), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Extracted text, NFKC-normalised with runs of white space made one space (pdf.md §9). */
export async function pdfText(file: string): Promise<{ pages: number; text: string; raw: string }> {
  const { totalPages, text } = await extractText(new Uint8Array(await readFile(file)), { mergePages: true });
  return { pages: totalPages, raw: text, text: text.normalize('NFKC').replace(/\s+/g, ' ') };
}

/** `pdfinfo` fields as a map ("Title" → "…", "Tagged" → "yes"). */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await execa('pdfinfo', [file]);
  return Object.fromEntries(stdout.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Pids of live processes whose environment carries `marker` (KEY=value): a run's node and Chromium processes. */
export function processesWithEnv(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      const state = /^\d+ \(.*\) (\w)/.exec(readFileSync(`/proc/${name}/stat`, 'latin1'))?.[1];
      if (state !== 'Z' && environ.split('\0').includes(marker)) pids.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** Pids of the Chromium main process(es) whose parent is `parent`. */
export function chromiumChildren(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const m = /^\d+ \((.*)\) \w (\d+)/.exec(stat);
      if (m && Number(m[2]) === parent && /chrom|headless/i.test(m[1]!)) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * What a reader sees of a markdown item: its pieces of text without link addresses or emphasis
 * markers. Links print as "text (address)", so the pieces around an address are checked separately.
 */
export function visibleFragments(markdown: string): string[] {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1\u0001')
    .replace(/\*\*|__|`/g, '')
    .split('\u0001')
    .map((s) => s.normalize('NFKC').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** A local HTTP server that answers `body` and records every request: it must stay silent while a PDF prints. */
export async function startTripwireServer(body: string): Promise<{ origin: string; port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
