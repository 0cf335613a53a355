// A split family: a Hugo section folder whose _index.md holds the family-wide sections and whose
// other pages are each one level of it. Imported as ONE family; each level page's layout is kept
// as a page of the family's handbook layout, so render writes the same set of files back. Pure.
import type { Diagnostic, Grade, JobFamily } from '../types.ts';
import { importPage, type ImportResult } from './import-page.ts';
import type { PageInput } from './plan-import.ts';

export function isSplitFamilyIndex(_text: string): boolean {
  return false;
}

export function importSplitFamily(index: PageInput, _levels: readonly PageInput[], grades: readonly Grade[]): ImportResult & { family: JobFamily; warnings: Diagnostic[] } {
  return importPage(index.file, index.text, grades);
}
