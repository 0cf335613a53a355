// Decides, for every family, what the handbook should get: nothing (the published page already
// matches), nothing but a mention (the change needs no review), or a merge request, with its branch,
// files, title, labels and reviewers. Pure: the rendered and the published pages come in as values.
import type { BotConfig, Change, FamilyRef, Grade, JobFamily, ReviewKind } from '../types.ts';
import { importPage } from '../import/import-page.ts';
import { importSplitFamily } from '../import/split-family.ts';
import { diffFamilies } from '../diff/diff-families.ts';
import { reviewKindsOf } from '../diff/describe-changes.ts';
import { familyVerdict, type FamilyVerdict } from '../validate/language/family-verdict.ts';
import { branchNameOf, describeMergeRequest, fingerprintOf, titleOf, type BotMarker } from './describe-merge-request.ts';

export const DEFAULT_REVIEW: readonly ReviewKind[] = ['grade', 'requirements'];
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
  sourceSha: string | null;
  grades: readonly Grade[];
  bot: BotConfig;
  /** _config.yml configures `language:`: the description says when a family's gender-coded verdict changes. */
  language?: boolean;
}

export type PlanStatus = 'in-sync' | 'no-review' | 'review';

export interface MrPlan {
  family: FamilyRef;
  sourcePath: string;
  status: PlanStatus;
  branch: string;
  targetBranch: string;
  /** The family's pages; `exists` = the page is on the target branch (commit verb update, else create);
   *  `changed` = it differs from the target branch (only those go into the commit and the description). */
  files: { path: string; content: string; exists: boolean; changed: boolean }[];
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

export function planMergeRequest(rendered: RenderedFamily, published: ReadonlyMap<string, string | null>, settings: PlanSettings): MrPlan {
  const files = rendered.pages.map((page) => ({ ...page, exists: typeof published.get(page.path) === 'string', changed: published.get(page.path) !== page.content }));
  const base = {
    family: rendered.family,
    sourcePath: rendered.sourcePath,
    branch: branchNameOf(rendered.family.slug),
    targetBranch: settings.targetBranch,
    files,
    fingerprint: fingerprintOf(rendered.pages),
    sourceSha: settings.sourceSha,
    gradeLabels: Object.fromEntries(settings.grades.map((g) => [String(g.grade), g.label])),
  };
  const inSync = rendered.pages.every((page) => published.get(page.path) === page.content);
  if (inSync) return { ...base, status: 'in-sync', changes: [], reviewKinds: [], title: titleOf(rendered.family, []), labels: [], reviewers: [] };

  // Both sides go through the same importer, so its own quirks cancel out and only real changes remain.
  const publishedPages = rendered.pages.flatMap((page) => {
    const text = published.get(page.path);
    return typeof text === 'string' ? [{ path: page.path, text }] : [];
  });
  const before = importFamilyPages(publishedPages, settings.grades);
  const after = importFamilyPages(rendered.pages.map((p) => ({ path: p.path, text: p.content })), settings.grades)!;
  const version = (family: JobFamily) => [{ slug: rendered.family.slug, path: rendered.family.path, family }];
  let changes = diffFamilies(before ? version(before) : [], version(after));
  const verdicts = settings.language ? { before: before ? familyVerdict(before) : null, after: familyVerdict(after) } : undefined;
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

/** One plan per family, in the order given. */
export function planMergeRequests(families: readonly RenderedFamily[], published: ReadonlyMap<string, string | null>, settings: PlanSettings): MrPlan[] {
  return families.map((family) => planMergeRequest(family, published, settings));
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
  return describeMergeRequest({ family, sourcePath, changes, reviewKinds, files: files.filter((f) => f.changed), marker, gradeLabels, language });
}
