// What a reviewer reads: the MR title and description, built from the family's changes; and the
// hidden marker that lets the next run recognise its own MR. Pure.
import { createHash } from 'node:crypto';
import type { Change, FamilyRef, ReviewKind } from '../changes.ts';
import { describeChange, describeWhat, escapeMarkdown, reviewKindsOf, subjectOf } from '../diff/describe-changes.ts';

/** The state the bot left an MR in, kept in the description's last line. */
export interface BotMarker {
  v: 1;
  family: string;
  /** sha256 of the family's generated pages: equal fingerprint = nothing new to propose. */
  fingerprint: string;
  /** The source commit the pages were generated from. */
  sourceSha: string | null;
  /** The bot's commit on the branch, and the default-branch commit it sits on. */
  commit: string | null;
  base: string | null;
  /** Labels the bot set (it only ever removes these). */
  labels: string[];
}

export const MARKER_PREFIX = '<!-- jobfam-bot:';
/** GitLab's limit is 1,048,576 characters; stay well below it. */
export const DESCRIPTION_LIMIT = 200_000;
export const TITLE_LIMIT = 255;

export function fingerprintOf(files: readonly { path: string; content: string | null }[]): string {
  const hash = createHash('sha256');
  // A deleted page counts as such: its absence is part of what the MR proposes.
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(file.content === null ? `${file.path}\0\0deleted\0` : `${file.path}\0${file.content}\0`);
  return `sha256:${hash.digest('hex')}`;
}

/** `jobfam/<slug>`, stripped of what git refs forbid; long names are cut and keep a hash. */
export function branchNameOf(slug: string): string {
  let name = slug
    .replace(/[\s~^:?*[\]\\<>]+/g, '-')
    .replace(/\.\.+/g, '.')
    .replace(/\/\./g, '/')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/\.lock$/, '');
  if (name === '') name = 'family';
  if (name.length > 100) name = `${name.slice(0, 80).replace(/[.-]+$/, '')}-${createHash('sha256').update(slug).digest('hex').slice(0, 8)}`;
  return `jobfam/${name}`;
}

export function formatMarker(marker: BotMarker): string {
  // "-->" inside the JSON would end the comment early.
  return `${MARKER_PREFIX}${JSON.stringify(marker).replace(/-->/g, '--\\u003e')} -->`;
}

export function parseMarker(description: string | null | undefined): BotMarker | null {
  if (!description) return null;
  const at = description.lastIndexOf(MARKER_PREFIX);
  if (at < 0) return null;
  const end = description.indexOf(' -->', at);
  try {
    const value = JSON.parse(description.slice(at + MARKER_PREFIX.length, end < 0 ? undefined : end)) as Partial<BotMarker>;
    if (value.v !== 1 || typeof value.fingerprint !== 'string') return null;
    return {
      v: 1,
      family: String(value.family ?? ''),
      fingerprint: value.fingerprint,
      sourceSha: value.sourceSha ?? null,
      commit: value.commit ?? null,
      base: value.base ?? null,
      labels: Array.isArray(value.labels) ? value.labels.map(String) : [],
    };
  } catch {
    return null;
  }
}

/** Hash of the visible text, whitespace normalised: two descriptions that read the same are the same. */
export function hashDescription(description: string): string {
  const at = description.lastIndexOf(MARKER_PREFIX);
  const visible = (at < 0 ? description : description.slice(0, at)).replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(visible).digest('hex');
}

const KIND_NAMES: Record<ReviewKind, string> = {
  grade: 'grade',
  requirements: 'requirements',
  responsibilities: 'responsibilities',
  'family-added': 'new family',
  'family-removed': 'family removed',
  'family-moved': 'family moved',
  'level-added': 'new level',
  'level-removed': 'level removed',
  'level-renamed': 'level renamed',
  'pay-band': 'pay bands',
  other: 'other changes',
};

/** "Sales Systems Leadership: grade and requirements" (≤ 255 characters, no NUL). */
export function titleOf(family: FamilyRef, kinds: readonly ReviewKind[]): string {
  const what = kinds.map((k) => KIND_NAMES[k]);
  const list = what.length <= 1 ? (what[0] ?? 'update') : `${what.slice(0, -1).join(', ')} and ${what.at(-1)}`;
  const title = `Job family ${family.title.replace(/\0/g, '')}: ${list}`;
  return title.length <= TITLE_LIMIT ? title : `${title.slice(0, TITLE_LIMIT - 1)}…`;
}

interface Row {
  who: string;
  change: string;
  before: string;
  after: string;
}

const cell = (text: string) => (text === '' ? '' : escapeMarkdown(text));

/** The grade and requirement rows of the table, level by level in the order the changes come. */
function tableRows(changes: readonly Change[], gradeLabels: Readonly<Record<string, string>>): Row[] {
  // "9 (Principal / Senior Manager)": reviewers think in the ladder's names as much as its numbers.
  const gradeText = (grade: number | null) => (grade === null ? 'none' : gradeLabels[grade] ? `${grade} (${gradeLabels[grade]})` : String(grade));
  const rows: Row[] = [];
  for (const c of changes) {
    const who = subjectOf(c) || 'All levels';
    if (c.kind === 'family-added') {
      for (const level of c.levels) rows.push({ who: level.title, change: 'New level', before: '', after: `grade ${gradeText(level.grade)}` });
    } else if (c.kind === 'family-removed') {
      const levels = c.levels ?? [];
      if (levels.length === 0) rows.push({ who: 'All levels', change: 'Family removed', before: '', after: '' });
      for (const level of levels) rows.push({ who: level.title, change: 'Family removed', before: `grade ${gradeText(level.grade)}`, after: '' });
    } else if (c.kind === 'grade-changed') rows.push({ who, change: 'Grade', before: gradeText(c.from), after: gradeText(c.to) });
    else if (c.kind === 'level-added') rows.push({ who, change: 'New level', before: '', after: `grade ${gradeText(c.grade)}, ${c.requirements} requirements` });
    else if (c.kind === 'level-removed') rows.push({ who, change: 'Level removed', before: `grade ${gradeText(c.grade)}`, after: '' });
    else if (!('list' in c) || c.list !== 'requirements') continue;
    else if (c.kind === 'item-added') rows.push({ who, change: 'Requirement added', before: '', after: c.text });
    else if (c.kind === 'item-removed') rows.push({ who, change: 'Requirement removed', before: c.text, after: '' });
    else if (c.kind === 'item-reworded') rows.push({ who, change: 'Requirement reworded', before: c.from, after: c.to });
    else if (c.kind === 'inherited-changed') rows.push({ who, change: 'Inherited requirements', before: '', after: describeWhat(c) });
  }
  return rows;
}

function inTable(c: Change): boolean {
  if (c.kind === 'family-added' || c.kind === 'family-removed' || c.kind === 'grade-changed' || c.kind === 'level-added' || c.kind === 'level-removed') return true;
  return 'list' in c && c.list === 'requirements';
}

/** Where the change comes from, as the description names it. */
const sourceOf = (marker: BotMarker) => (marker.sourceSha ? `commit \`${marker.sourceSha.slice(0, 12)}\`` : 'the working tree');

const fileLine = (file: { path: string; exists: boolean; content?: string | null }) =>
  `- \`${file.path}\` (${file.content === null ? 'deleted' : file.exists ? 'updated' : 'new'})`;

/** The description as GitLab takes it: within its size limit, without NULs, the bot's marker last. */
function finish(lines: readonly string[], marker: BotMarker): string {
  let text = lines.join('\n');
  if (text.length > DESCRIPTION_LIMIT) text = `${text.slice(0, DESCRIPTION_LIMIT)}\n\n… (description shortened: see \`jobfam diff\` for the full list)`;
  return `${text.replace(/\0/g, '')}\n\n${formatMarker(marker)}`;
}

export interface DescriptionInput {
  family: FamilyRef;
  /** Where the YAML lives in the source repository, e.g. job-families/sales/x.yml. */
  sourcePath: string;
  changes: readonly Change[];
  reviewKinds: readonly ReviewKind[];
  /** `content: null`: the page is deleted. */
  files: readonly { path: string; exists: boolean; content?: string | null }[];
  marker: BotMarker;
  /** Every page of the family is deleted: no family file renders it any more. */
  removal?: boolean;
  /** Grade number → label from _grades.yml, shown beside the numbers. */
  gradeLabels?: Readonly<Record<string, string>>;
  /** The family's gender-coded verdict when it changed (language checks on). */
  language?: { before: { verdict: string } | null; after: { verdict: string; masculine: number; feminine: number } } | undefined;
}

/** The MR description: what to approve (a table), the rest summarised, the files, then the marker. */
export function describeMergeRequest(input: DescriptionInput): string {
  const { family, marker } = input;
  const source = sourceOf(marker);
  const counted = input.reviewKinds.map((kind) => {
    const n = input.changes.filter((c) => reviewKindsOf(c).includes(kind)).length;
    return `${KIND_NAMES[kind]} (${n} change${n === 1 ? '' : 's'})`;
  });
  const lines: string[] = [
    input.removal
      ? `Removes the handbook page of **${escapeMarkdown(family.title)}**: no family file renders it any more at ${source} (it was rendered from \`${input.sourcePath}\`).`
      : `Updates the handbook page of **${escapeMarkdown(family.title)}** to match \`${input.sourcePath}\` at ${source}.`,
    '',
    `**Review needed for:** ${counted.join(', ')}.`,
  ];
  const language = input.language;
  if (language) {
    const was = language.before ? ` (was ${language.before.verdict})` : '';
    lines.push('', `**Language:** the wording now reads ${language.after.verdict}${was}: ${language.after.masculine} masculine-coded and ${language.after.feminine} feminine-coded words.`);
  }
  const rows = tableRows(input.changes, input.gradeLabels ?? {});
  if (rows.length > 0) {
    lines.push('', '### Grade and requirement changes', '', '| Level | Change | Before | After |', '| --- | --- | --- | --- |');
    for (const row of rows) lines.push(`| ${cell(row.who)} | ${row.change} | ${cell(row.before)} | ${cell(row.after)} |`);
  }
  const rest = input.changes.filter((c) => !inTable(c));
  if (rest.length > 0) {
    lines.push('', '### Other changes', '');
    for (const change of rest) lines.push(`- ${escapeMarkdown(describeChange(change))}`);
  }
  lines.push('', '### Files', '', ...input.files.map(fileLine));
  lines.push(
    '',
    '---',
    '',
    `Opened by \`jobfam bot\` from ${source}; edit the YAML, not this branch.`,
    'The bot updates this MR when the family changes again, and closes it when the handbook already matches.',
    'A commit pushed here by a person stops the bot (remove the `jobfam-bot:edited` label to hand the MR back).',
    'Closing the MR keeps this exact change out; a later change opens a new MR.',
  );
  return finish(lines, marker);
}

export interface PayBandsDescriptionInput {
  /** Where the bands live in the source repository, e.g. job-families/_compensation.yml. */
  sourcePath: string;
  changes: readonly Change[];
  files: readonly { path: string; exists: boolean; content?: string | null }[];
  marker: BotMarker;
}

/** The pay-bands MR: each band before and after, then the levels and openings it reaches, named. */
export function describePayBandsMergeRequest(input: PayBandsDescriptionInput): string {
  const { marker } = input;
  const source = sourceOf(marker);
  const bands = input.changes.filter((c) => c.kind === 'pay-band-changed');
  const removal = input.files.length > 0 && input.files.every((f) => f.content === null);
  const lines: string[] = [
    removal
      ? `Removes the pay-bands page: \`${input.sourcePath}\` is gone at ${source}.`
      : `Updates the pay-bands page to match \`${input.sourcePath}\` at ${source}.`,
    '',
    `**Review needed for:** ${KIND_NAMES['pay-band']} (${bands.length} change${bands.length === 1 ? '' : 's'}).`,
    '',
    '### Band changes',
    '',
  ];
  const names = (items: readonly string[]) => (items.length === 0 ? 'none' : items.map(escapeMarkdown).join('; '));
  for (const change of bands) {
    lines.push(`- ${escapeMarkdown(describeChange(change))}`);
    if (change.reached) lines.push(`  - Levels: ${names(change.reached.levels)}`, `  - Openings: ${names(change.reached.openings)}`);
  }
  const rest = input.changes.filter((c) => c.kind !== 'pay-band-changed');
  if (rest.length > 0) lines.push('', '### Other changes', '', ...rest.map((c) => `- ${escapeMarkdown(describeChange(c))}`));
  lines.push('', '### Files', '', ...input.files.map(fileLine));
  lines.push(
    '',
    '---',
    '',
    `Opened by \`jobfam bot\` from ${source}; edit \`${input.sourcePath}\`, not this branch.`,
    'Family pages get MRs of their own.',
    'A commit pushed here by a person stops the bot (remove the `jobfam-bot:edited` label to hand the MR back).',
    'Closing the MR keeps this exact change out; a later change opens a new MR.',
  );
  return finish(lines, marker);
}
