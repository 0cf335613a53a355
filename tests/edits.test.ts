// A change to a value changes exactly the page lines that show it: the layout never leaks into the data.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { withDefaults } from '../scripts/lib/family-format.ts';
import { renderHandbookPage } from '../scripts/lib/render/markdown.ts';
import { type JobFamily } from '../scripts/lib/types.ts';
import { grades, templates } from './helpers/pages.ts';
import { familiesDir } from './helpers/paths.ts';

function render(yaml: string): string {
  return renderHandbookPage(withDefaults(parseDocument(yaml).toJS() as JobFamily), grades, templates);
}

function changedLines(before: string, after: string): { line: number; before: string; after: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [{ line: i + 1, before: line, after: b[i]! }]));
}

function edit(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): { before: string; after: string } {
  const yaml = readFileSync(path.join(familiesDir, 'sales', file), 'utf8');
  const doc = parseDocument(yaml);
  change(doc);
  return { before: render(yaml), after: render(doc.toString({ lineWidth: 0 })) };
}

describe('editing the YAML', () => {
  it('changes only the grade line when a grade changes (levels as ## headings)', () => {
    const { before, after } = edit('sales-systems-leadership.yml', (doc) => doc.setIn(['levels', 1, 'grade'], 10));
    expect(changedLines(before, after)).toEqual([
      {
        line: 43,
        before: 'The Senior Manager, Sales Systems is a [grade 9](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).',
        after: 'The Senior Manager, Sales Systems is a [grade 10](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).',
      },
    ]);
  });

  it('changes only the grade line when a grade changes (## Levels with #### Job Grade)', () => {
    const { before, after } = edit('gtm-planning-and-operations.yml', (doc) => doc.setIn(['levels', 0, 'grade'], 8));
    const changes = changedLines(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.before).toMatch(/^The Senior Manager, GTM Planning and Operations is a \[9\]\(/);
    expect(changes[0]!.after).toMatch(/^The Senior Manager, GTM Planning and Operations is a \[8\]\(/);
  });

  it('changes only that bullet when a requirement is reworded', () => {
    const { before, after } = edit('sales-operations.yml', (doc) => doc.setIn(['levels', 2, 'requirements', 0], 'Ten years in sales operations'));
    const changes = changedLines(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.after).toBe('- Ten years in sales operations');
  });

  it('renames the level everywhere the layout shows its title', () => {
    const { before, after } = edit('gtm-planning-and-operations.yml', (doc) => doc.setIn(['levels', 1, 'title'], 'Director, GTM Planning'));
    const changes = changedLines(before, after);
    expect(changes.map((c) => c.after)).toEqual([
      '### Director, GTM Planning',
      'The Director, GTM Planning reports to the [Sr. Director, Sales Strategy](/job-families/sales/sales-strategy/).',
      '#### Director, GTM Planning Job Grade',
      expect.stringMatching(/^The Director, GTM Planning is a \[10\]/),
      '#### Director, GTM Planning Responsibilities',
      '#### Director, GTM Planning Requirements',
    ]);
  });

  it('quotes a front matter value that would not survive as plain YAML', () => {
    // self-service-sales writes its title unquoted
    const { before, after } = edit('self-service-sales.yml', (doc) => doc.setIn(['frontMatter', 'title'], 'Director: Self-Service #1'));
    expect(before.split('\n')[1]).toBe('title: Senior Manager, Self-Service Sales');
    expect(after.split('\n')[1]).toBe('title: "Director: Self-Service #1"');
  });
});
