// The bot's pure parts, as tables: config resolution, branch names, the marker, the description a
// reviewer reads, redaction, Retry-After, and the decisions ensureMergeRequest takes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchNameOf, describeMergeRequest, formatMarker, hashDescription, parseMarker, type BotMarker } from '../scripts/lib/bot/describe-merge-request.ts';
import { decideMergeRequest, editedByPerson, BOT_AUTHOR, type MrState } from '../scripts/lib/bot/ensure-merge-request.ts';
import { retryAfterMs } from '../scripts/lib/bot/gitbeaker-adapter.ts';
import { type GitLabMergeRequest } from '../scripts/lib/bot/gitlab-port.ts';
import { importFamilyPages, descriptionOf, planMergeRequest, type MrPlan } from '../scripts/lib/bot/plan-merge-requests.ts';
import { createRedactor, excerpt } from '../scripts/lib/bot/redact.ts';
import { resolveCommand } from '../scripts/lib/config.ts';
import { diffFamilies } from '../scripts/lib/diff/diff-families.ts';
import { importSplitFamily } from '../scripts/lib/import/split-family.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { type Change } from '../scripts/lib/changes.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { familiesDir, sharedDir } from './helpers/paths.ts';

const API = { CI_API_V4_URL: 'https://gitlab.example.com/api/v4/' };

describe('resolveCommand bot', () => {
  it.each([
    ['the token from JOBFAM_GITLAB_TOKEN', { ...API, JOBFAM_GITLAB_TOKEN: 't1', GITLAB_TOKEN: 't2' }, [], { dryRun: false, dryRunReason: null, token: 't1' }],
    ['GITLAB_TOKEN as the fallback', { ...API, GITLAB_TOKEN: 't2' }, [], { dryRun: false, token: 't2' }],
    ['no token: a dry run', { ...API }, [], { dryRun: true, dryRunReason: 'no-token', token: null }],
    ['--dry-run with a token', { ...API, GITLAB_TOKEN: 't2' }, ['--dry-run'], { dryRun: true, dryRunReason: 'flag' }],
    ['JOBFAM_BOT_DRY_RUN=1', { ...API, GITLAB_TOKEN: 't2', JOBFAM_BOT_DRY_RUN: '1' }, [], { dryRun: true, dryRunReason: 'flag' }],
  ])('%s', (_name, env, args, expected) => {
    const resolved = resolveCommand(['bot', ...args], env);
    if (!resolved.ok || resolved.value.command !== 'bot') throw new Error('not a bot command');
    const { dryRun, dryRunReason } = resolved.value;
    expect({ dryRun, dryRunReason, token: resolved.value.gitlab.token }).toMatchObject(expected);
    expect(resolved.value.gitlab.apiUrl).toBe('https://gitlab.example.com/api/v4');
  });

  it('reads the CI variables and the target overrides once', () => {
    const resolved = resolveCommand(['bot'], {
      ...API,
      CI_PROJECT_ID: '42',
      CI_DEFAULT_BRANCH: 'main',
      CI_COMMIT_SHA: 'abc',
      JOBFAM_TARGET_PROJECT: 'group/handbook',
      JOBFAM_TARGET_DIR: 'content/jobs',
    });
    expect(resolved.ok && resolved.value).toMatchObject({
      gitlab: { projectId: '42', defaultBranch: 'main', commitSha: 'abc' },
      targetProject: 'group/handbook',
      targetDir: 'content/jobs',
    });
  });

  it('without CI_API_V4_URL is an offline dry run against the pages HEAD renders to', () => {
    const resolved = resolveCommand(['bot'], { JOBFAM_GITLAB_TOKEN: 'glpat-secret-token' });
    expect(resolved.ok && resolved.value).toMatchObject({ dryRun: true, dryRunReason: 'offline', published: 'HEAD', gitlab: { apiUrl: null } });
  });

  it('--published REV is an offline dry run even with GitLab configured; an empty REV is a usage error', () => {
    const resolved = resolveCommand(['bot', '--published', 'origin/main'], { ...API, JOBFAM_GITLAB_TOKEN: 'glpat-secret-token' });
    expect(resolved.ok && resolved.value).toMatchObject({ dryRun: true, dryRunReason: 'offline', published: 'origin/main' });
    const empty = resolveCommand(['bot', '--published='], API);
    expect(!empty.ok && empty.usage).toMatch(/^--published needs a git revision/);
  });
});

describe('the bot: config block', () => {
  const source = (text: string) => ({ path: 'job-families/_config.yml', relativePath: '_config.yml', text });
  const check = (text: string) =>
    validateFamilies({ root: 'job-families', families: [], grades: source('grades: [{grade: 8, label: x, link: /x}]\n'), config: source(text) }).diagnostics;

  it('accepts the documented keys', () => {
    const config = 'company: X\nhandbookUrl: https://x.example\nbot:\n  targetProject: group/handbook\n  targetDir: content/jobs\n  review: [grade, requirements, family-added]\n  labels: {grade: [comp]}\n  reviewers: {grade: [alice]}\n';
    expect(check(config)).toEqual([]);
  });

  it('rejects a misspelt key and an unknown change kind, located', () => {
    const diagnostics = check('company: X\nhandbookUrl: https://x.example\nbot:\n  reviewer: {grade: [alice]}\n  review: [grades]\n');
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['4:3 schema-unknown-key', '5:12 schema-enum']);
  });
});

describe('branch names', () => {
  it.each([
    ['software-engineer', 'jobfam/software-engineer'],
    ['..weird name~^:?*[x]', 'jobfam/weird-name-x'],
    ['-a--b-', 'jobfam/a-b'],
    ['x.lock', 'jobfam/x'],
  ])('%s → %s', (slug, branch) => expect(branchNameOf(slug)).toBe(branch));

  it('caps long names and keeps them distinct with a hash', () => {
    const a = branchNameOf('a'.repeat(150));
    const b = branchNameOf(`${'a'.repeat(149)}b`);
    expect(a.length).toBeLessThanOrEqual(108);
    expect(a).not.toBe(b);
  });
});

const marker: BotMarker = { v: 1, family: 'x-->y', fingerprint: 'sha256:abc', sourceSha: 's', commit: 'c', base: 'b', labels: ['job-family'] };

describe('the marker and the description', () => {
  it('round-trips the marker, even with "-->" inside, and rejects garbage', () => {
    const text = `Some text\n\n${formatMarker(marker)}`;
    expect(text.match(/-->/g)).toHaveLength(1);
    expect(parseMarker(text)).toEqual(marker);
    expect(parseMarker('<!-- jobfam-bot:{not json} -->')).toBeNull();
    expect(parseMarker('no marker')).toBeNull();
  });

  it('compares descriptions by their visible text, whitespace normalised', () => {
    expect(hashDescription(`a  b\n\nc\n${formatMarker(marker)}`)).toBe(hashDescription('a b c'));
    expect(hashDescription('a b c')).not.toBe(hashDescription('a b d'));
  });

  it('escapes data in the table so it cannot break the table or inject HTML', () => {
    const family = { slug: 'f', title: 'F <b>', path: 'f.yml' };
    const scope = { kind: 'level' as const, id: 'l', title: 'Level | One' };
    const changes: Change[] = [{ kind: 'item-added', family, scope, list: 'requirements', text: 'Uses <script>alert(1)</script> and a | pipe' }];
    const text = describeMergeRequest({ family, sourcePath: 'job-families/f.yml', changes, reviewKinds: ['requirements'], files: [{ path: 'h/f.md', exists: true }], marker });
    expect(text).toContain('| Level \\| One | Requirement added |  | Uses \\<script\\>alert(1)\\</script\\> and a \\| pipe |');
    expect(text).toContain('**F \\<b\\>**');
    expect(text).not.toContain('<script>');
  });
});

describe('redaction and Retry-After', () => {
  it('masks the token and its URL-encoded form', () => {
    const redact = createRedactor(['s3cr+t/token', null, undefined]);
    expect(redact('a s3cr+t/token b s3cr%2Bt%2Ftoken c')).toBe('a [MASKED] b [MASKED] c');
    expect(createRedactor([])('unchanged')).toBe('unchanged');
  });

  it('masks base64 of the token wherever it starts inside a longer string, in both alphabets', () => {
    const token = 'glpat-a+b/c=dEFGhijkl';
    const redact = createRedactor([token]);
    for (const prefix of ['', 'u', 'us', 'user:', 'oauth2:', 'gitlab-ci-token:']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const text = Buffer.from(`${prefix}${token};rest`).toString(encoding);
        const masked = redact(text);
        expect(masked, `${encoding} of ${prefix}…`).toContain('[MASKED]');
        // What is left around the mask decodes to no more than a byte or two of the token.
        expect(masked.replace('[MASKED]', '').length).toBeLessThan(text.length - 20);
      }
    }
  });

  it('masks whole credential headers, a form-encoded token, and leaves GitLab\'s own words alone', () => {
    const redact = createRedactor(['s3cr+t token/x']);
    expect(redact('Authorization: Basic dXNlcjpvdGhlci1zZWNyZXQ=')).toBe('Authorization: Basic [MASKED]');
    expect(redact('authorization: Bearer abcdefgh12345678')).toBe('authorization: Bearer [MASKED]');
    expect(redact('"private-token":"anything-at-all"')).toBe('"private-token":"[MASKED]"');
    expect(redact('q=s3cr%2Bt+token%2fx&')).toBe('q=[MASKED]&');
    const gitlab = 'Token is expired. You can either do re-authorization or token refresh.';
    expect(redact(gitlab)).toBe(gitlab);
  });

  it('cuts a long error body to a short excerpt', () => {
    expect(excerpt('a  b\n c')).toBe('a b c');
    expect(excerpt('x'.repeat(500))).toBe(`${'x'.repeat(200)}… (300 more characters)`);
  });

  it.each([
    ['2', 2000],
    ['Wed, 21 Oct 2015 07:28:05 GMT', 5000],
    ['soon', null],
    [null, null],
  ])('Retry-After %s → %s ms', (header, ms) => expect(retryAfterMs(header, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms));
});

const bot = BOT_AUTHOR.email;
describe('editedByPerson', () => {
  it.each([
    ['only the bot above the base', [{ id: 'c2', authorEmail: bot }, { id: 'base', authorEmail: 'p' }], false],
    ['a person on top', [{ id: 'c3', authorEmail: 'p' }, { id: 'c2', authorEmail: bot }, { id: 'base', authorEmail: 'p' }], true],
    ['a person under the bot (force-pushed)', [{ id: 'c3', authorEmail: bot }, { id: 'c2', authorEmail: 'p' }, { id: 'base', authorEmail: 'p' }], true],
  ])('%s', (_name, commits, edited) => {
    expect(editedByPerson(commits.map((c) => ({ ...c, parentIds: [] })), new Set(['base']))).toBe(edited);
  });
});

describe('decideMergeRequest', () => {
  const family = { slug: 'f', title: 'F', path: 'f.yml' };
  const grades = [{ grade: 8, label: 'x', link: '/x' }];
  const page = (grade: number) => `---\ntitle: F\n---\n\n## Levels\n\n### A\n\n#### A Job Grade\n\nThe A is a [grade ${grade}](/x).\n`;
  const plan = (review?: MrPlan['reviewKinds'], published: string | null = page(8)): MrPlan =>
    planMergeRequest({ family, sourcePath: 'job-families/f.yml', pages: [{ path: 'h/f.md', content: page(9) }] }, new Map([['h/f.md', published]]), {
      targetBranch: 'main',
      sourceSha: 's',
      grades,
      bot: review ? { review } : {},
    });
  const mr = (over: Partial<GitLabMergeRequest>): GitLabMergeRequest => ({
    iid: 7,
    state: 'opened',
    title: 't',
    description: '',
    sourceBranch: 'jobfam/f',
    targetBranch: 'main',
    labels: [],
    reviewerIds: [],
    webUrl: null,
    ...over,
  });
  const state = (mergeRequests: GitLabMergeRequest[]): MrState => ({ mergeRequests, branchHead: null, branchCommits: [], branchFiles: new Map() });
  const context = { defaultHead: 'base', reviewerIds: [] };

  it('classifies a grade change for review, and a new family only when configured', () => {
    expect(plan()).toMatchObject({ status: 'review', reviewKinds: ['grade'], labels: ['job-family', 'bot:jobfam', 'change:grade'] });
    expect(plan(undefined, null)).toMatchObject({ status: 'no-review', changes: [{ kind: 'family-added' }] });
    expect(plan(['family-added'], null)).toMatchObject({ status: 'review', reviewKinds: ['family-added'], labels: ['job-family', 'bot:jobfam', 'change:family-added'] });
  });

  it("treats a family's pages as a set: only the changed ones go into the commit and the description", () => {
    const pages = [
      { path: 'h/f/_index.md', content: page(9) },
      { path: 'h/f/other.md', content: '---\ntitle: Other\n---\n\nSame text.\n' },
    ];
    const published = new Map<string, string | null>([
      ['h/f/_index.md', page(8)],
      ['h/f/other.md', pages[1]!.content],
    ]);
    const p = planMergeRequest({ family, sourcePath: 'job-families/f.yml', pages }, published, { targetBranch: 'main', sourceSha: 's', grades, bot: {} });
    expect(p.files.map((f) => [f.path, f.changed])).toEqual([
      ['h/f/_index.md', true],
      ['h/f/other.md', false],
    ]);
    const text = descriptionOf(p, {});
    expect(text).toContain('- `h/f/_index.md` (updated)');
    expect(text).not.toContain('h/f/other.md');
  });

  it.each([
    ['no MR yet', [], { action: 'create', commit: true }],
    ['an MR re-targeted by a person', [mr({ targetBranch: 'release' })], { action: 'none', outcome: { kind: 'skipped-retargeted', iid: 7 } }],
    ['an MR with the stop label', [mr({ labels: ['jobfam-bot:stop'] })], { action: 'none', outcome: { kind: 'skipped-edited', iid: 7 } }],
    ['an MR someone else opened, without a marker', [mr({})], { action: 'update', commit: true, marker: null }],
  ])('%s', (_name, mergeRequests, decision) => {
    expect(decideMergeRequest(plan(), state(mergeRequests), context)).toMatchObject(decision);
  });

  it('brings only the MR up to date, without a commit, when its content is current but its labels are not', () => {
    const p = plan();
    const open = mr({ title: p.title, labels: ['job-family'], description: formatMarker({ ...marker, fingerprint: p.fingerprint, labels: ['job-family'] }) });
    expect(decideMergeRequest(p, state([open]), context)).toMatchObject({ action: 'update', commit: false });
  });

  it('ignores a closed MR for the same content, but not for new content', () => {
    const p = plan();
    const closed = mr({ state: 'closed', description: formatMarker({ ...marker, fingerprint: p.fingerprint }) });
    expect(decideMergeRequest(p, state([closed]), context)).toMatchObject({ action: 'none', outcome: { kind: 'ignored-closed', iid: 7 } });
    const older = mr({ state: 'closed', description: formatMarker(marker) });
    expect(decideMergeRequest(p, state([older]), context)).toMatchObject({ action: 'create' });
    // Closed by the bot itself (the change was reverted), then the change came back: a fresh MR.
    const autoclosed = mr({ state: 'closed', title: 't - autoclosed', description: formatMarker({ ...marker, fingerprint: p.fingerprint }) });
    expect(decideMergeRequest(p, state([autoclosed]), context)).toMatchObject({ action: 'create' });
    // Any MR reviewers closed for this content counts, not only the newest.
    expect(decideMergeRequest(p, state([mr({ iid: 9, state: 'closed', description: formatMarker(marker) }), closed]), context)).toMatchObject({
      outcome: { kind: 'ignored-closed', iid: 7 },
    });
  });
});

describe('importFamilyPages: a family split over a Hugo section folder', () => {
  const folder = path.join(sharedDir, 'handbook-pages-2/engineering/backend');
  const pages = readdirSync(folder)
    .sort()
    .map((name) => ({ path: `handbook/engineering/backend/${name}`, text: readFileSync(path.join(folder, name), 'utf8') }));
  const grades = validateFamilies({ root: familiesDir, families: [], grades: { path: '_grades.yml', relativePath: '_grades.yml', text: readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8') }, config: null }).grades;
  const version = (family: JobFamily) => [{ slug: 'backend', path: 'engineering/backend.yml', family }];

  it('reads the index and the level pages as one family, its levels from the level pages', () => {
    const family = importFamilyPages(pages, grades)!;
    expect(family.levels.map((l) => [l.id, l.grade])).toEqual(
      importSplitFamily(...splitInputs(pages), grades).family.levels.map((l) => [l.id, l.grade]),
    );
    expect(family.levels.length).toBe(pages.length - 1);
  });

  it('classifies a grade edit on one level page as that one grade change', () => {
    const before = importFamilyPages(pages, grades)!;
    const edited = pages.map((p) => (p.path.endsWith('/senior.md') ? { ...p, text: p.text.replace('is a [grade 7]', 'is a [grade 8]') } : p));
    const changes = diffFamilies(version(before), version(importFamilyPages(edited, grades)!));
    expect(changes.map((c) => c.kind)).toEqual(['grade-changed']);
  });
});

function splitInputs(pages: readonly { path: string; text: string }[]) {
  const input = (page: { path: string; text: string }) => ({ file: page.path, folder: '', name: page.path.split('/').at(-1)!, named: false, text: page.text });
  const index = pages.find((p) => p.path.endsWith('/_index.md'))!;
  return [input(index), pages.filter((p) => p !== index).map(input)] as const;
}
