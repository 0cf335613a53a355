// Finds and reads family files. A families directory is self-contained: family YAML files in any
// sub-folder, plus _grades.yml and _config.yml at its top. Files whose name starts with "_" are not families.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import type { FamiliesInput, SourceFile, Unreadable } from '../types.ts';
import { MAX_FILE_BYTES } from './input-limits.ts';
import { listTree } from '../list-tree.ts';

const isFamilyFile = (name: string) => /\.ya?ml$/.test(name) && !name.startsWith('_');

/** The directory at or above `start` that holds _grades.yml, if any. */
export function findFamiliesRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '_grades.yml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A file's text with the two names it goes by: as the user sees it, and inside the families root. */
export function sourceFile(file: string, root: string, cwd: string, text: string): SourceFile {
  return {
    path: path.relative(cwd, file) || file,
    relativePath: path.relative(root, file).split(path.sep).join('/'),
    text,
  };
}

/** Reads at most MAX_FILE_BYTES + 1 bytes, so a huge file costs no memory; parseYaml reports it. */
export async function readSource(file: string, root: string, cwd: string): Promise<SourceFile> {
  const { text, bytes, unreadable } = await readLimited(file);
  const source = sourceFile(file, root, cwd, text);
  return { ...source, ...(bytes > MAX_FILE_BYTES ? { bytes } : {}), ...(unreadable ? { unreadable } : {}) };
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Byte offset of the first byte that is not part of well-formed UTF-8 (a literal U+FFFD is well formed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Reads a regular file as UTF-8 text, at most MAX_FILE_BYTES + 1 bytes. Anything else (a folder, a
 * FIFO, a device) is not read: `unreadable` says what it is. Bytes that are not UTF-8 are reported at
 * their position; a literal U+FFFD in valid UTF-8 is just text.
 *
 * One synchronous call after another: a file is a few syscalls of microseconds each, and as awaited
 * calls they were five trips through the thread pool per file (a build after one change reads 300).
 * Only what stat calls a regular file is opened (opening a device can do something), with O_NONBLOCK,
 * and checked again with fstat: a FIFO swapped in between is neither waited on (the main thread would
 * block, signals unanswered) nor read.
 */
export async function readLimited(file: string): Promise<{ text: string; bytes: number; unreadable?: Unreadable }> {
  const found = statSync(file);
  if (!found.isFile()) return { text: '', bytes: 0, unreadable: { kind: 'not-regular', why: kindOf(found), offset: 0 } };
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { text: '', bytes: 0, unreadable: { kind: 'not-regular', why: kindOf(info), offset: 0 } };
    const size = info.size;
    const buffer = Buffer.alloc(Math.min(size, MAX_FILE_BYTES + 1));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    if (size > MAX_FILE_BYTES) return { text: '', bytes: size };
    const bytes = buffer.subarray(0, bytesRead);
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), bytes: bytesRead };
    } catch {
      const bad = firstInvalidUtf8(bytes);
      const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
      const offset = lenient.decode(bytes.subarray(0, bad)).length;
      return { text: lenient.decode(bytes), bytes: bytesRead, unreadable: { kind: 'invalid-utf8', why: 'it is not valid UTF-8', offset } };
    }
  } finally {
    closeSync(fd);
  }
}

async function listFamilyFiles(dir: string): Promise<string[]> {
  const skipped = (name: string) => name.startsWith('.') || name === 'node_modules';
  // Hidden folders and node_modules are not read at all.
  return listTree(dir, (folder) => !skipped(path.basename(folder)))
    .filter((e) => e.entry.isFile() && isFamilyFile(e.entry.name) && !e.relative.split('/').some(skipped))
    .map((e) => e.full)
    .sort();
}

/** What readFamilies finds before reading a family file: their paths, and the shared files read. */
export interface FamiliesListing extends Omit<FamiliesInput, 'families'> {
  /** Absolute paths of the family files, sorted, each once. */
  familyFiles: string[];
  rootDir: string;
}

/** Finds the families under `paths` (directories or files) and reads the shared files. Throws PipelineError for a path that does not exist. */
export async function listFamilies(paths: readonly string[], cwd: string): Promise<FamiliesListing> {
  const files: string[] = [];
  const directories: string[] = [];
  let openingsNamed = false;
  // The grade table is looked up from the first path's directory upwards.
  let start = cwd;
  for (const [i, p] of paths.entries()) {
    const full = path.resolve(cwd, p);
    const info = await stat(full).catch(() => null);
    if (!info) throw new PipelineError('path-missing', `${p} does not exist.`);
    if (info.isDirectory()) {
      directories.push(full);
      files.push(...(await listFamilyFiles(full)));
    } else if (path.basename(full) === '_openings.yml') openingsNamed = true;
    else files.push(full);
    if (i === 0) start = info.isDirectory() ? full : path.dirname(full);
  }
  const rootDir = findFamiliesRoot(start) ?? start;
  // Openings name families anywhere in the directory, so they are checked only against all of them:
  // when the whole directory is read, or when _openings.yml itself is named.
  const withOpenings = openingsNamed || directories.includes(rootDir);
  if (openingsNamed && !directories.includes(rootDir)) files.push(...(await listFamilyFiles(rootDir)));
  const optional = async (name: string) => {
    const file = path.join(rootDir, name);
    return existsSync(file) ? readSource(file, rootDir, cwd) : null;
  };
  return {
    root: path.relative(cwd, rootDir) || '.',
    rootDir,
    familyFiles: [...new Set(files)],
    grades: await optional('_grades.yml'),
    config: await optional('_config.yml'),
    openings: withOpenings ? await optional('_openings.yml') : null,
    compensation: await optional('_compensation.yml'),
  };
}

/** Family files read ahead of the checks in forEachFamilyFile. */
const READ_AHEAD = 4;

/**
 * Reads `familyFiles` in order and hands each to `each` as it arrives, a few reads ahead, so the disk
 * and the parser work at the same time and at most READ_AHEAD texts wait besides the one in hand: a
 * caller that keeps nothing of a text (validation keeping a compact or detached family) holds a few
 * texts, not all of them.
 */
export async function forEachFamilyFile(familyFiles: readonly string[], rootDir: string, cwd: string, each: (source: SourceFile) => void): Promise<void> {
  const read = (file: string) => {
    const reading = readSource(file, rootDir, cwd);
    reading.catch(() => {}); // handled when its turn comes; not an unhandled rejection before that
    return reading;
  };
  const pending = familyFiles.slice(0, READ_AHEAD).map(read);
  for (let i = 0; i < familyFiles.length; i++) {
    if (i + READ_AHEAD < familyFiles.length) pending.push(read(familyFiles[i + READ_AHEAD]!));
    each(await pending.shift()!);
  }
}

/** Reads the families under `paths` (directories or files). Throws PipelineError for a path that does not exist. */
export async function readFamilies(paths: readonly string[], cwd: string): Promise<FamiliesInput> {
  const { familyFiles, rootDir, ...shared } = await listFamilies(paths, cwd);
  // A few reads at a time, not all at once: 10,000 reads in flight held every file's buffer beside
  // its text (380 MB for 110 MB of text).
  const families: SourceFile[] = [];
  await forEachFamilyFile(familyFiles, rootDir, cwd, (source) => families.push(source));
  return { ...shared, families };
}
