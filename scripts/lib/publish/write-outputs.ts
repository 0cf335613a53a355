// Writes rendered outputs into a staging tree: each top-level output folder (e.g. handbook/) is
// replaced as a whole, so stale files from an earlier run disappear. A data-derived path that would
// land outside the output folder is refused before anything is written.
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
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

/**
 * Writes `outputs` under `outDir`, replacing each top-level folder they touch as a whole, and each
 * folder named in `owns` even when no output lands in it (so a last removed family disappears too).
 * A top-level file is written only when named in `ownsFiles` (the catalog's index.html). Files named
 * in `keep` (paths relative to `outDir`: the outputs of families the build reuses, family-reuse.ts)
 * stay as they are; everything else in the owned folders goes, as when the folder is replaced.
 *
 * `outDir` is a staging tree (publish/staging.ts): atomicity comes from swapping the whole tree in,
 * so here every file is created anew, never written into. The tree's files are hard links shared
 * with the live output, and writing into one would change the published copy too.
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
  const targets: [string, string | Uint8Array][] = [];
  // Every path is checked before anything is touched: one escaping output writes nothing at all.
  for (const output of outputs) {
    const target = safeOutputPath(outDir, output.path);
    const [folder, ...rest] = output.path.split('/');
    if (folder && rest.length === 0 && ownsFiles.includes(folder)) topFiles.add(folder);
    else if (!folder || rest.length === 0) throw new PipelineError('output-path-escape', `Output ${output.path} must be inside a folder.`);
    else folders.add(folder);
    targets.push([target, output.content]);
  }
  await mkdir(outDir, { recursive: true });
  for (const name of [...folders, ...ownsFiles]) await removeAllBut(outDir, name, keep);
  const made = new Set<string>();
  for (const [target, content] of targets) {
    const folder = path.dirname(target);
    if (!made.has(folder)) await mkdir(folder, { recursive: true });
    made.add(folder);
    await writeFile(target, content);
  }
  for (const folder of owns) await mkdir(path.join(outDir, folder), { recursive: true });
  if (keep.size > 0) for (const name of folders) await removeEmptyFolders(safeOutputPath(outDir, name));
  return [...folders, ...topFiles].map((name) => path.join(outDir, name));
}

/** Removes `name` (a folder or file under `outDir`) as a whole, or, when `keep` names files in it, every other file. */
async function removeAllBut(outDir: string, name: string, keep: ReadonlySet<string>): Promise<void> {
  const target = safeOutputPath(outDir, name);
  if (![...keep].some((kept) => kept.startsWith(`${name}/`))) {
    await rm(target, { recursive: true, force: true });
    return;
  }
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!keep.has(path.relative(outDir, file).split(path.sep).join('/'))) await rm(file, { force: true });
  }
}

/** Removes the empty folders under `dir` (a removed family's), deepest first; `dir` itself stays. */
async function removeEmptyFolders(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
  for (const folder of folders.sort((a, b) => b.length - a.length)) await rmdir(folder).catch(() => undefined);
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
