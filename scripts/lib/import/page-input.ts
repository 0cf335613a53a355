// One handbook page handed to the importer: its own module so the planner (plan-import.ts) and the
// split-family reader (split-family.ts) share it without importing each other.

export interface PageInput {
  /** Path as the user sees it. */
  file: string;
  /** Folder under --out the family lands in, forward slashes ('' for the top). */
  folder: string;
  /** File name, e.g. "senior.md" or "_index.md". */
  name: string;
  /** Named on the command line rather than found by searching a folder. */
  named: boolean;
  text: string;
}

/** "senior.md.erb" → ".md.erb": the extension a markdown page came with, which its rendered page keeps. */
export function pageExtension(name: string): string | undefined {
  return /\.md(\.erb)?$/i.exec(name)?.[0];
}
