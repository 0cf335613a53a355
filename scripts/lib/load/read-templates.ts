// Reads every template file under a directory into memory: the only fs access templates need.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Template sources keyed by path relative to `dir`, with forward slashes. */
export type TemplateSources = Record<string, string>;

export async function readTemplates(dir: string): Promise<TemplateSources> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sources: TemplateSources = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    sources[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  return sources;
}
