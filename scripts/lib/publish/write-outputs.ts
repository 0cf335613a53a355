// Writes rendered outputs into a staging tree: each top-level output folder (e.g. handbook/) is
// replaced as a whole, so stale files from an earlier run disappear. A data-derived path that would
// land outside the output folder is refused before anything is written.
import { rmdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import type { Output } from '../types.ts';
import { listTree, listTreeOrNothing } from '../list-tree.ts';

export function safeOutputPath(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  const inside = path.relative(path.resolve(outDir), target);
  if (relative === '' || path.isAbsolute(relative) || inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new PipelineError('output-path-escape', `Refusing to write ${JSON.stringify(relative)}: it resolves outside ${outDir}.`);
  }
  return target;
}

/** Files being written at once by an OutputWriter: enough to keep the disk busy while the next page renders. */
export const WRITES_IN_FLIGHT = 16;

/**
 * Writes a stage's outputs as they are rendered, so a stage holds a few pages at a time, not all of
 * them. Opening it replaces the folders in `owns` (and the files in `ownsFiles`) as a whole: they are
 * removed first, so a last removed family disappears too, except the files named in `keep` (paths
 * relative to OUT: the outputs of families the build reuses, family-reuse.ts). Every output must land
 * in an owned folder, and each path may be written once and not over a kept file.
 */
export interface OutputWriter {
  /** Starts writing `output`; resolves when the next may start (at most `inFlight` files are written at once). */
  write(output: Output): Promise<void>;
  /** Waits for every write; the folders and top-level files written, as absolute paths. Rejects with the first failure. */
  close(): Promise<string[]>;
}

/**
 * Opens an OutputWriter on `outDir`, a staging tree (publish/staging.ts): atomicity comes from
 * swapping the whole tree in, so a failure halfway publishes nothing. Here every file is created anew,
 * never written into: the tree's files are hard links shared with the live output, and writing into
 * one would change the published copy too (the owned folders are removed before anything is written).
 */
export async function openOutputWriter(
  outDir: string,
  owns: readonly string[],
  ownsFiles: readonly string[] = [],
  options: { inFlight?: number; keep?: ReadonlySet<string> } = {},
): Promise<OutputWriter> {
  const limit = Math.max(1, options.inFlight ?? WRITES_IN_FLIGHT);
  const keep = options.keep ?? new Set<string>();
  await mkdir(outDir, { recursive: true });
  for (const name of [...owns, ...ownsFiles]) await removeAllBut(outDir, name, keep);
  const written = new Set<string>();
  const folders = new Map<string, Promise<unknown>>();
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const ensureFolder = (folder: string) => {
    let made = folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true });
      folders.set(folder, made);
    }
    return made;
  };
  const check = () => {
    if (failure) throw failure.error;
  };
  return {
    async write(output) {
      check();
      const target = safeOutputPath(outDir, output.path);
      const [folder, ...rest] = output.path.split('/');
      const owned = rest.length === 0 ? ownsFiles.includes(output.path) : owns.includes(folder!);
      if (!owned) throw new PipelineError('output-path-escape', `Output ${output.path} is outside the folders this stage replaces (${[...owns, ...ownsFiles].join(', ')}).`);
      if (written.has(output.path)) throw new PipelineError('output-path-claimed', `Output ${output.path} was written twice in one build.`);
      // A kept file is a hard link to the published copy: writing it would change the live output.
      if (keep.has(output.path)) throw new PipelineError('output-path-claimed', `Output ${output.path} is kept from the last build; it may not be written again.`);
      written.add(output.path);
      const task = (async () => {
        await ensureFolder(path.dirname(target));
        await writeFile(target, output.content);
      })().then(
        () => {
          running.delete(task);
        },
        (error: unknown) => {
          running.delete(task);
          failure ??= { error };
        },
      );
      running.add(task);
      while (running.size >= limit) await Promise.race(running);
      check();
    },
    async close() {
      while (running.size > 0) await Promise.race(running);
      check();
      for (const folder of owns) await ensureFolder(path.join(outDir, folder));
      if (keep.size > 0) for (const folder of owns) removeEmptyFolders(safeOutputPath(outDir, folder));
      const top = new Set([...written].map((p) => p.split('/')[0]!));
      return [...owns, ...ownsFiles.filter((file) => top.has(file))].map((name) => path.join(outDir, name));
    },
  };
}

/**
 * Writes `outputs` under `outDir`, replacing each top-level folder they touch as a whole, and each
 * folder named in `owns` even when no output lands in it (so a last removed family disappears too).
 * A top-level file is written only when named in `ownsFiles` (the catalog's index.html). Files named
 * in `keep` (paths relative to `outDir`: the outputs of families the build reuses, family-reuse.ts)
 * stay as they are; everything else in the owned folders goes, as when the folder is replaced. Every
 * path is checked before anything is touched: one escaping output writes nothing at all. (A stage
 * that renders many pages writes them as it goes through openOutputWriter instead.)
 */
export async function writeOutputs(
  outputs: readonly Output[],
  outDir: string,
  owns: readonly string[] = [],
  ownsFiles: readonly string[] = [],
  keep: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const folders = new Set(owns);
  const topFiles = new Set<string>();
  for (const output of outputs) {
    safeOutputPath(outDir, output.path);
    const [folder, ...rest] = output.path.split('/');
    if (folder && rest.length === 0 && ownsFiles.includes(folder)) topFiles.add(folder);
    else if (!folder || rest.length === 0) throw new PipelineError('output-path-escape', `Output ${output.path} must be inside a folder.`);
    else folders.add(folder);
  }
  const writer = await openOutputWriter(outDir, [...folders], ownsFiles, { keep });
  for (const output of outputs) await writer.write(output);
  await writer.close();
  return [...folders, ...topFiles].map((name) => path.join(outDir, name));
}

/** Removes `name` (a folder or file under `outDir`) as a whole, or, when `keep` names files in it, every other file. */
async function removeAllBut(outDir: string, name: string, keep: ReadonlySet<string>): Promise<void> {
  const target = safeOutputPath(outDir, name);
  if (![...keep].some((kept) => kept.startsWith(`${name}/`))) {
    await rm(target, { recursive: true, force: true });
    return;
  }
  for (const { entry, full, relative } of listTree(target)) {
    if (!entry.isDirectory() && !keep.has(`${name}/${relative}`)) await rm(full, { force: true });
  }
}

/** Removes the empty folders under `dir` (a removed family's), deepest first; `dir` itself stays.
 *  Synchronously: one rmdir per folder of the stage (hundreds) is microseconds, through the thread pool far more. */
function removeEmptyFolders(dir: string): void {
  const folders = listTreeOrNothing(dir).filter((e) => e.entry.isDirectory()).map((e) => e.full);
  for (const folder of folders.sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      // not empty: a kept or written file is in it
    }
  }
}

/**
 * Writes each output into `outDir` beside the files already there (`jobfam import` adds families to a
 * directory it does not own): every file is staged beside its place first, then renamed over it, so a
 * failure leaves no half-written file and, when staging fails, nothing changed at all. Deciding which
 * files may be replaced is the caller's (import refuses to replace without --force).
 */
export async function writeFilesInPlace(outputs: readonly Output[], outDir: string): Promise<string[]> {
  const stamp = `${process.pid}-${Date.now()}`;
  const staged: [string, string][] = [];
  try {
    for (const output of outputs) {
      const target = safeOutputPath(outDir, output.path);
      const staging = path.join(path.dirname(target), `.${path.basename(target)}.staging-${stamp}`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(staging, output.content);
      staged.push([staging, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([staging]) => rm(staging, { force: true })));
    throw error;
  }
  for (const [staging, target] of staged) await rename(staging, target);
  return staged.map(([, target]) => target);
}
