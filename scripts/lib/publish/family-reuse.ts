// Per-family reuse: which families' outputs a build may keep as the last one published them instead
// of rendering them again. A family is reusable when its content key (its file's text plus a digest
// of every shared input its outputs depend on: grades, config, openings, pay bands, templates,
// options, tool, browser) is the one the last build recorded for it (publish/build-cache.ts), and
// every output it had then is still on disk with the inode, size and mtime recorded; its PDFs also
// need git to see its file as before (their footers print its last commit). The staging
// tree starts as a hard-linked copy of the output, so a reusable family's files are already right
// there: a stage renders and writes only the other families, and always the pages that list them all.
import { createHash } from 'node:crypto';
import type { Handbook, ModelFamily } from '../model/handbook.ts';
import type { FamiliesInput, SourceFile } from '../types.ts';
import type { CheckedFamily, ValidationCache } from '../validate/index.ts';
import { RENDER_EVERY_FAMILY, type FamilyReuse } from '../stage.ts';

/** The families' records in the build record: key, the outputs it had and what validating it found, by path inside the families folder. */
export type FamilyRecords = Record<string, { key: string; outputs: string[]; checked?: CheckedFamily; sourceStamp?: string }>;

/** What the PDFs' source stamps read of git for a families folder (build-cache.ts gitState). */
export interface GitState {
  /** The last commit that touched the folder. */
  commit: string;
  /** `git status --porcelain` of the folder, one line per file. */
  status: string[];
}

/**
 * What a family's offer-packet stamps (pdf/read-source-stamps.ts: the last commit that touched its file,
 * "modified") depend on, from one look at git for the whole folder: the last commit that touched the
 * folder (while it stays, so does every file's) and the file's own status lines (their paths are the
 * repository's, so a family's path inside the folder ends them). A quoted path (unusual characters)
 * cannot be matched safely: every family's state then holds every line. Pure.
 */
export function sourceStamps(git: GitState | null): (relativePath: string) => string {
  if (git === null) return () => 'no source stamps';
  // Status lines by the file names they mention ("R  old -> new" mentions two), so each family looks at its own.
  const byName = new Map<string, string[]>();
  const quoted = git.status.some((line) => line.slice(3).includes('"'));
  for (const line of git.status) {
    for (const file of line.slice(3).split(' -> ')) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      byName.set(name, [...(byName.get(name) ?? []), line]);
    }
  }
  return (relativePath) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    const own = quoted
      ? git.status
      : (byName.get(name) ?? []).filter((line) => line.slice(3).split(' -> ').some((file) => file === relativePath || file.endsWith(`/${relativePath}`)));
    return [git.commit, ...new Set(own)].join('\n');
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Each family's content key, by path inside the families folder: `shared` names every input but the
 * family files (see commands.ts buildKeyOf), so a change there changes every key. Pure.
 */
export function familyKeys(input: Pick<FamiliesInput, 'families'>, shared: string): Map<string, string> {
  return new Map(
    input.families.map((f) => [f.relativePath, `sha256:${sha256(JSON.stringify([shared, f.path, f.relativePath, f.text, f.bytes ?? null, f.unreadable ?? null]))}`]),
  );
}

/** Every output path (relative to OUT) a family's outputs take: handbook pages, catalog page, PDFs, posting pages. Pure. */
export function familyOutputs(family: ModelFamily, postingPages: readonly string[]): string[] {
  return [...family.handbookPages, family.catalogPage, ...family.levels.map((l) => l.pdfPath), ...family.specialties.map((s) => s.pdfPath), ...postingPages];
}

/** The posting pages of each family, by path inside the families folder. Pure. */
export function postingPagesByFamily(postings: Handbook['postings']): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  for (const p of postings) {
    const list = pages.get(p.family.relativePath) ?? [];
    list.push(p.path);
    pages.set(p.family.relativePath, list);
  }
  return pages;
}

/**
 * The records of this build's families: key, the outputs that exist (`stamps`: every file under OUT)
 * and what validation found (`checked`, by path inside the families folder). Pure.
 */
export function familyRecords(
  model: Handbook,
  keys: ReadonlyMap<string, string>,
  stamps: Readonly<Record<string, string>>,
  checked: ReadonlyMap<string, CheckedFamily>,
  sourceStamp: (relativePath: string) => string,
): FamilyRecords {
  const records: FamilyRecords = {};
  const postingPages = postingPagesByFamily(model.postings);
  for (const family of model.families) {
    const key = keys.get(family.relativePath);
    if (key === undefined) continue;
    const outputs = familyOutputs(family, postingPages.get(family.relativePath) ?? []).filter((p) => stamps[p] !== undefined);
    records[family.relativePath] = {
      key,
      outputs,
      sourceStamp: sourceStamp(family.relativePath),
      ...(checked.has(family.relativePath) && { checked: checked.get(family.relativePath)! }),
    };
  }
  return records;
}

/**
 * Validation results by content key: a family file whose key is the one the last build recorded gets
 * that build's result back instead of being parsed and checked again. `checked` collects every
 * result of this run (found or computed), for this build's record.
 */
export function validationCache(last: FamilyRecords | null, keys: ReadonlyMap<string, string>): ValidationCache & { checked: Map<string, CheckedFamily> } {
  const checked = new Map<string, CheckedFamily>();
  const sound = (c: CheckedFamily | undefined): c is CheckedFamily =>
    c !== undefined &&
    c !== null &&
    Array.isArray(c.diagnostics) &&
    (c.family === null || (typeof c.family === 'object' && !Array.isArray(c.family))) &&
    (c.language === undefined || (typeof c.language === 'object' && c.language !== null && Array.isArray(c.language.findings)));
  return {
    checked,
    get(source: SourceFile) {
      const record = last?.[source.relativePath];
      const key = keys.get(source.relativePath);
      if (!record || key === undefined || record.key !== key || !sound(record.checked)) return undefined;
      checked.set(source.relativePath, record.checked);
      return record.checked;
    },
    set(source: SourceFile, result: CheckedFamily) {
      checked.set(source.relativePath, result);
    },
  };
}

/**
 * Decides reuse from the last build's family records against this build's keys and which outputs are
 * still what that build published (`unchanged`: build-cache.ts unchangedIn). Pure.
 */
export function decideReuse(
  last: { families: FamilyRecords } | null,
  keys: ReadonlyMap<string, string>,
  unchanged: (relative: string) => boolean,
  /** A family's source-stamp state now (sourceStamps): its PDFs' footers print it. */
  sourceStamp: (relativePath: string) => string,
): FamilyReuse {
  if (!last) return RENDER_EVERY_FAMILY;
  const reusable = new Set<string>();
  for (const [relativePath, key] of keys) {
    const record = last.families[relativePath];
    if (!record || record.key !== key || !Array.isArray(record.outputs) || record.outputs.length === 0) continue;
    if (record.outputs.every(unchanged)) reusable.add(relativePath);
  }
  return {
    reusable: (family) => reusable.has(family.relativePath),
    reusablePdfs: (family) => reusable.has(family.relativePath) && last.families[family.relativePath]?.sourceStamp === sourceStamp(family.relativePath),
  };
}

/**
 * The families a stage renders, and the outputs it keeps of the others (`outputsOf` names a family's
 * outputs in that stage): the one place a stage asks "reuse or render". Pure.
 */
export function splitByReuse<F extends Pick<ModelFamily, 'relativePath'>>(
  families: readonly F[],
  reuse: FamilyReuse,
  outputsOf: (family: F) => readonly string[],
): { render: F[]; keep: Set<string> } {
  const render: F[] = [];
  const keep = new Set<string>();
  for (const family of families) {
    if (reuse.reusable(family)) for (const output of outputsOf(family)) keep.add(output);
    else render.push(family);
  }
  return { render, keep };
}
