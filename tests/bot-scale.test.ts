// 45 families: every list the bot reads is longer than a page, so gitbeaker must follow GitLab's
// Link headers; and a rerun over 45 open MRs still sends no write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botStderr, createBotWorld, type BotWorld } from './helpers/bot-world.ts';

const AREAS = ['engineering', 'sales', 'support'] as const;

function family(n: number, grade: number): string {
  return `frontMatter:
  title: Family ${n}
levels:
  - id: member
    title: Member of Family ${n}
    grade: ${grade}
    responsibilities:
      - Own outcome ${n} end to end.
    requirements:
      - Experience number ${n}.
  - id: lead
    title: Lead of Family ${n}
    grade: ${grade + 1}
    requirements:
      - Leads people in area ${n}.
`;
}

const families = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`${AREAS[i % 3]}/family-${String(i + 1).padStart(2, '0')}.yml`, family(i + 1, 6)]));

let world: BotWorld;
beforeAll(async () => {
  // GitLab's page cap is 100; 20 here makes 45 pages of handbook span three pages of tree listing.
  world = await createBotWorld({ families, withoutBundled: true, gitlab: { maxPerPage: 20 } });
});
afterAll(() => world.close());

describe('jobfam bot with 45 families', { timeout: 90_000 }, () => {
  it('opens one MR per changed family, reading paginated lists to the end', async () => {
    for (const [file] of Object.entries(families)) await world.repo.write({ [`job-families/${file}`]: families[file]!.replace('grade: 6', 'grade: 7').replace('grade: 7\n    requirements:\n      - Leads', 'grade: 8\n    requirements:\n      - Leads') });
    await world.repo.commit('raise every grade');
    const run = await world.run();
    expect(botStderr(run.stderr)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').filter((l) => / created !\d+$/.test(l))).toHaveLength(45);
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 45 families: 45 created.');
    expect(world.project.mergeRequests).toHaveLength(45);
    expect(new Set(world.project.mergeRequests.map((m) => m.sourceBranch)).size).toBe(45);
    const tree = world.gitlab.log.filter((r) => r.path.endsWith('/repository/tree'));
    expect(tree.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(world.project.mergeRequests[44]!.description).toContain('| Lead of Family 45 | Grade | 7 (Senior) | 8 (Staff / Manager) |');
  });

  it('sends no write on the rerun', async () => {
    world.gitlab.clearLog();
    const run = await world.runInProcess();
    expect(run.stdout.split('\n').at(-1)).toBe('jobfam bot: 45 families: 45 unchanged.');
    expect(world.gitlab.writes()).toEqual([]);
  });
});
