// The one lookup of a grade in the grade table: its label and handbook link. Pure.
import type { Grade } from '../types.ts';

/** A grade as every output shows it; label and link are null when the table does not list it. */
export interface GradeInfo {
  grade: number;
  label: string | null;
  link: string | null;
}

export function gradeInfo(grade: number, grades: readonly Grade[]): GradeInfo {
  const entry = grades.find((g) => g.grade === grade);
  return { grade, label: entry?.label ?? null, link: entry?.link ?? null };
}

export function gradeLabelOf(grade: number | null, grades: readonly Grade[]): string | null {
  return grade === null ? null : gradeInfo(grade, grades).label;
}
