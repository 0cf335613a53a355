// The whole-build cache: a build whose inputs (family files, grades, config, openings), templates,
// options, tool and browser are what the last build of the same stages read, and whose output is
// still exactly what that build published, re-renders nothing, starts no browser and writes nothing.
//
// The key is content: a sha256 over all of the above. "Exactly what was published" is checked with
// every output file's inode, size and mtime, recorded in OUT/jobfam-build.json when the build that
// made them committed: the staging tree is renamed into place, so these survive the swap, and any
// later write (a `jobfam pdf` run, a hand edit, a deleted file) changes at least one of them. The
// record keeps each file's sha256 too: an output copied back whole (a CI cache restored on another
// runner: new inodes, other mtimes) is recognised by its content instead of being built again.
//
// The record also keeps each family's own content key and the outputs it had (publish/family-reuse.ts),
// so a build after a change renders only the families whose key or outputs changed. A record of
// another version, or a damaged one, is no record: everything is built.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { StageResult } from '../stage.ts';
import type { Diagnostic } from '../types.ts';
import type { FamilyRecords, GitState } from './family-reuse.ts';
import { listTree, listTreeOrNothing } from '../list-tree.ts';

export const BUILD_RECORD = 'jobfam-build.json';

const RECORD_VERSION = 2;

export interface BuildRecord {
  version: typeof RECORD_VERSION;
  key: string;
  /** Every file under OUT but the record: relative path → "inode:size:mtimeMs". */
  files: Record<string, string>;
  /** The same files' sha256 (hex), by relative path (absent in records of before it was kept). */
  hashes?: Record<string, string>;
  /** What validation reported (warnings: a published build has no errors), replayed when nothing changed. */
  diagnostics: Diagnostic[];
  /** What the stages reported, replayed when nothing changed. */
  stages: StageResult[];
  /** Each family's content key and the outputs it had, by path inside the families folder. */
  families: FamilyRecords;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The cache key of a build: any change in `parts` (JSON) gives another key. */
export const buildKey = (parts: Record<string, unknown>) => `sha256:${sha256(JSON.stringify(parts))}`;

/** inode:size:mtime of every file under `dir` (but the record), by relative path, sorted. */
export async function outputStamps(dir: string): Promise<Record<string, string>> {
  const files = listTreeOrNothing(dir)
    .filter((e) => !e.entry.isDirectory() && e.relative !== BUILD_RECORD)
    .map((e) => e.relative)
    .sort();
  const stamps: Record<string, string> = {};
  // One lstat after another, synchronously: thousands of files, each a syscall of microseconds, are
  // ten times faster so than as thousands of promises through the thread pool.
  for (const name of files) {
    const info = lstatSync(path.join(dir, name), { throwIfNoEntry: false });
    if (info) stamps[name] = `${info.ino}:${info.size}:${info.mtimeMs}`;
  }
  return stamps;
}

/** A record without its families' part: all a build with nothing to do reads (readBuildRecordHead). */
export type BuildRecordHead = Omit<BuildRecord, 'families'>;

/** Whether a file (relative path) is one `record` lists with the stamp it has in `now`: exactly what that build published. */
export function unchangedIn(record: Pick<BuildRecord, 'files'> | null, now: Readonly<Record<string, string>>): (relative: string) => boolean {
  return (relative) => record !== null && record.files[relative] !== undefined && record.files[relative] === now[relative];
}

const sizeOf = (stamp: string) => stamp.split(':')[1];
const fileHash = (file: string) => {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
};

/**
 * `now` (outputStamps of `dir`) with every file whose stamp is not the record's, but whose size and
 * sha256 are, given the record's stamp: the same bytes under another inode and mtime (an output
 * restored from a CI cache, or copied), which the last build's checks may then trust as its own.
 * Only those files are read.
 */
export function recognisedStamps(dir: string, record: BuildRecordHead, now: Readonly<Record<string, string>>): Record<string, string> {
  const recognised = { ...now };
  const hashes = record.hashes ?? {};
  for (const [name, stamp] of Object.entries(now)) {
    const recorded = record.files[name];
    if (recorded === undefined || recorded === stamp || hashes[name] === undefined || sizeOf(recorded) !== sizeOf(stamp)) continue;
    if (fileHash(path.join(dir, name)) === hashes[name]) recognised[name] = recorded;
  }
  return recognised;
}

/**
 * What writeBuildRecord may take from the last record instead of reading files: the hashes of the
 * files that were the last build's when this one started (`stamps` as found, `now` as recognised).
 */
export function keptHashes(last: BuildRecord | null, stamps: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>) {
  const hashes: Record<string, string> = {};
  for (const name of Object.keys(stamps)) {
    const hash = last?.hashes?.[name];
    if (hash !== undefined && now[name] === last!.files[name]) hashes[name] = hash;
  }
  return { stamps, hashes };
}

/**
 * Which files under `dir` are still exactly what the last build published: their inode, size and
 * mtime are those its record lists. (The staging tree hard-links the previous output, record included.)
 */
export async function unchangedSinceLastBuild(dir: string): Promise<(relative: string) => boolean> {
  const record = await readBuildRecordHead(dir);
  return unchangedIn(record, record ? await outputStamps(dir) : {});
}

const plain = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
const soundHead = (record: BuildRecordHead) =>
  plain(record) && record.version === RECORD_VERSION && typeof record.key === 'string' && plain(record.files) && Array.isArray(record.stages) && Array.isArray(record.diagnostics);

/** The last build's record in `outDir`; null when there is none, or one of another version, or a damaged one. */
export async function readBuildRecord(outDir: string): Promise<BuildRecord | null> {
  try {
    const record = JSON.parse(await readFile(path.join(outDir, BUILD_RECORD), 'utf8')) as BuildRecord;
    return soundHead(record) && plain(record.families) ? record : null;
  } catch {
    return null; // no record, or a damaged one: build
  }
}

/**
 * The last build's record without its families' part, read alone: writeBuildRecord ends the head's
 * fields with a newline, the first in the file (JSON.stringify writes none), so the head is the first
 * line. At 10,000 families the families' part is 113 MB of JSON and the head 3 MB: a build with
 * nothing to do reads and parses only the head. A record without that newline (written before it) is
 * read whole. Null as readBuildRecord; a damaged families' part is found when it is read.
 */
export async function readBuildRecordHead(outDir: string): Promise<BuildRecordHead | null> {
  let file;
  try {
    file = await open(path.join(outDir, BUILD_RECORD), 'r');
    const chunks: Buffer[] = [];
    for (;;) {
      const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(1 << 20) });
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      const newline = chunk.indexOf(0x0a);
      chunks.push(newline < 0 ? chunk : chunk.subarray(0, newline));
      if (newline >= 0) break;
    }
    const line = Buffer.concat(chunks).toString('utf8');
    const { families: _families, ...head } = JSON.parse(line.endsWith(',') ? `${line.slice(0, -1)}}` : line) as BuildRecord;
    return soundHead(head) ? head : null;
  } catch {
    return null; // no record, or a damaged one: build
  } finally {
    await file?.close();
  }
}

/** Whether OUT is still exactly what `record`'s build published (`now`: the stamps of every file under OUT). */
export function sameOutput(record: BuildRecordHead, now: Readonly<Record<string, string>>): boolean {
  const names = Object.keys(now);
  return names.length === Object.keys(record.files).length && names.every((name) => record.files[name] === now[name]);
}

/** Records the build in its staging tree, just before the swap (a new file: the tree's old record is a hard link to the live one). */
export async function writeBuildRecord(
  stagingDir: string,
  key: string,
  diagnostics: readonly Diagnostic[],
  stages: readonly StageResult[],
  families: (files: Readonly<Record<string, string>>) => FamilyRecords,
  /** What is known of the files the build kept: the last record's hashes, by the stamps of the files they describe. */
  known: { stamps: Readonly<Record<string, string>>; hashes: Readonly<Record<string, string>> } = { stamps: {}, hashes: {} },
): Promise<void> {
  const target = path.join(stagingDir, BUILD_RECORD);
  await rm(target, { force: true });
  const files = await outputStamps(stagingDir);
  // A kept file (hard-linked: the stamp it had when the build started) keeps its hash; only what this build wrote is read.
  const hashes: Record<string, string> = {};
  for (const [name, stamp] of Object.entries(files)) {
    const hash = (known.stamps[name] === stamp ? known.hashes[name] : undefined) ?? fileHash(path.join(stagingDir, name));
    if (hash) hashes[name] = hash;
  }
  const head: Omit<BuildRecord, 'families'> = { version: RECORD_VERSION, key, files, hashes, diagnostics: [...diagnostics], stages: [...stages] };
  const temp = `${target}.tmp-${process.pid}`;
  // The families' part holds every family's checked data (megabytes at thousands of families): it is
  // written family by family, in chunks, never as one string.
  const out = await open(temp, 'w');
  try {
    // A newline ends the head's fields: the first line is all readBuildRecordHead reads.
    let chunk = `${JSON.stringify(head).slice(0, -1)},\n"families":{`;
    let first = true;
    for (const [name, record] of Object.entries(families(files))) {
      chunk += `${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(record)}`;
      first = false;
      if (chunk.length > 1 << 20) {
        await out.write(chunk);
        chunk = '';
      }
    }
    await out.write(`${chunk}}}\n`);
  } finally {
    await out.close();
  }
  await rename(temp, target);
}

/** Every file under `dir` with its content hash: the templates and print design a build reads. */
export async function directoryDigest(dir: string): Promise<string> {
  const files = listTreeOrNothing(dir)
    .filter((e) => e.entry.isFile())
    .map((e) => e.full)
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${path.relative(dir, file)}\0`).update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

/** The tool itself: name, size and mtime of every file of the code this module is part of, two folders up
 *  (scripts/lib or dist/lib; dist/ for the bundle in dist/bin): a rebuilt jobfam is another tool. Read
 *  once per process (the code running cannot change under it). */
export function toolDigest(lib = path.dirname(path.dirname(fileURLToPath(import.meta.url)))): Promise<string> {
  let digest = toolDigests.get(lib);
  if (digest === undefined) toolDigests.set(lib, (digest = readToolDigest(lib)));
  return digest;
}
const toolDigests = new Map<string, Promise<string>>();

/** toolDigest's reading, every time: one stat after another (a few hundred awaited stats were 8 ms of
 *  waiting in every build, more than a refused build's checks). */
export async function readToolDigest(lib: string): Promise<string> {
  const parts: string[] = [];
  // Hidden files are not the tool: tsc's build info (dist/.typecheck.tsbuildinfo) changes whenever the
  // tests are typechecked, and made the next build render everything again.
  const files = listTree(lib)
    .filter((e) => e.entry.isFile() && !e.entry.name.startsWith('.'))
    .map((e) => e.full)
    .sort((a, b) => a.localeCompare(b));
  for (const file of files) {
    const info = statSync(file, { throwIfNoEntry: false });
    if (info) parts.push(`${path.relative(lib, file)}:${info.size}:${info.mtimeMs}`);
  }
  return sha256(parts.join('\n'));
}

/** An executable's identity without starting it: path, size, mtime (a Chromium upgrade changes them). */
export async function executableDigest(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  return info ? `${file}:${info.size}:${info.mtimeMs}` : `${file}:missing`;
}

/** What the PDFs' source stamps read of git: the last commit that touched `dir`, and its files' status lines (porcelain). */
export async function gitState(dir: string): Promise<GitState> {
  const git = (args: string[]) =>
    promisify(execFile)('git', args, { cwd: dir }).then(
      (r) => r.stdout.trim(),
      () => 'not a git work tree',
    );
  const [commit, status] = await Promise.all([git(['log', '-1', '--format=%H', '--', '.']), git(['status', '--porcelain', '--', '.'])]);
  return { commit, status: status === '' ? [] : status.split('\n') };
}
