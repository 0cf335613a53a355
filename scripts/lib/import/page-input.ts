// One markdown file `jobfam import` was given or found, as text: what the planner, the page importer
// and the split-family rule all read. Its own module so none of them imports another for the type.
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
