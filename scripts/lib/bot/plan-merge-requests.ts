// Decides, for every family, what the handbook should get: nothing (the published page already
// matches), nothing but a mention (the change needs no review), or a merge request, with its branch,
// files, title, labels and reviewers. Pure: the rendered and the published pages come in as values.
import type { BotConfig, Grade, JobFamily } from '../types.ts';
import type { Change, FamilyRef, ReviewKind } from '../changes.ts';
import { importPage } from '../import/import-page.ts';
import { importSplitFamily } from '../import/split-family.ts';
import { diffFamilies } from '../diff/diff-families.ts';
import { reviewKindsOf } from '../diff/describe-changes.ts';
import path from 'node:path';
import { familyVerdict, type FamilyVerdict } from '../validate/language/family-verdict.ts';
import { branchNameOf, describeMergeRequest, describePayBandsMergeRequest, fingerprintOf, titleOf, type BotMarker } from './describe-merge-request.ts';
import { groupStalePages, isPageFile, sourcePathOf } from './stale-pages.ts';

/** A page that leaves the handbook needs review as much as a grade does. */
export const DEFAULT_REVIEW: readonly ReviewKind[] = ['grade', 'requirements', 'family-removed', 'level-removed', 'pay-band'];
/** Every MR the bot opens carries these. */
export const BASE_LABELS = ['job-family', 'bot:jobfam'] as const;
/** Set on an MR a person pushed to; the bot stays away while it is there. */
export const EDITED_LABEL = 'jobfam-bot:edited';
const REVIEW_ORDER: readonly ReviewKind[] = [
  'grade',
  'requirements',
  'responsibilities',
  'family-added',
  'family-removed',
  'family-moved',
  'level-added',
  'level-removed',
  'level-renamed',
  'pay-band',
  'other',
];

/** A family's pages as the renderer made them, at their paths in the target project. */
export interface RenderedFamily {
  family: FamilyRef;
  /** The YAML in the source repository, e.g. job-families/sales/x.yml. */
  sourcePath: string;
  pages: { path: string; content: string }[];
}

export interface PlanSettings {
  targetBranch: string;
  /** Folder of the target project the pages live under (names a removed family's YAML); default "". */
  targetDir?: string;
  /** The families directory as the source repository names it, e.g. job-families; default ".". */
  sourceRoot?: string;
  sourceSha: string | null;
  grades: readonly Grade[];
  bot: BotConfig;
  /** _config.yml configures `language:`: the description says when a family's gender-coded verdict changes. */
  language?: boolean;
  /** Pages under the folder that are no family's but the bot's own (the pay-bands page): never stale. */
  ownPages?: readonly string[];
}

export type PlanStatus = 'in-sync' | 'no-review' | 'review';

export interface PlannedFile {
  path: string;
  content: string | null;
  exists: boolean;
  changed: boolean;
}

/** Every family's plan, and the published pages that are nobody's (reported, left alone). */
export interface BotPlan {
  plans: MrPlan[];
  unowned: string[];
}

export interface MrPlan {
  family: FamilyRef;
  sourcePath: string;
  status: PlanStatus;
  branch: string;
  targetBranch: string;
  /** The family's pages; `exists` = the page is on the target branch (commit verb update, else create);
   *  `changed` = it differs from the target branch (only those go into the commit and the description).
   *  `content: null` = a published page no family renders any more: the commit deletes it. */
  files: PlannedFile[];
  changes: Change[];
  /** The change kinds present that need review, in a fixed order. */
  reviewKinds: ReviewKind[];
  title: string;
  labels: string[];
  /** GitLab usernames to ask for review (resolved to ids when the MR is written). */
  reviewers: string[];
  fingerprint: string;
  sourceSha: string | null;
  /** Grade number → label, for the description's table. */
  gradeLabels: Record<string, string>;
  /** The gender-coded verdict, before (null: a new page) and after, when `language:` is on and it changed. */
  language?: { before: FamilyVerdict | null; after: FamilyVerdict };
  /** The pay-bands page's plan (plan-pay-bands.ts), not a family's: its own description. */
  payBands?: boolean;
}

/**
 * A family read back from its handbook page(s), the way `jobfam import` reads them: a family split
 * over several pages (an `_index.md` plus one page per level) is imported as one split family.
 */
export function importFamilyPages(pages: readonly { path: string; text: string }[], grades: readonly Grade[]): JobFamily | null {
  const [first] = pages;
  if (!first) return null;
  const input = (page: { path: string; text: string }) => ({ file: page.path, folder: '', name: page.path.split('/').at(-1)!, named: false, text: page.text });
  const index = pages.find((page) => page.path.endsWith('/_index.md'));
  if (pages.length > 1 && index) return importSplitFamily(input(index), pages.filter((page) => page !== index).map(input), grades).family;
  return importPage(first.path, first.text, grades).family;
}

const unique = <T>(values: readonly T[]) => [...new Set(values)];

export function labelsFor(kinds: readonly ReviewKind[], bot: BotConfig): string[] {
  return unique([...BASE_LABELS, ...kinds.flatMap((kind) => bot.labels?.[kind] ?? [`change:${kind}`])]);
}

export function reviewersFor(kinds: readonly ReviewKind[], bot: BotConfig): string[] {
  return unique(kinds.flatMap((kind) => bot.reviewers?.[kind] ?? []));
}

/**
 * One family's plan. `deletions` are published pages the family no longer renders (a level it lost,
 * its old path after a move, or, with no pages at all, every page of a removed family).
 */
export function planMergeRequest(rendered: RenderedFamily, published: ReadonlyMap<string, string | null>, settings: PlanSettings, deletions: readonly string[] = []): MrPlan {
  const files: PlannedFile[] = [
    ...rendered.pages.map((page) => ({ ...page, exists: typeof published.get(page.path) === 'string', changed: published.get(page.path) !== page.content })),
    ...deletions.map((file) => ({ path: file, content: null, exists: true, changed: true })),
  ];
  const base = {
    family: rendered.family,
    sourcePath: rendered.sourcePath,
    branch: branchNameOf(rendered.family.slug),
    targetBranch: settings.targetBranch,
    files,
    fingerprint: fingerprintOf(files),
    sourceSha: settings.sourceSha,
    gradeLabels: Object.fromEntries(settings.grades.map((g) => [String(g.grade), g.label])),
  };
  const inSync = deletions.length === 0 && rendered.pages.every((page) => published.get(page.path) === page.content);
  if (inSync) return { ...base, status: 'in-sync', changes: [], reviewKinds: [], title: titleOf(rendered.family, []), labels: [], reviewers: [] };

  // Both sides go through the same importer, so its own quirks cancel out and only real changes remain.
  const publishedPages = [...rendered.pages.map((page) => page.path), ...deletions].flatMap((file) => {
    const text = published.get(file);
    return typeof text === 'string' ? [{ path: file, text }] : [];
  });
  const before = importFamilyPages(publishedPages, settings.grades);
  const after = importFamilyPages(rendered.pages.map((p) => ({ path: p.path, text: p.content })), settings.grades);
  // Only the old path holds the family: it moved (its YAML did), and the old path names the old YAML.
  const moved = deletions.length > 0 && rendered.pages.every((page) => typeof published.get(page.path) !== 'string');
  const beforePath = moved ? sourcePathOf(deletions[0]!, settings.targetDir ?? '') : rendered.family.path;
  const version = (family: JobFamily, familyPath: string) => [{ slug: rendered.family.slug, path: familyPath, family }];
  let changes = diffFamilies(before ? version(before, beforePath) : [], after ? version(after, rendered.family.path) : []).map((change) =>
    change.kind === 'family-removed' && before ? { ...change, levels: before.levels.map(({ id, title, grade }) => ({ id, title, grade })) } : change,
  );
  const verdicts = settings.language && after ? { before: before ? familyVerdict(before) : null, after: familyVerdict(after) } : undefined;
  const language = verdicts && verdicts.before?.verdict !== verdicts.after.verdict ? verdicts : undefined;
  if (changes.length === 0) {
    const scope = { kind: 'family' as const, id: '', title: rendered.family.title };
    changes = [{ kind: 'summary', family: rendered.family, scope, field: 'layout', detail: null }];
  }
  const wanted = settings.bot.review ?? DEFAULT_REVIEW;
  const present = new Set(changes.flatMap(reviewKindsOf));
  const reviewKinds = REVIEW_ORDER.filter((kind) => present.has(kind) && wanted.includes(kind));
  if (reviewKinds.length === 0) {
    return { ...base, status: 'no-review', changes, reviewKinds, title: titleOf(rendered.family, []), labels: [], reviewers: [] };
  }
  return {
    ...base,
    status: 'review',
    changes,
    reviewKinds,
    title: titleOf(rendered.family, reviewKinds),
    labels: labelsFor(reviewKinds, settings.bot),
    reviewers: reviewersFor(reviewKinds, settings.bot),
    ...(language ? { language } : {}),
  };
}

/** A removed family's pages read back as a family, or null when they are not a job family's page. */
function importRemoved(pages: readonly string[], published: ReadonlyMap<string, string | null>, grades: readonly Grade[]): JobFamily | null {
  try {
    const family = importFamilyPages(
      pages.flatMap((file) => (typeof published.get(file) === 'string' ? [{ path: file, text: published.get(file)! }] : [])),
      grades,
    );
    return family && family.levels.length > 0 ? family : null;
  } catch {
    return null;
  }
}

/**
 * One plan per family, in the order given, then one per removed family. `published` holds every page
 * on the target branch under the target folder (null: absent); pages no family renders are deletions
 * of the family they belong to, or, when they read as no job family's page, `unowned`.
 */
export function planMergeRequests(families: readonly RenderedFamily[], published: ReadonlyMap<string, string | null>, settings: PlanSettings): BotPlan {
  const rendered = new Set([...families.flatMap((f) => f.pages.map((p) => p.path)), ...(settings.ownPages ?? [])]);
  const stale = [...published].filter(([file, text]) => typeof text === 'string' && isPageFile(file) && !rendered.has(file)).map(([file]) => file);
  const groups = groupStalePages(families, stale, published);
  const plans = families.map((family) => planMergeRequest(family, published, settings, groups.byFamily.get(family.family.slug) ?? []));
  const unowned: string[] = [];
  const taken = new Set(families.map((f) => f.family.slug));
  for (const group of groups.removed) {
    const before = importRemoved(group.pages, published, settings.grades);
    if (!before || taken.has(group.slug)) {
      unowned.push(...group.pages);
      continue;
    }
    taken.add(group.slug);
    const yaml = sourcePathOf(group.pages.find((p) => p.endsWith('/_index.md')) ?? group.pages[0]!, settings.targetDir ?? '');
    const family = { slug: group.slug, title: before.frontMatter.title || group.slug, path: yaml };
    plans.push(planMergeRequest({ family, sourcePath: path.posix.join(settings.sourceRoot ?? '.', yaml), pages: [] }, published, settings, group.pages));
  }
  return { plans, unowned: unowned.sort() };
}

/** The description of a plan's MR, with the marker the next run reads back. */
export function descriptionOf(plan: MrPlan, state: { commit?: string | null; base?: string | null }): string {
  const marker: BotMarker = {
    v: 1,
    family: plan.family.slug,
    fingerprint: plan.fingerprint,
    sourceSha: plan.sourceSha,
    commit: state.commit ?? null,
    base: state.base ?? null,
    labels: plan.labels,
  };
  const { family, sourcePath, changes, reviewKinds, files, gradeLabels, language } = plan;
  if (plan.payBands) return describePayBandsMergeRequest({ sourcePath, changes, files: files.filter((f) => f.changed), marker });
  const removal = files.length > 0 && files.every((f) => f.content === null);
  return describeMergeRequest({ family, sourcePath, changes, reviewKinds, files: files.filter((f) => f.changed), marker, gradeLabels, language, removal });
}
