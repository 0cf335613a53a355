// Writes rendered outputs into a staging tree: each top-level output folder (e.g. handbook/) is
// replaced as a whole, so stale files from an earlier run disappear. A data-derived path that would
// land outside the output folder is refused before anything is written.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import type { Output } from '../types.ts';

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
 * removed first, so a last removed family disappears too. Every output must land in one of them, and
 * each path may be written once.
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
  options: { inFlight?: number } = {},
): Promise<OutputWriter> {
  const limit = Math.max(1, options.inFlight ?? WRITES_IN_FLIGHT);
  await mkdir(outDir, { recursive: true });
  for (const name of [...owns, ...ownsFiles]) await rm(safeOutputPath(outDir, name), { recursive: true, force: true });
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
      const top = new Set([...written].map((p) => p.split('/')[0]!));
      return [...owns, ...ownsFiles.filter((file) => top.has(file))].map((name) => path.join(outDir, name));
    },
  };
}

/**
 * Writes `outputs` under `outDir`, replacing each top-level folder they touch as a whole, and each
 * folder named in `owns` even when no output lands in it (so a last removed family disappears too).
 * A top-level file is written only when named in `ownsFiles` (the catalog's index.html). Every path is
 * checked before anything is touched: one escaping output writes nothing at all. (A stage that renders
 * many pages writes them as it goes through openOutputWriter instead.)
 */
export async function writeOutputs(
  outputs: readonly Output[],
  outDir: string,
  owns: readonly string[] = [],
  ownsFiles: readonly string[] = [],
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
  const writer = await openOutputWriter(outDir, [...folders], ownsFiles);
  for (const output of outputs) await writer.write(output);
  await writer.close();
  return [...folders, ...topFiles].map((name) => path.join(outDir, name));
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
