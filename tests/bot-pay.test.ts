// A change to _compensation.yml goes to total rewards in ONE merge request of its own (issue 14 #7):
// the pay-bands page (<targetDir>/_pay-bands.md) is published like a family page, the MR lists each
// band before and after with the levels and openings it reaches, and a family's change in the same
// run keeps its own MR. The fake GitLab over HTTP, real git repos, the CLI in process.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { parseMarker } from '../scripts/lib/bot/describe-merge-request.ts';
import { descriptionOf } from '../scripts/lib/bot/plan-merge-requests.ts';
import { planPayBands } from '../scripts/lib/bot/plan-pay-bands.ts';
import { diffCompensation } from '../scripts/lib/pay/diff-compensation.ts';
import type { Compensation } from '../scripts/lib/pay/compensation.ts';
import { readPayBandsPage, renderPayBandsPage } from '../scripts/lib/render/pay-bands-page.ts';
import { createMarkdownTemplates } from '../scripts/lib/render/templates.ts';
import { readTemplates } from '../scripts/lib/load/read-templates.ts';
import { createBotGitRepo } from './helpers/bot-git.ts';
import { createBotWorld, TARGET_DIR, type BotWorld } from './helpers/bot-world.ts';
import { templatesDir } from './helpers/paths.ts';

const CONFIG = `
bot:
  targetDir: ${TARGET_DIR}
  reviewers:
    grade: [recruiting-lead]
    pay-band: [total-rewards-lead]
`;
const BANDS = '_compensation.yml';
const PAY_BRANCH = 'jobfam/_compensation';
const PAY_PAGE = `${TARGET_DIR}/_pay-bands.md`;
const FAMILY = 'sales/sales-systems-leadership.yml';
const raiseGrade8 = (y: string) => y.replace('{ grade: 8, min: 128000, max: 192000 }', '{ grade: 8, min: 132000, max: 198000 }');

const lineOf = (stdout: string, name: string) => stdout.split('\n').find((l) => l.startsWith(`${name}:`));

describe('the pay-bands page', () => {
  it('reads back into the bands it was rendered from, even with a pipe in a zone name', async () => {
    const templates = createMarkdownTemplates(await readTemplates(templatesDir));
    const bands: Compensation = {
      currency: 'USD',
      unitText: 'YEAR',
      bands: [
        { grade: 8, min: 128000, max: 192000 },
        { grade: 9, min: 150000.5, max: 225000 },
      ],
      zones: [
        { id: 'us', label: 'US | elsewhere', places: ['US'], factor: 0.9 },
        { id: 'ca', places: ['CA', 'CA-ON'], currency: 'CAD', bands: [{ grade: 8, min: 150000, max: 195000 }] },
      ],
      families: { 'sales-management': { factor: 1.1 } },
    };
    const page = renderPayBandsPage(templates, bands, [{ grade: 8, label: 'Staff / Manager' }] as never);
    expect(page).toContain('| 8 | Staff / Manager | 128,000 | 192,000 | USD |');
    expect(page).toContain('| us | US \\| elsewhere | US | 0.9 | USD |');
    const back = readPayBandsPage(page);
    expect(back).toEqual(bands);
    expect(diffCompensation(back, bands, { families: [], openings: [] })).toEqual([]);
    // A changed band reads as a change: the round trip does not hide one.
    expect(diffCompensation(readPayBandsPage(page.replace('192,000', '193,000')), bands, { families: [], openings: [] })).toHaveLength(1);
    expect(readPayBandsPage('# Not the pay-bands page\n')).toBeNull();
  });
});

describe('planPayBands', () => {
  const bands: Compensation = { currency: 'EUR', unitText: 'YEAR', bands: [{ grade: 5, min: 50000, max: 70000 }] };
  const settings = (review?: string[]) => ({ targetBranch: 'main', sourceSha: null, grades: [], bot: review ? { review: review as never } : {} });
  const rendered = async (compensation: Compensation | null) => ({
    path: 'h/_pay-bands.md',
    content: compensation ? renderPayBandsPage(createMarkdownTemplates(await readTemplates(templatesDir)), compensation, []) : null,
    compensation,
    sourcePath: 'job-families/_compensation.yml',
    families: [],
    openings: [],
  });

  it('plans nothing without bands and without a published page', async () => {
    expect(planPayBands(await rendered(null), new Map([['h/_pay-bands.md', null]]), settings())).toBeNull();
  });

  it('deletes the published page, with review, when _compensation.yml is gone', async () => {
    const page = (await rendered(bands)).content!;
    const plan = planPayBands(await rendered(null), new Map([['h/_pay-bands.md', page]]), settings())!;
    expect(plan).toMatchObject({ status: 'review', reviewKinds: ['pay-band'], files: [{ path: 'h/_pay-bands.md', content: null, exists: true, changed: true }] });
    const text = descriptionOf(plan, {});
    expect(text).toContain('Removes the pay-bands page: `job-families/_compensation.yml` is gone');
    expect(text).toContain('- Band for grade 5: 50,000 - 70,000 EUR → none; affects 0 levels and 0 openings');
  });

  it('leaves a band change alone when bot.review does not list pay-band', async () => {
    const plan = planPayBands(await rendered(bands), new Map([['h/_pay-bands.md', null]]), settings(['grade']))!;
    expect(plan).toMatchObject({ status: 'no-review', reviewers: [], labels: [] });
    expect(plan.changes.map((c) => c.kind)).toEqual(['pay-band-changed']);
  });
});

describe('jobfam bot on a band change', { timeout: 60_000 }, () => {
  let world: BotWorld;
  beforeAll(async () => {
    world = await createBotWorld({ config: CONFIG });
  });
  afterAll(() => world.close());
  const mrs = () => world.project.mergeRequests;
  const writes = () => world.gitlab.writes().map((r) => `${r.method} ${r.path}`);

  it('starts in sync: the target holds the pay-bands page, nothing is written', async () => {
    expect(world.gitlab.fileAt(world.project, 'main', PAY_PAGE)).toContain('| 8 | Staff / Manager | 128,000 | 192,000 | USD |');
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, '_compensation')).toBe('_compensation: unchanged');
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 5 unchanged.');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('opens exactly one MR for the band, asking total rewards, listing the levels and openings it reaches', async () => {
    world.gitlab.clearLog();
    const sha = await world.edit(BANDS, raiseGrade8);
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, '_compensation')).toBe('_compensation: created !1');
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 5 unchanged; pay bands: created !1.');
    expect(writes()).toEqual(['POST /api/v4/projects/1/repository/commits', 'POST /api/v4/projects/1/merge_requests']);
    expect(mrs()).toHaveLength(1);
    const mr = mrs()[0]!;
    expect(mr).toMatchObject({ sourceBranch: PAY_BRANCH, targetBranch: 'main', title: 'Pay bands: 1 change to _compensation.yml' });
    expect(mr.labels).toEqual(['job-family', 'bot:jobfam', 'change:pay-band']);
    expect(mr.reviewerIds).toEqual([world.reviewers.totalRewards.id]);
    expect(mr.description).toContain('Updates the pay-bands page to match `job-families/_compensation.yml`');
    expect(mr.description).toContain('- Band for grade 8: 128,000 - 192,000 USD → 132,000 - 198,000 USD; affects 2 levels and 1 opening');
    expect(mr.description).toContain('  - Levels: Sales Management: Associate Area Sales Manager; Sales Systems Leadership: Manager, Sales Systems');
    expect(mr.description).toContain('  - Openings: REQ-2026-0417');
    expect(mr.description).toContain(`- \`${PAY_PAGE}\` (updated)`);
    expect(parseMarker(mr.description)).toMatchObject({ family: '_compensation', sourceSha: sha });
    // The branch changes the pay-bands page and nothing else.
    expect(world.gitlab.fileAt(world.project, PAY_BRANCH, PAY_PAGE)).toContain('| 8 | Staff / Manager | 132,000 | 198,000 | USD |');
    const commit = world.gitlab.writes()[0]!.body as { actions: { file_path: string }[] };
    expect(commit.actions.map((a) => a.file_path)).toEqual([PAY_PAGE]);
  });

  it('sends no write on the rerun', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, '_compensation')).toBe('_compensation: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('a family change and a band change in the same run give separate MRs', async () => {
    await world.edit(FAMILY, (y) => y.replace('grade: 8', 'grade: 9'));
    await world.edit(BANDS, (y) => y.replace('{ grade: 9, min: 150000, max: 225000 }', '{ grade: 9, min: 155000, max: 230000 }'));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'sales/sales-systems-leadership')).toBe('sales/sales-systems-leadership: created !2');
    expect(lineOf(run.stdout, '_compensation')).toBe('_compensation: updated !1');
    expect(mrs().map((m) => [m.iid, m.state, m.sourceBranch])).toEqual([
      [1, 'opened', PAY_BRANCH],
      [2, 'opened', 'jobfam/sales-systems-leadership'],
    ]);
    const [bands, family] = mrs();
    expect(family!.reviewerIds).toEqual([world.reviewers.recruiting.id]);
    expect(family!.description).not.toContain('Band for grade');
    expect(bands!.reviewerIds).toEqual([world.reviewers.totalRewards.id]);
    expect(bands!.title).toBe('Pay bands: 2 changes to _compensation.yml');
    // Grade 8 now reaches one level fewer, grade 9 one more: the reach follows the families as they are now.
    expect(bands!.description).toContain('- Band for grade 8: 128,000 - 192,000 USD → 132,000 - 198,000 USD; affects 1 level and 0 openings');
    expect(bands!.description).toContain('- Band for grade 9: 150,000 - 225,000 USD → 155,000 - 230,000 USD');
    expect(bands!.description).toContain('Sales Systems Leadership: Manager, Sales Systems');
    expect(bands!.description).not.toContain('| Manager, Sales Systems | Grade |');
    const touched = (branch: string) =>
      world.gitlab
        .writes()
        .filter((r) => r.path.endsWith('/repository/commits') && (r.body as { branch: string }).branch === branch)
        .flatMap((r) => (r.body as { actions: { file_path: string }[] }).actions.map((a) => a.file_path));
    expect(touched(PAY_BRANCH)).toEqual([PAY_PAGE]);
    expect(touched('jobfam/sales-systems-leadership')).toEqual([`${TARGET_DIR}/sales/sales-systems-leadership.md`]);

    world.gitlab.clearLog();
    await world.runInProcess();
    expect(world.gitlab.writes()).toEqual([]);
  });

  it("never overwrites a person's commit on the pay-bands branch: one note and the label, their page stays", async () => {
    world.gitlab.pushCommit(world.project, PAY_BRANCH, { [PAY_PAGE]: 'kept by total rewards\n' });
    await world.edit(BANDS, (y) => y.replace('{ grade: 10, min: 180000, max: 270000 }', '{ grade: 10, min: 185000, max: 275000 }'));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, '_compensation')).toBe('_compensation: skipped: edited by a person !1');
    expect(world.gitlab.writes().map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(world.gitlab.writes().some((r) => r.path.endsWith('/repository/commits'))).toBe(false);
    expect(world.gitlab.fileAt(world.project, PAY_BRANCH, PAY_PAGE)).toBe('kept by total rewards\n');
    world.gitlab.clearLog();
    await world.runInProcess();
    expect(world.gitlab.writes()).toEqual([]);
  });
});

describe('jobfam bot --dry-run offline on a band change', { timeout: 60_000 }, () => {
  it('prints the planned pay-bands MR with the levels and openings, and writes nothing', async () => {
    const repo = await createBotGitRepo({}, { bundled: true });
    const file = path.join(repo.dir, 'job-families', BANDS);
    await writeFile(file, raiseGrade8(await readFile(file, 'utf8')));
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await main(['bot', '--dry-run'], {}, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repo.dir });
    const stdout = out.join('\n');
    expect(exitCode).toBe(0);
    expect(err.join('\n')).toContain('offline dry run against the pages the families at HEAD render to');
    expect(stdout).toContain('DRY-RUN: would create MR "Pay bands: 1 change to _compensation.yml" on jobfam/_compensation labels=[job-family, bot:jobfam, change:pay-band]');
    expect(stdout).toContain('- Band for grade 8: 128,000 - 192,000 USD → 132,000 - 198,000 USD; affects 2 levels and 1 opening');
    expect(stdout).toContain('  - Openings: REQ-2026-0417');
    expect(stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 5 unchanged; pay bands: would create (dry run: nothing was written).');
  });
});
