// Which version of a family file an offer packet comes from: the last commit that touched it (git,
// through runCommand) and a date for the footer and the PDF's dates. SOURCE_DATE_EPOCH wins for the date,
// so a reproducible build can pin it; without either, a fixed epoch and a warning.
import path from 'node:path';
import { runCommand } from '../run-command.ts';
import { diagnostic } from '../errors.ts';
import type { Diagnostic } from '../types.ts';
import type { SourceStamp } from './build-packets.ts';

/** 1980-01-01, the ZIP epoch many reproducible builds fall back to. */
export const FALLBACK_EPOCH = 315_532_800;

async function gitStamp(file: string): Promise<{ commit: string; epoch: number; modified: boolean } | null> {
  const cwd = path.dirname(file);
  const log = await runCommand('git', ['log', '-1', '--format=%h %ct', '--', path.basename(file)], { cwd });
  const m = /^([0-9a-f]{4,}) (\d+)$/.exec(log.stdout.trim());
  if (log.exitCode !== 0 || !m) return null;
  const status = await runCommand('git', ['status', '--porcelain', '--', path.basename(file)], { cwd });
  return { commit: m[1]!, epoch: Number(m[2]), modified: status.stdout.trim() !== '' };
}

/**
 * One stamp per family file, keyed by its path as given (relative to `cwd`). Files in `kept` (whose
 * packets the build keeps: their stamps are unchanged) get no stamp and cost no git call; outside a
 * work tree they still get the date-fallback warning a full build gives them, in the same order.
 */
export async function readSourceStamps(
  files: readonly string[],
  cwd: string,
  /** SOURCE_DATE_EPOCH, as config.ts read it: wins over every commit date. */
  pinned: number | null,
  kept: ReadonlySet<string> = new Set(),
): Promise<{ stamps: Map<string, SourceStamp>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const stamps = new Map<string, SourceStamp>();
  // One question first: outside a work tree, asking per file would only spawn git in vain.
  const first = files[0] === undefined ? null : path.dirname(path.resolve(cwd, files[0]));
  const inRepo = first !== null && (await runCommand('git', ['rev-parse', '--is-inside-work-tree'], { cwd: first })).stdout === 'true';
  const found = inRepo ? await Promise.all(files.map((file) => (kept.has(file) ? null : gitStamp(path.resolve(cwd, file))))) : files.map(() => null);
  files.forEach((file, i) => {
    // Inside a work tree, whether a kept file is committed is not asked: no warning is given for it.
    if (kept.has(file) && inRepo) return;
    const git = found[i];
    const epoch = pinned ?? git?.epoch ?? null;
    if (epoch === null) {
      const epochText = new Date(FALLBACK_EPOCH * 1000).toISOString().slice(0, 10);
      diagnostics.push(diagnostic('pdf-date-fallback', { file, line: 1, column: 1 }, { epoch: epochText }, 'warning'));
    }
    if (kept.has(file)) return;
    stamps.set(file, {
      commit: git ? `${git.commit}${git.modified ? ' (modified)' : ''}` : 'uncommitted',
      epoch: epoch ?? FALLBACK_EPOCH,
    });
  });
  return { stamps, diagnostics };
}
