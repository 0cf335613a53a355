// Changes in reviewer language, and the three formats `jobfam diff` prints. Pure.
import type { Change, ChangedList, ReviewKind } from '../changes.ts';

export type DiffFormat = 'text' | 'json' | 'markdown';

const SINGULAR: Record<ChangedList, string> = { requirements: 'requirement', responsibilities: 'responsibility' };
const quote = (text: string) => `“${text}”`;
const grade = (value: number | null) => (value === null ? 'none' : String(value));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const SUMMARY: Record<Extract<Change, { kind: 'summary' }>['field'], string> = {
  'front-matter': 'front matter changed',
  intro: 'intro changed',
  'reports-to': 'reports-to line changed',
  'performance-indicators': 'performance indicators changed',
  'hiring-process': 'hiring process changed',
  'career-ladder': 'career ladder changed',
  'specialty-added': 'specialty added',
  'specialty-removed': 'specialty removed',
  'specialty-renamed': 'specialty renamed',
  'list-order': 'order changed',
  extends: 'inherits from other levels',
  layout: 'page layout only (no change to the content)',
};

/** Who a change is about: "Manager, Sales Systems: ", "Specialty Field Sales: ", or nothing for the family. */
export function subjectOf(change: Change): string {
  if (change.kind === 'level-added' || change.kind === 'level-removed' || change.kind === 'level-renamed' || change.kind === 'grade-changed') {
    return change.level.title;
  }
  if ('scope' in change && change.scope.kind !== 'family') {
    return change.scope.kind === 'specialty' ? `Specialty ${change.scope.title}` : change.scope.title;
  }
  return '';
}

/** What happened, without the subject: "grade 8 → 9", "added requirement “…”". */
export function describeWhat(change: Change): string {
  const wide = (c: { scope: { kind: string } }) => (c.scope.kind === 'family' ? 'family-wide ' : '');
  switch (change.kind) {
    case 'family-added':
      return `new family with ${plural(change.levels.length, 'level')}${change.levels.length > 0 ? ': ' : ''}${change.levels
        .map((l) => `${l.title} (grade ${grade(l.grade)})`)
        .join(', ')}`;
    case 'family-removed':
      return 'family removed';
    case 'family-moved':
      return `moved from ${change.from} to ${change.family.path}`;
    case 'level-added':
      return `new level, grade ${grade(change.grade)}, ${plural(change.requirements, 'requirement')}`;
    case 'level-removed':
      return `level removed (was grade ${grade(change.grade)})`;
    case 'level-renamed':
      return `level renamed from ${quote(change.from)}`;
    case 'grade-changed':
      return `grade ${grade(change.from)} → ${grade(change.to)}`;
    case 'item-added':
      return `added ${wide(change)}${SINGULAR[change.list]} ${quote(change.text)}`;
    case 'item-removed':
      return `removed ${wide(change)}${SINGULAR[change.list]} ${quote(change.text)}`;
    case 'item-reworded':
      return `reworded ${wide(change)}${SINGULAR[change.list]} ${quote(change.from)} → ${quote(change.to)}`;
    case 'inherited-changed': {
      const counts = [
        change.added > 0 ? `${change.added} added` : '',
        change.removed > 0 ? `${change.removed} removed` : '',
        change.reworded > 0 ? `${change.reworded} reworded` : '',
      ].filter(Boolean);
      const from = change.sources.length > 0 ? ` from ${change.sources.join(' and ')}` : '';
      return `inherited ${change.list}${from} changed (${counts.join(', ') || 'reordered'})`;
    }
    case 'pay-band-changed': {
      const reach = `affects ${plural(change.levels, 'level')} and ${plural(change.openings, 'opening')}`;
      const what = change.grade === null ? (change.zone === null ? 'Family factor' : `Zone ${change.zone}`) : `Band for grade ${change.grade}${change.zone === null ? '' : ` in zone ${change.zone}`}`;
      return `${what}: ${change.from ?? 'none'} → ${change.to ?? 'none'}; ${reach}`;
    }
    case 'summary': {
      const text = SUMMARY[change.field];
      if (change.field === 'list-order' || change.field === 'extends') return `${change.detail ?? 'list'}: ${text}`;
      if (change.field === 'specialty-renamed' && change.detail) return `${text} from ${quote(change.detail)}`;
      return text;
    }
  }
}

/** One line in reviewer language: "Manager, Sales Systems: grade 8 → 9". */
export function describeChange(change: Change): string {
  const subject = subjectOf(change);
  return subject ? `${subject}: ${describeWhat(change)}` : describeWhat(change);
}

/** The review kinds a change belongs to (a new level brings a grade and requirements of its own). */
export function reviewKindsOf(change: Change): ReviewKind[] {
  switch (change.kind) {
    case 'family-added':
    case 'family-removed':
    case 'family-moved':
    case 'level-removed':
    case 'level-renamed':
      return [change.kind];
    case 'level-added':
      return ['level-added', ...(change.grade !== null ? (['grade'] as const) : []), ...(change.requirements > 0 ? (['requirements'] as const) : [])];
    case 'grade-changed':
      return ['grade'];
    case 'item-added':
    case 'item-removed':
    case 'item-reworded':
    case 'inherited-changed':
      return [change.list];
    case 'pay-band-changed':
      return ['pay-band'];
    case 'summary':
      return ['other'];
  }
}

/** Changes grouped by family, in first-seen order. */
export function groupByFamily(changes: readonly Change[]): { family: Change['family']; changes: Change[] }[] {
  const groups = new Map<string, { family: Change['family']; changes: Change[] }>();
  for (const change of changes) {
    const group = groups.get(change.family.slug) ?? { family: change.family, changes: [] };
    group.changes.push(change);
    groups.set(change.family.slug, group);
  }
  return [...groups.values()];
}

/** Text a markdown renderer shows as typed: no emphasis, HTML, links or table breaks from the data. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]<>|#!~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

export function formatChanges(changes: readonly Change[], format: DiffFormat, range: { from: string; to: string }): string {
  if (format === 'json') return JSON.stringify({ from: range.from, to: range.to, changes }, null, 2);
  const groups = groupByFamily(changes);
  if (format === 'markdown') {
    if (groups.length === 0) return `No job-family changes between \`${range.from}\` and \`${range.to}\`.`;
    return groups
      .map((g) => [`### ${escapeMarkdown(g.family.title)}`, '', `\`${g.family.path}\``, '', ...g.changes.map((c) => `- ${escapeMarkdown(describeChange(c))}`)].join('\n'))
      .join('\n\n');
  }
  if (groups.length === 0) return `No job-family changes between ${range.from} and ${range.to}.`;
  return groups.map((g) => [`${g.family.title} (${g.family.path})`, ...g.changes.map((c) => `  ${describeChange(c)}`)].join('\n')).join('\n\n');
}
