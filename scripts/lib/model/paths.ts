// Where every output of a family lands, relative to the output folder (forward slashes). Pure; the
// model claims each of these once (build-handbook.ts), the stages only write what it claimed.
import path from 'node:path';

/** The pay-bands page's name inside the handbook folder: the leading underscore keeps it apart from family pages (family files never start with one). */
export const PAY_BANDS_PAGE = '_pay-bands.md';
/** Its path in the build's output (claimed once, like every output path). */
export const PAY_BANDS_OUTPUT = `handbook/${PAY_BANDS_PAGE}`;

const withoutYml = (relativePath: string) => relativePath.replace(/\.ya?ml$/, '');

/** handbook/<path of the YAML>.md, or <folder>/<file>.md for a page named by `handbook.file` / a split page;
 *  with the page's own extension (".md.erb") when it came with another. */
export function handbookPagePath(relativePath: string, file: string | undefined, extension = '.md'): string {
  const base = withoutYml(relativePath);
  if (file === undefined) return `handbook/${base}${extension}`;
  const folder = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  return `handbook/${folder}${file}${extension}`;
}

/** Where a packet lands: pdf/<family path without .yml>/<level-or-specialty id>.pdf. */
export function pdfOutputPath(relativePath: string, id: string): string {
  return path.posix.join('pdf', withoutYml(relativePath), `${id}.pdf`);
}

/** The catalog page of a family. */
export const familyPagePathOf = (slug: string) => `families/${slug}.html`;

/** The job-board page of an opening. */
export const postingPathOf = (requisitionId: string) => `jobs/${requisitionId}.html`;

/** "sales/sales-operations.yml" → "Sales"; a family at the top level has no department folder. */
export function departmentOf(relativePath: string): string {
  const parts = relativePath.split('/');
  if (parts.length < 2) return 'General';
  return parts[0]!.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
