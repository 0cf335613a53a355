// The bundled (real) families under the bundled house rules and language checks: no errors, and the
// language findings reach the Code Quality report; precision and recall on terms planted into copies.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validatePaths } from '../scripts/lib/commands.ts';
import { validateFamilies } from '../scripts/lib/validate/index.ts';
import { loadEqualityChecker, type EqualityChecker } from '../scripts/lib/validate/language/equality.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';

const BUNDLED = path.join(repoRoot, 'job-families');
const SALES = path.join(BUNDLED, 'sales');
const familyFiles = readdirSync(SALES).filter((f) => f.endsWith('.yml')).sort();

let equality: EqualityChecker;
beforeAll(async () => {
  equality = await loadEqualityChecker();
});

describe('the bundled families under the bundled policy', () => {
  it('validate has no errors, and --codequality lists the language findings as Code Quality entries', async () => {
    const dir = await testdir({});
    const result = await validatePaths([BUNDLED], dir, {}, { codequality: 'cq.json' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const language = result.diagnostics.filter((d) => d.code.startsWith('language-'));
    expect(language.length).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(path.join(dir, 'cq.json'), 'utf8')) as Array<{ check_name: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    const entries = report.filter((e) => e.check_name.startsWith('language-'));
    expect(entries.length).toBe(language.length);
    for (const d of language) {
      expect(entries).toContainEqual(expect.objectContaining({ check_name: d.code, location: { path: d.file.split(path.sep).join('/'), lines: { begin: d.line } } }));
    }
    // Each family's verdict is there, and coded words are notes (Code Quality "info").
    expect(entries.filter((e) => e.check_name === 'language-gender-coded')).toHaveLength(familyFiles.length);
    expect(new Set(entries.filter((e) => e.check_name === 'language-coded-word').map((e) => e.severity))).toEqual(new Set(['info']));
  });
});

// 20 terms the libraries and the word lists name: retext-equality's gendered, ableist and other terms,
// and stems from both of Gaucher, Friesen & Kay's lists. Each is planted in a sentence of its own.
const PLANTED: Array<{ sentence: string; term: string; code: string }> = [
  { sentence: 'Report to the chairman every quarter', term: 'chairman', code: 'language-insensitive' },
  { sentence: 'Coach each salesman on the product', term: 'salesman', code: 'language-insensitive' },
  { sentence: 'Plan the manpower for the next year', term: 'manpower', code: 'language-insensitive' },
  { sentence: 'Handle crazy deadlines calmly', term: 'crazy', code: 'language-insensitive' },
  { sentence: 'Act as spokesman for the sales team', term: 'spokesman', code: 'language-insensitive' },
  { sentence: 'Serve all of mankind with software', term: 'mankind', code: 'language-insensitive' },
  { sentence: 'Replace the lame reports', term: 'lame', code: 'language-insensitive' },
  { sentence: 'Brief every policeman on site security', term: 'policeman', code: 'language-insensitive' },
  { sentence: 'Invite the fireman to the safety drill', term: 'fireman', code: 'language-insensitive' },
  { sentence: 'Ask the workmen about the schedule', term: 'workmen', code: 'language-insensitive' },
  { sentence: 'Set ambitious goals', term: 'ambitious', code: 'language-coded-word' },
  { sentence: 'Be assertive in negotiations', term: 'assertive', code: 'language-coded-word' },
  { sentence: 'Stay headstrong under pressure', term: 'headstrong', code: 'language-coded-word' },
  { sentence: 'Be outspoken in reviews', term: 'outspoken', code: 'language-coded-word' },
  { sentence: 'Remain stubborn about quality', term: 'stubborn', code: 'language-coded-word' },
  { sentence: 'Show compassionate care for customers', term: 'compassionate', code: 'language-coded-word' },
  { sentence: 'Create a nurturing environment', term: 'nurturing', code: 'language-coded-word' },
  { sentence: 'Give gentle feedback', term: 'gentle', code: 'language-coded-word' },
  { sentence: 'Stay polite with partners', term: 'polite', code: 'language-coded-word' },
  { sentence: 'Keep the office quiet during calls', term: 'quiet', code: 'language-coded-word' },
];

const NEUTRAL = [
  'Write the quarterly report for the finance team',
  'Review the pricing tables every month',
  'Prepare the agenda for the weekly meeting',
  'Keep the customer records up to date',
  'Forecast revenue for each region',
  'Document the sales process in the handbook',
  'Present the pipeline figures to the board',
  'Maintain the quota spreadsheets',
  'Onboard new team members',
  'Answer questions from the field',
  'Measure the time to close a deal',
  'Plan the next fiscal year with finance',
  'Check the contracts before signature',
  'Track the renewal dates of every account',
  'Organise the annual kickoff',
  'Publish the monthly newsletter',
  'Compare the results with the targets',
  'Write clear notes after each call',
  'Keep the price book current',
  'Schedule the training sessions',
];

/** Quotes a sentence in one of the YAML styles the family files use, so planted words sit in each of them. */
function styled(sentence: string, index: number): string {
  switch (index % 4) {
    case 0:
      return sentence;
    case 1:
      return `"${sentence.replace(/ /, ' \\"').replace(/ (\S+)$/, '\\" $1')}"`; // escaped quotes before the term
    case 2:
      return `'${sentence.replace(/ /, " '' ")}'`;
    default:
      return `>-\n        ${sentence.replace(/ (\S+ \S+)$/, '\n        $1')}`; // folded over two lines
  }
}

describe('precision and recall on planted text', () => {
  it('finds all 20 planted terms at their exact positions, and nothing in 20 neutral sentences', () => {
    const sources = familyFiles.map((name) => ({ name, text: readFileSync(path.join(SALES, name), 'utf8') }));
    const items = [...PLANTED.map((p) => ({ ...p, neutral: false })), ...NEUTRAL.map((sentence) => ({ sentence, term: '', code: '', neutral: true }))];
    const blocks = items.map((item, index) => {
      const family = sources[index % sources.length]!;
      const block = `      - ${styled(item.sentence, index)}\n`;
      family.text = family.text.replace(/^    responsibilities:\n/m, (m) => `${m}${block}`);
      return { item, family, block };
    });
    const input = {
      root: 'copy',
      grades: { path: 'copy/_grades.yml', relativePath: '_grades.yml', text: readFileSync(path.join(BUNDLED, '_grades.yml'), 'utf8') },
      config: { path: 'copy/_config.yml', relativePath: '_config.yml', text: readFileSync(path.join(BUNDLED, '_config.yml'), 'utf8') },
      families: sources.map((s) => ({ path: `copy/${s.name}`, relativePath: `sales/${s.name}`, text: s.text })),
      openings: null,
    };
    const findings = validateFamilies(input, { equality }).diagnostics.filter((d) => /^language-(insensitive|coded-word|gendered-title)$/.test(d.code));

    /** Lines a planted block occupies, and the line:column of `term` in it, read from the raw text. */
    const place = ({ family, block }: (typeof blocks)[number], term: string) => {
      const start = family.text.indexOf(block);
      const offset = term ? start + block.indexOf(term) : start;
      const before = family.text.slice(0, offset);
      const firstLine = family.text.slice(0, start).split('\n').length;
      return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), lines: [firstLine, firstLine + block.split('\n').length - 2] };
    };
    let hits = 0;
    for (const planted of blocks.filter((b) => !b.item.neutral)) {
      const { line, column } = place(planted, planted.item.term);
      const file = `copy/${planted.family.name}`;
      const match = findings.find((d) => d.file === file && d.line === line && d.column === column && d.code === planted.item.code);
      expect(match, `${planted.item.term} at ${file}:${line}:${column}`).toBeDefined();
      hits += 1;
    }
    expect(hits).toBe(20);
    for (const neutral of blocks.filter((b) => b.item.neutral)) {
      const { lines } = place(neutral, '');
      const file = `copy/${neutral.family.name}`;
      expect(findings.filter((d) => d.file === file && d.line >= lines[0]! && d.line <= lines[1]!), neutral.item.sentence).toEqual([]);
    }
  });
});
