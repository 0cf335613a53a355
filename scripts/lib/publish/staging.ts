// Atomic publishing of an output folder. Every stage of a run writes into ONE staging tree beside the
// output (`public.jobfam-staging-<pid>` next to `public/`, never inside it, so GitLab Pages cannot
// publish it); the tree starts as a hard-linked copy of the previous output, so unchanged files (PDFs
// above all) are reused without copying a byte. Only when every stage succeeded is the tree swapped
// in; a failed, interrupted or killed run leaves the previous output exactly as it was, and the next
// run removes what a killed one left behind before it starts.
//
// Hard links share their bytes with the live output, so nothing may write INTO an existing file of
// the tree: writers create new files (writeOutputs removes the folders it owns first; PDFs and
// manifests are written to a temp file and renamed). Removing a file of the tree only unlinks it.
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmdirSync, rmSync, unlinkSync, type Dirent } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';

const STAGING = '.jobfam-staging-';
const OLD = '.jobfam-old-';
/** Hidden folders an older jobfam staged inside the output, e.g. `.handbook.staging-123-456`, `.handbook.old-…`. */
const LEGACY_INSIDE = /^\..+\.(staging|old)-\d+-\d+$/;

export interface StagedOutput {
  /** The output folder as given (absolute): where the result appears when the run succeeds. */
  readonly outDir: string;
  /** The staging tree to write into (absolute); holds the previous output's files, hard-linked. */
  readonly dir: string;
  /** Swaps the staging tree in as the output. */
  commit(): Promise<void>;
  /** Removes the staging tree; the output stays as it was. Safe to call after commit. */
  discard(): Promise<void>;
}

/** Whether `pid` still runs (a leftover of a live run must not be removed). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ownerPid = (name: string, prefix: string) => {
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`).exec(name);
  return m ? Number(m[1]) : null;
};

/**
 * Removes leftovers of killed runs for `outDir`: staging trees beside it whose process is gone, an
 * old output left between the two renames of a swap (put back when the output itself is missing), and
 * hidden staging folders an older version left inside the output.
 */
export async function removeLeftovers(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const siblings = await readdir(parent).catch(() => [] as string[]);
  const outExists = await lstat(outDir).then(() => true, () => false);
  let restored = outExists;
  for (const name of siblings.sort()) {
    if (!name.startsWith(base)) continue;
    const staging = ownerPid(name, `${base}${STAGING}`);
    const old = ownerPid(name, `${base}${OLD}`);
    const pid = staging ?? old;
    if (pid === null || processAlive(pid)) continue;
    const full = path.join(parent, name);
    // Killed between "output → old" and "staging → output": the old output is the last complete one.
    if (old !== null && !restored) {
      await rename(full, outDir);
      restored = true;
      continue;
    }
    await rm(full, { recursive: true, force: true });
  }
  const inside = await readdir(outDir).catch(() => [] as string[]);
  for (const name of inside) if (LEGACY_INSIDE.test(name)) await rm(path.join(outDir, name), { recursive: true, force: true });
}

/**
 * Mirrors `from` into `to` with hard links (a copy where the filesystem refuses links). Synchronous
 * calls, one after another: thousands of links of microseconds each take a tenth of the time they
 * take as promises through the thread pool, and nothing else runs meanwhile.
 */
function linkTree(from: string, to: string): void {
  // Not recursive: a recursive mkdir reports a read-only filesystem as ENOENT.
  mkdirSync(to);
  let entries: Dirent[];
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (LEGACY_INSIDE.test(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isFile()) {
      try {
        linkSync(source, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
        copyFileSync(source, target);
      }
    }
    // Symlinks, sockets, FIFOs: nothing jobfam writes; not carried over.
  }
}

/**
 * Removes a tree jobfam made (folders and files only), synchronously: each entry is unlinked or
 * removed as what readdir says it is (fs.rm tries rmdir on every file first).
 */
function removeTree(dir: string): void {
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) removeTree(full);
      else unlinkSync(full);
    }
    rmdirSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true }); // anything unexpected: the general way
  }
}

/**
 * Opens a staging tree for `outDir` (after removing leftovers of killed runs). `outDir` must be a
 * folder or not exist (a usage error otherwise); the caller maps filesystem errors to messages.
 */
export async function openStaging(outDir: string): Promise<StagedOutput> {
  const target = path.resolve(outDir);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing && !existing.isDirectory()) {
    throw new PipelineError('out-not-a-folder', `The output folder ${outDir} is a file. Give --out a folder (it is created when missing), or move the file away.`);
  }
  await mkdir(path.dirname(target), { recursive: true });
  await removeLeftovers(target);
  const dir = `${target}${STAGING}${process.pid}`;
  await rm(dir, { recursive: true, force: true });
  try {
    linkTree(target, dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let done = false;
  return {
    outDir: target,
    dir,
    async commit() {
      if (done) return;
      const old = `${target}${OLD}${process.pid}`;
      const had = await rename(target, old).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      try {
        await rename(dir, target);
      } catch (error) {
        if (had) await rename(old, target);
        throw error;
      }
      done = true;
      // Synchronously, for the reason linkTree gives; the new output is in place already.
      if (had) removeTree(old);
    },
    async discard() {
      if (done) return;
      done = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` against a staging tree of `outDir` and swaps it in when `work` says so; otherwise (or
 * when it throws) the output is untouched and the tree removed.
 */
export async function publishAtomically<T>(outDir: string, work: (staged: StagedOutput) => Promise<{ result: T; commit: boolean }>): Promise<T> {
  const staged = await openStaging(outDir);
  try {
    const { result, commit } = await work(staged);
    if (commit) await staged.commit();
    return result;
  } finally {
    await staged.discard();
  }
}
