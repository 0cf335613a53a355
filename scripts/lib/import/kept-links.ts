// Links a real page wrote that jobfam's link check rejects (`[the director](#Director, Some Team)`):
// broken, but the author's. One such link must not sink the page, so the family keeps it as written
// and lists it in `handbook.keptLinks` (validate then reports it as a warning, link-kept); each is
// reported here at its line in the page. Pure.
import { diagnostic } from '../errors.ts';
import { linkProblems } from '../validate/rules.ts';
import type { Diagnostic, JobFamily } from '../types.ts';
import type { PageInput } from './page-input.ts';

/** Records the family's malformed links in its layout and returns one warning per link, at the page line it is on. */
export function keepBrokenLinks(family: JobFamily, pages: readonly PageInput[]): Diagnostic[] {
  if (!family.handbook) return [];
  const found = new Map<string, string>();
  walkStrings(family, (text) => {
    for (const problem of linkProblems(text)) if (!found.has(problem.link)) found.set(problem.link, problem.reason);
  });
  if (found.size === 0) return [];
  family.handbook.keptLinks = [...found.keys()];
  return [...found].map(([link, reason]) => {
    const page = pages.find((p) => p.text.includes(link)) ?? pages[0]!;
    const offset = Math.max(0, page.text.indexOf(link));
    const before = page.text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return diagnostic('import-link-kept', { file: page.file, line, column }, { link, reason }, 'warning');
  });
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) walkStrings(v, visit);
}
