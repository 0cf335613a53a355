// Reads every template file under a directory into memory: the only fs access templates need.
import { readFile } from 'node:fs/promises';
import { listTree } from '../list-tree.ts';

/** Template sources keyed by path relative to `dir`, with forward slashes. */
export type TemplateSources = Record<string, string>;

export async function readTemplates(dir: string): Promise<TemplateSources> {
  const sources: TemplateSources = {};
  for (const { entry, full, relative } of listTree(dir)) if (entry.isFile()) sources[relative] = await readFile(full, 'utf8');
  return sources;
}
