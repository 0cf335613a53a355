// The catalog stage of `jobfam build` and `jobfam site`: the edge that looks at what the earlier
// stages wrote (handbook pages, PDFs, postings), so the pure renderer links only files that exist,
// and replaces OUT/index.html and OUT/families/ as a whole.
import path from 'node:path';
import { readTemplates } from '../load/read-templates.ts';
import { openOutputWriter } from '../publish/write-outputs.ts';
import { RENDER_EVERY_FAMILY, type PendingFolder, type Stage } from '../stage.ts';
import { createHtmlTemplates } from '../html/templates.ts';
import { planCatalog } from './plan-catalog.ts';
import { listTreeOrNothing } from '../list-tree.ts';
import { splitByReuse } from '../publish/family-reuse.ts';
import { SITE_FILES, SITE_FOLDERS, siteOutputs } from './render-site.ts';

/**
 * Every file under `dir` as a path relative to it (forward slashes), skipping staging and hidden
 * entries. The `pending` folder is not read (a stage still writes it): its files are the ones it lists.
 */
export function listOutputFiles(dir: string, pending?: PendingFolder): Set<string> {
  const files = new Set<string>();
  for (const { relative, entry } of listTreeOrNothing(dir, (folder) => folder !== pending?.folder)) {
    if (entry.isFile() && !relative.split('/').some((part) => part.startsWith('.'))) files.add(relative);
  }
  for (const file of pending?.files ?? []) files.add(file);
  return files;
}

export const siteStage: Stage = async (model, config, effects) => {
  const catalog = planCatalog(model, listOutputFiles(config.outDir, effects.pending), {
    company: config.company,
    handbookUrl: config.handbookUrl,
    siteUrl: config.siteUrl,
  });
  const templates = createHtmlTemplates(await readTemplates(config.templatesDir), 'site');
  // A family the build reuses keeps its page as the last build wrote it; the index lists every family.
  const { keep } = splitByReuse(model.families, effects.reuse ?? RENDER_EVERY_FAMILY, (f) => [f.catalogPage]);
  // Each page written as soon as it is rendered: the stage holds a few pages, not the whole catalog.
  const writer = await openOutputWriter(config.outDir, SITE_FOLDERS, SITE_FILES, { keep });
  for (const output of siteOutputs(catalog, templates, config.today, (family) => !keep.has(family.page))) await writer.write(output);
  await writer.close();
  const where = path.relative(config.cwd, path.join(config.publishedDir, 'index.html'));
  return { stage: 'site', diagnostics: [], summary: `catalog of ${catalog.families.length} families and ${catalog.levels} levels in ${where}` };
};
