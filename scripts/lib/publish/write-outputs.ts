// Writes rendered outputs. Each top-level output folder (e.g. handbook/) is built in a staging
// directory beside it and swapped in at the end, so a failed run leaves the previous output intact
// and stale files from an earlier run disappear. A data-derived path that would land outside the
// output folder is refused before anything is written.
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

/**
 * Writes `outputs` under `outDir`, replacing each top-level folder they touch as a whole, and each
 * folder named in `owns` even when no output lands in it (so a last removed family disappears too).
 * A top-level file is written only when named in `ownsFiles` (the catalog's index.html): it is staged
 * beside its place and renamed over it, after the folders, so readers never see half a file.
 */
export async function writeOutputs(
  outputs: readonly Output[],
  outDir: string,
  owns: readonly string[] = [],
  ownsFiles: readonly string[] = [],
): Promise<string[]> {
  const byFolder = new Map<string, Output[]>(owns.map((folder) => [folder, []]));
  const topFiles: Output[] = [];
  for (const output of outputs) {
    safeOutputPath(outDir, output.path);
    const [folder, ...rest] = output.path.split('/');
    if (folder && rest.length === 0 && ownsFiles.includes(folder)) {
      topFiles.push(output);
      continue;
    }
    if (!folder || rest.length === 0) throw new PipelineError('output-path-escape', `Output ${output.path} must be inside a folder.`);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), { ...output, path: rest.join('/') }]);
  }
  await mkdir(outDir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const staged: [string, string][] = [];
  try {
    for (const [folder, files] of byFolder) {
      const staging = path.join(outDir, `.${folder}.staging-${stamp}`);
      staged.push([folder, staging]);
      await mkdir(staging, { recursive: true });
      for (const file of files) {
        const target = safeOutputPath(staging, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
    }
    for (const file of topFiles) {
      const staging = path.join(outDir, `.${file.path}.staging-${stamp}`);
      staged.push([file.path, staging]);
      await writeFile(staging, file.content);
    }
  } catch (error) {
    await Promise.all(staged.map(([, staging]) => rm(staging, { recursive: true, force: true })));
    throw error;
  }
  const written = new Set(topFiles.map((f) => f.path));
  for (const name of ownsFiles.filter((n) => !written.has(n))) await rm(safeOutputPath(outDir, name), { force: true });
  // Files come last in `staged`: a catalog never links into a folder that is not swapped in yet.
  for (const [folder, staging] of staged) {
    if (written.has(folder)) {
      await rename(staging, path.join(outDir, folder));
      continue;
    }
    const live = path.join(outDir, folder);
    const old = path.join(outDir, `.${folder}.old-${stamp}`);
    await rename(live, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, live);
    await rm(old, { recursive: true, force: true });
  }
  return [...byFolder.keys(), ...written].map((name) => path.join(outDir, name));
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
