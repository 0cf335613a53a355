// What a folder holds, to compare before and after a run: "nothing written" and "the previous output
// exactly as it was" are equal snapshots.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every entry under `dir` (files with a hash of their bytes, folders, FIFOs, links; hidden ones too), sorted. */
export async function snapshot(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(e.parentPath, e.name);
      const rel = path.relative(dir, full);
      if (e.isFile()) return `${rel} ${createHash('sha256').update(await readFile(full)).digest('hex')}`;
      return `${rel} <${e.isDirectory() ? 'dir' : e.isFIFO() ? 'fifo' : e.isSymbolicLink() ? 'link' : 'other'}>`;
    }),
  );
  return lines.sort();
}
