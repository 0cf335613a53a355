// The bundled families with one requirement that holds every inline form family text uses (issue 15's
// acceptance) and one that nests 3,000 list markers (issue 12 #9), added to a level that has an
// opening, so the same text goes through every output: handbook, PDF, posting page, feeds, catalog.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { familiesDir } from './paths.ts';

/** The requirement as the family file holds it. */
export const EVERY_FORM = [
  'Write *em one*, _em two_, **strong one**, __strong two__ and `code one`; read the [absolute guide](https://example.com/guide), the [values page](/handbook/values/) and the [screening notes]({{< ref "interviewing#screening-call" >}}):',
  '- nested alpha',
  '  - nested beta',
].join('\n');

/** What a reader sees of it, word for word, wherever it is published. */
export const EVERY_FORM_WORDS =
  'Write em one, em two, strong one, strong two and code one; read the absolute guide, the values page and the screening notes: nested alpha nested beta';

/** 3,000 nested list markers, then a word: deeper than any list is allowed to nest. */
export const DEEP_MARKERS = `${'- '.repeat(3000)}x`;

export const FAMILY_FILE = 'sales/sales-systems-leadership.yml';
export const LEVEL = 'manager-sales-systems';
export const REQUISITION = 'REQ-2026-0417';

const yamlBlock = (text: string, indent: string) => `|-\n${text.split('\n').map((line) => `${indent}${line}`).join('\n')}`;

/** Copies the bundled families to `dir`/job-families with both requirements added to manager-sales-systems. */
export async function markdownFamilies(dir: string): Promise<string> {
  const families = path.join(dir, 'job-families');
  await cp(familiesDir, families, { recursive: true });
  const file = path.join(families, FAMILY_FILE);
  const text = await readFile(file, 'utf8');
  const anchor = '      - Ability to use GitLab.\n';
  if (!text.includes(anchor)) throw new Error(`${FAMILY_FILE} no longer holds "${anchor.trim()}"`);
  const added = `      - ${yamlBlock(EVERY_FORM, '        ')}\n      - ${JSON.stringify(DEEP_MARKERS)}\n`;
  await writeFile(file, text.replace(anchor, anchor + added));
  return families;
}
