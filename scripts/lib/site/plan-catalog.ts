// The recruiting catalog as a value: every family with its levels and specialties, grades and labels,
// and links to what exists of each (handbook page, offer-packet PDF, open postings). Pure: the set of
// files that exist under OUT is handed in, so a link is made only to a file that is there.
import { bandRange } from '../pay/compensation.ts';
import { rangeLabel } from '../pay/check-openings.ts';
import { EVIDENCE_PAGE } from '../pay/evidence.ts';
import { itemLines, plainText } from '../markdown/plain.ts';
import type { Handbook, ModelLevel, ModelSpecialty } from '../model/handbook.ts';
import { locationLabel } from '../model/postings.ts';
import type { FamilyFile } from '../types.ts';

/** Paths are relative to the output folder, with forward slashes. */
export interface CatalogLink {
  label: string;
  path: string;
}

export interface CatalogPosting {
  requisitionId: string;
  title: string;
  path: string;
  location: string;
  datePosted: string;
  familyTitle: string;
  department: string;
  search: string;
}

export interface CatalogEntry {
  kind: 'level' | 'specialty';
  id: string;
  title: string;
  grade: number | null;
  gradeLabel: string | null;
  reportsTo: string | null;
  intro: string | null;
  /** Anchor of the entry on its family page. */
  anchor: string;
  pdf: CatalogLink | null;
  /** The reference pay band of its grade(s) from _compensation.yml, e.g. "USD 128,000 – 192,000 per year"; null without. */
  band: string | null;
  postings: CatalogPosting[];
  resolved: ModelLevel | ModelSpecialty;
  /** Lower-case text the filter box matches: family, department, title, id, grade and label. */
  search: string;
}

export interface CatalogFamily {
  slug: string;
  title: string;
  department: string;
  /** One plain sentence or paragraph for the listing. */
  summary: string | null;
  intro: string | null;
  page: string;
  handbook: CatalogLink | null;
  entries: CatalogEntry[];
  openings: number;
  file: FamilyFile;
}

export interface Catalog {
  company: string;
  handbookUrl: string;
  siteUrl: string | null;
  families: CatalogFamily[];
  postings: CatalogPosting[];
  departments: string[];
  levels: number;
  /** The readable pay-transparency evidence of the postings, when the postings stage wrote it. */
  evidence: CatalogLink | null;
}

const searchText = (...parts: (string | number | null | undefined)[]) =>
  parts
    .filter((p) => p !== null && p !== undefined && p !== '')
    .join(' ')
    .toLowerCase()
    .replace(/\s+/g, ' ');

function summaryOf(file: FamilyFile): string | null {
  const text = file.family.frontMatter.description ?? file.family.frontMatter.summary ?? file.family.intro;
  if (!text) return null;
  const plain = plainText(text).replace(/\s+/g, ' ').trim();
  return plain.length > 240 ? `${plain.slice(0, 237).replace(/\s+\S*$/, '')}…` : plain;
}

export function planCatalog(
  model: Pick<Handbook, 'families' | 'postings'> & { pay?: Handbook['pay'] },
  existing: ReadonlySet<string>,
  site: { company: string; handbookUrl: string; siteUrl: string | null },
): Catalog {
  // The reference band (zones scale it, or pay in their own currency: the postings show those).
  const compensation = model.pay?.compensation;
  const reference = compensation ? { ...compensation, zones: [] } : null;
  const bandOf = (grades: number[], slug: string) => {
    const range = reference && bandRange(reference, null, grades, slug);
    return range ? rangeLabel(range) : null;
  };
  // The postings of each level, looked up once: a filter over every posting for each of 30,000
  // levels would be quadratic.
  const postingsOf = new Map<string, Handbook['postings']>();
  const targetKey = (familySlug: string, kind: string, id: string) => JSON.stringify([familySlug, kind, id]);
  for (const p of model.postings) {
    if (!existing.has(p.path)) continue;
    const key = targetKey(p.family.slug, p.target.kind, p.target.id);
    postingsOf.set(key, [...(postingsOf.get(key) ?? []), p]);
  }
  const catalogPostings = (kind: string, familySlug: string, id: string): CatalogPosting[] =>
    (postingsOf.get(targetKey(familySlug, kind, id)) ?? [])
      .map((p) => ({
        requisitionId: p.requisitionId,
        title: p.title,
        path: p.path,
        location: locationLabel(p),
        datePosted: p.datePosted,
        familyTitle: p.family.title,
        department: p.family.department,
        search: searchText(p.title, p.family.title, p.family.department, p.requisitionId, locationLabel(p), p.grade === null ? null : `grade ${p.grade}`, p.gradeLabel),
      }));

  const catalogFamilies = [...model.families]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((modelFamily): CatalogFamily => {
      const { file, slug, department } = modelFamily;
      const { family } = file;
      const entry = (resolved: ModelLevel | ModelSpecialty, extra: string[]): CatalogEntry => {
        const { kind, grade, gradeLabel, pdfPath } = resolved;
        return {
          kind,
          id: resolved.id,
          title: resolved.title,
          grade,
          gradeLabel,
          reportsTo: 'reportsTo' in resolved ? resolved.reportsTo : null,
          intro: resolved.intro,
          anchor: `${kind}-${resolved.id}`,
          pdf: existing.has(pdfPath) ? { label: 'Offer packet (PDF)', path: pdfPath } : null,
          band: bandOf(resolved.kind === 'level' ? (grade === null ? [] : [grade]) : resolved.grades.map((g) => g.grade), slug),
          postings: catalogPostings(kind, slug, resolved.id),
          resolved,
          search: searchText(family.frontMatter.title, department, resolved.title, resolved.id, grade === null ? null : `grade ${grade}`, gradeLabel, ...extra),
        };
      };
      const entries = [
        ...modelFamily.levels.map((level) => entry(level, [])),
        ...modelFamily.specialties.map((specialty) => entry(specialty, [specialty.name, 'specialty'])),
      ];
      const handbook = modelFamily.handbookPages[0]!;
      return {
        slug,
        title: family.frontMatter.title,
        department,
        summary: summaryOf(file),
        intro: family.intro,
        page: modelFamily.catalogPage,
        handbook: existing.has(handbook) ? { label: 'Handbook page', path: handbook } : null,
        entries,
        openings: entries.reduce((n, e) => n + e.postings.length, 0),
        file,
      };
    });

  return {
    ...site,
    families: catalogFamilies,
    postings: catalogFamilies.flatMap((f) => f.entries.flatMap((e) => e.postings)).sort((a, b) => b.datePosted.localeCompare(a.datePosted) || a.requisitionId.localeCompare(b.requisitionId)),
    departments: [...new Set(catalogFamilies.map((f) => f.department))].sort(),
    levels: catalogFamilies.reduce((n, f) => n + f.entries.length, 0),

    evidence: existing.has(EVIDENCE_PAGE) ? { label: 'Pay transparency evidence', path: EVIDENCE_PAGE } : null,
  };
}

/** The lists of an entry as plain text lines (for Occupation JSON-LD). */
export const entryLines = (entry: CatalogEntry) => ({
  responsibilities: itemLines(entry.resolved.responsibilities),
  requirements: itemLines(entry.resolved.requirements),
});
