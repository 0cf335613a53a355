// Stale pages (issue 12, "The bot leaves stale pages"): a removed family, and a split family that lost
// a level, leave published pages no family renders. The family's MR deletes them, with a "family
// removed" / "level removed" row; never a second MR, never over a person's commit. The fake GitLab
// over HTTP, real git repos, the CLI in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupStalePages, sourcePathOf } from '../scripts/lib/bot/stale-pages.ts';
import { createBotWorld, TARGET_DIR, type BotWorld } from './helpers/bot-world.ts';

const lineOf = (stdout: string, family: string) => stdout.split('\n').find((l) => l.startsWith(`${family}:`));

type Level = 'associate' | 'intermediate' | 'senior';
const LEVELS: Record<Level, { title: string; grade: number; does: string; needs: string }> = {
  associate: { title: 'Associate', grade: 5, does: 'Fix small widget bugs with guidance.', needs: 'Some experience with widgets.' },
  intermediate: { title: 'Intermediate', grade: 6, does: 'Ship widget features on your own.', needs: 'Two years of widget experience.' },
  senior: { title: 'Senior', grade: 7, does: 'Lead the design of new widgets.', needs: 'Five years of widget experience.' },
};

/** A family split over a Hugo section folder (as `jobfam import` writes one): _index.md plus a page per level. */
function widgets(levels: Level[]): string {
  const level = (id: Level) => `  - id: ${id}-widget-engineer
    title: ${LEVELS[id].title} Widget Engineer
    grade: ${LEVELS[id].grade}
    intro: Widget engineers build the widgets our customers use every day.
    responsibilities:
      - ${LEVELS[id].does}
    requirements:
      - ${LEVELS[id].needs}
`;
  const page = (id: Level) => `    - file: ${id}
      frontMatter:
        title: ${LEVELS[id].title} Widget Engineer
      bullet: "-"
      outline:
        - level: ${id}-widget-engineer
          body:
            - intro
            - heading: "## Job Grade"
              body:
                - grade
            - heading: "## Responsibilities"
              body:
                - responsibilities
            - heading: "## Requirements"
              body:
                - requirements
`;
  return `# yaml-language-server: $schema=../../job-family.schema.json

frontMatter:
  title: Widget Engineering Roles
intro: Widget engineers build the widgets our customers use every day.
responsibilities:
  - Build widgets that last.
requirements:
  - Experience building widgets in production.
levels:
${levels.map(level).join('')}handbook:
  bullet: "-"
  quoted:
    - title
  outline:
    - heading: "## Widget Engineering Roles"
      body:
        - intro
        - heading: "### Requirements"
          body:
            - requirements
        - heading: "### Responsibilities"
          body:
            - responsibilities
  file: _index
  pages:
${levels.map(page).join('')}`;
}

const SECTION = `${TARGET_DIR}/engineering/widgets`;
const WIDGETS = 'engineering/widgets/widgets.yml';

describe('groupStalePages', () => {
  const published = new Map<string, string | null>([
    ['h/eng/widgets/_index.md', '---\ntitle: W\n---\n\n### Requirements\n\n- x\n'],
    ['h/gone/_index.md', '---\ntitle: Gone\n---\n\n## Gone Roles\n\n### Responsibilities\n\n- y\n'],
    ['h/sales/_index.md', '---\ntitle: Sales\n---\n\nThe sales section lists its families.\n'],
  ]);
  const families = [
    { family: { slug: 'widgets' }, pages: [{ path: 'h/eng/widgets/_index.md' }, { path: 'h/eng/widgets/associate.md' }] },
    { family: { slug: 'moved' }, pages: [{ path: 'h/new/moved.md' }] },
  ];

  it('gives a lost level to its split family, an old path to the family that moved, a removed section to one removed family', () => {
    const stale = ['h/eng/widgets/senior.md', 'h/old/moved.md', 'h/gone/_index.md', 'h/gone/lead.md', 'h/sales/retired.md', 'h/sales/_index.md'];
    const groups = groupStalePages(families, stale, published);
    expect([...groups.byFamily]).toEqual([
      ['widgets', ['h/eng/widgets/senior.md']],
      ['moved', ['h/old/moved.md']],
    ]);
    // A Hugo section list (sales/_index.md) is no split family's index: its siblings stay families of their own.
    expect(groups.removed).toEqual([
      { slug: 'gone', pages: ['h/gone/_index.md', 'h/gone/lead.md'] },
      { slug: 'sales', pages: ['h/sales/_index.md'] },
      { slug: 'retired', pages: ['h/sales/retired.md'] },
    ]);
  });

  it.each([
    ['h/sales/retired.md', 'h', 'sales/retired.yml'],
    ['h/eng/widgets/_index.md', 'h', 'eng/widgets/widgets.yml'],
    ['top.md', '', 'top.yml'],
  ])('%s under %s was rendered from %s', (page, dir, yaml) => expect(sourcePathOf(page, dir)).toBe(yaml));
});

describe('jobfam bot: a split family loses a level', { timeout: 60_000 }, () => {
  let world: BotWorld;
  beforeAll(async () => {
    world = await createBotWorld({ families: { [WIDGETS]: widgets(['associate', 'intermediate', 'senior']) } });
  });
  afterAll(() => world.close());

  it('starts in sync: the section folder holds the index and one page per level', async () => {
    expect(world.gitlab.fileAt(world.project, 'main', `${SECTION}/senior.md`)).toContain('Senior Widget Engineer');
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'engineering/widgets/widgets')).toBe('engineering/widgets/widgets: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it("opens the family's MR that deletes the level's page, with a level-removed row", async () => {
    await world.edit(WIDGETS, () => widgets(['associate', 'intermediate']));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'engineering/widgets/widgets')).toBe('engineering/widgets/widgets: created !1');
    expect(run.stderr).not.toContain('no family renders it');
    const commit = world.gitlab.writes().find((r) => r.path.endsWith('/repository/commits'))!;
    expect((commit.body as { actions: unknown[] }).actions).toEqual([{ action: 'delete', file_path: `${SECTION}/senior.md` }]);
    const mr = world.project.mergeRequests[0]!;
    expect(mr.title).toBe('Job family Widget Engineering Roles: level removed');
    expect(mr.labels).toEqual(['job-family', 'bot:jobfam', 'change:level-removed']);
    expect(mr.description).toMatch(/\| Senior Widget Engineer \| Level removed \| grade 7 \([^)]+\) \|  \|/);
    expect(mr.description).toContain(`- \`${SECTION}/senior.md\` (deleted)`);
    // On the branch the page is gone; on main it stays until the MR is merged.
    expect(world.gitlab.fileAt(world.project, 'jobfam/widgets', `${SECTION}/senior.md`)).toBeUndefined();
    expect(world.gitlab.fileAt(world.project, 'jobfam/widgets', `${SECTION}/intermediate.md`)).toBeDefined();
    expect(world.gitlab.fileAt(world.project, 'main', `${SECTION}/senior.md`)).toBeDefined();
  });

  it('sends nothing on the rerun, and never opens a second MR', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'engineering/widgets/widgets')).toBe('engineering/widgets/widgets: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
    expect(world.project.mergeRequests).toHaveLength(1);
  });

  it("never overwrites a person's commit on the branch: one note and the label, the page stays as they left it", async () => {
    world.gitlab.pushCommit(world.project, 'jobfam/widgets', { [`${SECTION}/senior.md`]: 'kept by a person\n' });
    await world.edit(WIDGETS, () => widgets(['associate']));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'engineering/widgets/widgets')).toBe('engineering/widgets/widgets: skipped: edited by a person !1');
    expect(world.gitlab.writes().map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(world.gitlab.writes().some((r) => r.path.endsWith('/repository/commits'))).toBe(false);
    expect(world.gitlab.fileAt(world.project, 'jobfam/widgets', `${SECTION}/senior.md`)).toBe('kept by a person\n');
  });
});

describe('jobfam bot: a family is removed', { timeout: 60_000 }, () => {
  let world: BotWorld;
  const PAGE = `${TARGET_DIR}/sales/self-service-sales.md`;
  const withoutRemovalReview = (config: string) => config.replace('bot:\n', 'bot:\n  review: [grade, requirements]\n');
  beforeAll(async () => {
    world = await createBotWorld();
    await world.repo.write({ 'job-families/sales/self-service-sales.yml': null });
    await world.edit('_config.yml', withoutRemovalReview);
  });
  afterAll(() => world.close());

  it('is left alone, with no write, when bot.review does not list family-removed', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'sales/self-service-sales')).toBe('sales/self-service-sales: left alone: no review needed (family removed)');
    expect(world.gitlab.writes()).toEqual([]);
  });

  it('by default opens an MR that deletes its page, with a family-removed row per level', async () => {
    await world.edit('_config.yml', (y) => y.replace('  review: [grade, requirements]\n', ''));
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.exitCode).toBe(0);
    expect(lineOf(run.stdout, 'sales/self-service-sales')).toBe('sales/self-service-sales: created !1');
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 5 families: 4 unchanged, 1 created.');
    const mr = world.project.mergeRequests[0]!;
    expect(mr.sourceBranch).toBe('jobfam/self-service-sales');
    expect(mr.title).toMatch(/^Job family .+: family removed$/);
    expect(mr.labels).toEqual(['job-family', 'bot:jobfam', 'change:family-removed']);
    expect(mr.description).toContain('Removes the handbook page of **');
    expect(mr.description).toMatch(/\| [^|]+ \| Family removed \| grade \d+ [^|]*\|  \|/);
    expect(mr.description).toContain(`- \`${PAGE}\` (deleted)`);
    expect(world.gitlab.fileAt(world.project, 'jobfam/self-service-sales', PAGE)).toBeUndefined();
    expect(world.gitlab.fileAt(world.project, 'main', PAGE)).toBeDefined();
  });

  it('sends nothing on the rerun', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(lineOf(run.stdout, 'sales/self-service-sales')).toBe('sales/self-service-sales: unchanged');
    expect(world.gitlab.writes()).toEqual([]);
    expect(world.project.mergeRequests).toHaveLength(1);
  });

  it('once reviewers merge it, the family is gone from the handbook and from the plan', async () => {
    world.gitlab.merge(world.project, 1);
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 4 families: 4 unchanged.');
    expect(world.gitlab.writes()).toEqual([]);
  });
});
