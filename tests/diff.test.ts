// `jobfam diff` on real temporary git repositories: the CLI as users run it, git read through
// ls-tree/cat-file, and the pure diff underneath it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { describeChange } from '../scripts/lib/diff/describe-changes.ts';
import { diffFamilies } from '../scripts/lib/diff/diff-families.ts';
import { matchItems, similarity } from '../scripts/lib/diff/match-items.ts';
import { EMPTY_REVISION } from '../scripts/lib/load/read-git.ts';
import { withDefaults } from '../scripts/lib/family-format.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { type Change } from '../scripts/lib/changes.ts';
import { createBotGitRepo } from './helpers/bot-git.ts';
import { familiesDir } from './helpers/paths.ts';
import { jobfam } from './helpers/cli.ts';

/** The CLI as a real process: for the cases about what a user sees (exit codes, output streams). */

/** The same CLI through main() in this process (git still real): for the many cases about content. */
async function jobfamHere(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(args, {}, { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

const GRADES = readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8');
const CONFIG = 'company: GitLab\nhandbookUrl: https://handbook.gitlab.com\n';

/** A small family in the shape people write by hand; `edit` tweaks the YAML text. */
function engineering(edit: (yaml: string) => string = (y) => y): string {
  return edit(`frontMatter:
  title: Backend Engineering
levels:
  - id: engineer
    title: Backend Engineer
    grade: 6
    responsibilities:
      - Ship features end to end.
      - Review merge requests from peers.
    requirements:
      - Three years of experience with Ruby or Go.
      - Ability to use GitLab.
  - id: senior
    title: Senior Backend Engineer
    grade: 7
    extends:
      responsibilities: engineer
      requirements: engineer
    responsibilities:
      - Lead the design of large features.
    requirements:
      - Mentors other engineers.
hiringProcess:
  - A screening call with a recruiter.
`);
}

async function repoWith(families: Record<string, string>) {
  const files: Record<string, string> = { 'job-families/_grades.yml': GRADES, 'job-families/_config.yml': CONFIG };
  for (const [name, yaml] of Object.entries(families)) files[`job-families/${name}`] = yaml;
  return createBotGitRepo(files);
}

describe('jobfam diff on a git repository', () => {
  it('with --from forty zeros, reports every family as new, with its levels and grades', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    const run = await jobfam(['diff', '--from', EMPTY_REVISION, '--to', 'HEAD'], repo.dir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'Backend Engineering (engineering/backend.yml)\n' +
        '  new family with 2 levels: Backend Engineer (grade 6), Senior Backend Engineer (grade 7)',
    );
  });

  it('compares a revision with the working tree by default: a grade change and a reworded requirement', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    await repo.write({
      'job-families/engineering/backend.yml': engineering((y) =>
        y.replace('grade: 7', 'grade: 8').replace('Three years of experience with Ruby or Go.', 'Four years of experience with Ruby or Go.'),
      ),
    });
    const run = await jobfamHere(['diff', '--from', 'HEAD'], repo.dir);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('  Senior Backend Engineer: grade 7 → 8');
    expect(lines).toContain('  Backend Engineer: reworded requirement “Three years of experience with Ruby or Go.” → “Four years of experience with Ruby or Go.”');
    // Not shown as a removal plus an addition.
    expect(run.stdout).not.toMatch(/added requirement|removed requirement/);
    // The senior level inherits the engineer's requirements, so its resolved list changed too.
    expect(lines).toContain('  Senior Backend Engineer: inherited requirements from Backend Engineer changed (1 reworded)');
  });

  it('matches a renamed level by id, and names a moved family file', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    await repo.write({ 'job-families/engineering/backend.yml': null, 'job-families/development/backend.yml': engineering((y) => y.replace('title: Senior Backend Engineer', 'title: Backend Engineer II')) });
    const to = await repo.commit('rename the senior level and move the family');
    const run = await jobfamHere(['diff', '--from', repo.base, '--to', to, '--format', 'json'], repo.dir);
    expect(run.exitCode).toBe(0);
    const { changes } = JSON.parse(run.stdout) as { changes: Change[] };
    expect(changes.map((c) => c.kind)).toEqual(['family-moved', 'level-renamed']);
    expect(changes[0]).toMatchObject({ from: 'engineering/backend.yml', family: { path: 'development/backend.yml' } });
    expect(changes[1]).toMatchObject({ level: { id: 'senior', title: 'Backend Engineer II' }, from: 'Senior Backend Engineer' });
  });

  it('explains an inherited list that changes because its source level changed', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    await repo.write({ 'job-families/engineering/backend.yml': engineering((y) => y.replace('      - Review merge requests from peers.\n', '      - Review merge requests from peers.\n      - Be on call one week a quarter.\n')) });
    const run = await jobfamHere(['diff', '--from', 'HEAD', '--format', 'markdown'], repo.dir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '### Backend Engineering',
        '',
        '`engineering/backend.yml`',
        '',
        '- Backend Engineer: added responsibility “Be on call one week a quarter.”',
        '- Senior Backend Engineer: inherited responsibilities from Backend Engineer changed (1 added)',
      ].join('\n'),
    );
  });

  it('summarises the rest: hiring process, and a layout-only change', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    await repo.write({ 'job-families/engineering/backend.yml': engineering((y) => y.replace('A screening call', 'A short screening call') + 'handbook:\n  bullet: "*"\n  outline: [hiringProcess, {heading: "## Levels", body: [{level: engineer, heading: "### {{title}}", body: [grade, responsibilities, requirements]}, {level: senior, heading: "### {{title}}", body: [grade, responsibilities, requirements]}]}]\n') });
    const run = await jobfamHere(['diff', '--from', 'HEAD'], repo.dir);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(1)).toEqual(['  hiring process changed']);

    await repo.write({ 'job-families/engineering/backend.yml': engineering((y) => y + 'handbook:\n  bullet: "*"\n  outline: [hiringProcess, {heading: "## Levels", body: [{level: engineer, heading: "### {{title}}", body: [grade, responsibilities, requirements]}, {level: senior, heading: "### {{title}}", body: [grade, responsibilities, requirements]}]}]\n') });
    const layout = await jobfamHere(['diff', '--from', 'HEAD'], repo.dir);
    expect(layout.stdout.split('\n').slice(1)).toEqual(['  page layout only (no change to the content)']);
  });

  it('fails with a located diagnostic and exit 1 when a file is invalid at one revision', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering((y) => y.replace('grade: 7', 'grade: 42')) });
    await repo.write({ 'job-families/engineering/backend.yml': engineering() });
    const run = await jobfam(['diff', '--from', 'HEAD'], repo.dir);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('HEAD:job-families/engineering/backend.yml:15:12  error  grade-unknown  Grade 42 is not in the grade table.');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('is a usage error without --from, or with an unknown revision', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    expect((await jobfam(['diff'], repo.dir)).exitCode).toBe(2);
    const unknown = await jobfam(['diff', '--from', 'no-such-branch'], repo.dir);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no-such-branch is not a commit');
  });

  it('says so when nothing changed', async () => {
    const repo = await repoWith({ 'engineering/backend.yml': engineering() });
    const run = await jobfamHere(['diff', '--from', 'HEAD'], repo.dir);
    expect(run.stdout).toBe('No job-family changes between HEAD and working tree.');
  });
});

describe('the pure diff', () => {
  const family = (levels: Partial<JobFamily['levels'][number]>[]): JobFamily =>
    withDefaults({ frontMatter: { title: 'F' }, levels: levels.map((l, i) => ({ id: `l${i}`, title: `L${i}`, grade: 6, ...l })) } as JobFamily);
  const version = (f: JobFamily) => [{ slug: 'f', path: 'f.yml', family: f }];

  it('reports added, removed and renamed levels by id', () => {
    const before = family([{ id: 'a', title: 'A' }, { id: 'b', title: 'B', grade: 7 }]);
    const after = family([{ id: 'a', title: 'A one' }, { id: 'c', title: 'C', grade: 8, requirements: ['X'] }]);
    expect(diffFamilies(version(before), version(after)).map((c) => c.kind)).toEqual(['level-removed', 'level-renamed', 'level-added']);
  });

  it('pairs rewordings by similarity, not by position', () => {
    const m = matchItems(
      ['Ability to use GitLab.', 'Strong written communication.', 'Five years of sales experience.'],
      ['Six years of sales experience.', 'Experience with Salesforce.', 'Ability to use GitLab daily.'],
    );
    expect(m.reworded).toEqual([
      { from: 'Five years of sales experience.', to: 'Six years of sales experience.' },
      { from: 'Ability to use GitLab.', to: 'Ability to use GitLab daily.' },
    ]);
    expect(m.added).toEqual(['Experience with Salesforce.']);
    expect(m.removed).toEqual(['Strong written communication.']);
    expect(similarity('Ship features end to end.', 'Mentors other engineers.')).toBe(0);
  });

  it('diffs specialties by id, and names removed families', () => {
    const withSpecialty = (requirements: string[]) =>
      ({ ...family([{ id: 'a', title: 'A' }]), specialties: [{ id: 'field', name: 'Field', title: 'Field A', intro: null, responsibilities: [], requirements }] }) as JobFamily;
    const changes = diffFamilies(
      [...version(withSpecialty(['Travel up to 50% of the time.'])), { slug: 'gone', path: 'gone.yml', family: family([]) }],
      version(withSpecialty(['Travel up to 30% of the time.'])),
    );
    expect(changes.map((c) => describeChange(c))).toEqual([
      'Specialty Field: reworded requirement “Travel up to 50% of the time.” → “Travel up to 30% of the time.”',
      'family removed',
    ]);
  });

  it('sees a pure reordering as an order change only', () => {
    const m = matchItems(['A b c', 'D e f'], ['D e f', 'A b c']);
    expect(m).toEqual({ added: [], removed: [], reworded: [], reordered: true });
  });
});
