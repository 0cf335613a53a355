// Decides what the handbook's pay-bands page should get: _compensation.yml is reviewed on its own (by
// total rewards, bot.reviewers.pay-band), in one MR for every band, never inside a family's MR. The
// page is compared like a family page; the published one is read back into bands, so the description
// says which bands changed and which levels and openings they reach. Pure.
import type { FamilyFile, Opening } from '../types.ts';
import type { Change } from '../changes.ts';
import type { Compensation } from '../pay/compensation.ts';
import { diffCompensation, PAY_BANDS_REF } from '../pay/diff-compensation.ts';
import { readPayBandsPage } from '../render/pay-bands-page.ts';
import { branchNameOf, fingerprintOf, TITLE_LIMIT } from './describe-merge-request.ts';
import { DEFAULT_REVIEW, labelsFor, reviewersFor, type MrPlan, type PlannedFile, type PlanSettings } from './plan-merge-requests.ts';

/** The pay-bands page as the source renders it, with what a band change reaches. */
export interface RenderedPayBands {
  /** `<targetDir>/_pay-bands.md`. */
  path: string;
  /** The page, or null without a _compensation.yml (a published page is then deleted). */
  content: string | null;
  compensation: Compensation | null;
  /** The YAML in the source repository, e.g. job-families/_compensation.yml. */
  sourcePath: string;
  families: FamilyFile[];
  openings: Opening[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function payBandsTitle(changes: readonly Change[]): string {
  const bands = changes.filter((c) => c.kind === 'pay-band-changed').length;
  return `Pay bands: ${plural(bands, 'change')} to ${PAY_BANDS_REF.path}`.slice(0, TITLE_LIMIT);
}

/** The pay-bands plan, or null when there is nothing to publish and nothing published. */
export function planPayBands(rendered: RenderedPayBands, published: ReadonlyMap<string, string | null>, settings: PlanSettings): MrPlan | null {
  const was = published.get(rendered.path);
  const exists = typeof was === 'string';
  if (rendered.content === null && !exists) return null;
  const files: PlannedFile[] = [{ path: rendered.path, content: rendered.content, exists, changed: was !== rendered.content }];
  const base = {
    family: PAY_BANDS_REF,
    sourcePath: rendered.sourcePath,
    branch: branchNameOf(PAY_BANDS_REF.slug),
    targetBranch: settings.targetBranch,
    files,
    fingerprint: fingerprintOf(files),
    sourceSha: settings.sourceSha,
    gradeLabels: Object.fromEntries(settings.grades.map((g) => [String(g.grade), g.label])),
    payBands: true,
  };
  if (!files[0]!.changed) return { ...base, status: 'in-sync', changes: [], reviewKinds: [], title: payBandsTitle([]), labels: [], reviewers: [] };

  let changes: Change[] = diffCompensation(readPayBandsPage(was), rendered.compensation, { families: rendered.families, openings: rendered.openings });
  // Same bands, other wording (the template changed): the page is updated without review, like a family's layout.
  if (changes.length === 0) changes = [{ kind: 'summary', family: PAY_BANDS_REF, scope: { kind: 'family', id: '', title: PAY_BANDS_REF.title }, field: 'layout', detail: null }];
  const wanted = settings.bot.review ?? DEFAULT_REVIEW;
  const reviewKinds = changes.some((c) => c.kind === 'pay-band-changed') && wanted.includes('pay-band') ? (['pay-band'] as const) : [];
  if (reviewKinds.length === 0) return { ...base, status: 'no-review', changes, reviewKinds: [], title: payBandsTitle(changes), labels: [], reviewers: [] };
  return {
    ...base,
    status: 'review',
    changes,
    reviewKinds: [...reviewKinds],
    title: payBandsTitle(changes),
    labels: labelsFor(reviewKinds, settings.bot),
    reviewers: reviewersFor(reviewKinds, settings.bot),
  };
}
