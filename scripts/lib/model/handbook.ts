// The resolved model every output stage and the bot read: built once after validation by
// buildHandbook (build-handbook.ts). Values only; nothing here reads or writes files.
import type { Diagnostic, EmploymentType, FamilyFile, Grade, Item, Office, Opening, SalaryUnit, SiteConfig } from '../types.ts';
import type { ResolvedLevel, ResolvedSpecialty } from '../family-format.ts';
import type { GradeInfo } from './grades.ts';
import type { PayRange } from '../pay/compensation.ts';
import type { PayBasis } from '../pay/types.ts';
import type { PayValidation } from '../pay/pay-validation.ts';

/** One level of a family, inheritance resolved, with its grade looked up and its offer packet's path. */
export interface ModelLevel extends ResolvedLevel {
  kind: 'level';
  /** null when the level has no grade. */
  gradeInfo: GradeInfo | null;
  gradeLabel: string | null;
  /** Output path of its offer packet (pdf/…/<id>.pdf). */
  pdfPath: string;
}

/** One specialty, resolved: its own lists after those of the levels it extends, whose grades are its grades. */
export interface ModelSpecialty extends Omit<ResolvedSpecialty, 'levels'> {
  kind: 'specialty';
  /** The levels it builds on (from its `extends`), as the family's model has them. */
  levels: ModelLevel[];
  /** The distinct grades of the levels it builds on, in ascending order. */
  grades: GradeInfo[];
  /** The one grade of its levels when they agree, else null (postings and the catalog show a single grade). */
  grade: number | null;
  gradeLabel: string | null;
  pdfPath: string;
}

export interface ModelFamily {
  /** The validated family file (source, slug, family as written with defaults). */
  file: FamilyFile;
  slug: string;
  /** Path of the YAML inside the families directory, forward slashes. */
  relativePath: string;
  title: string;
  department: string;
  levels: ModelLevel[];
  specialties: ModelSpecialty[];
  /** Output paths of its handbook page(s): the main page first, then the further pages of a split family. */
  handbookPages: string[];
  /** Output path of its catalog page. */
  catalogPage: string;
  /** sha256 of the validated family (content and layout): equal fingerprint, same family. */
  fingerprint: string;
}

export interface PublishedSalary {
  min: number;
  max: number;
  currency: string;
  unitText: SalaryUnit;
}

/** An opening that has not expired, resolved to its level or specialty: every value a posting shows. */
export interface Posting {
  requisitionId: string;
  /** Output path, e.g. "jobs/REQ-2026-0417.html". */
  path: string;
  url: string;
  applyUrl: string;
  directApply: boolean;
  /** The job's title only: no grade, place or company. */
  title: string;
  company: { name: string; url: string | null; logo: string | null };
  family: { slug: string; title: string; relativePath: string; department: string };
  target: { kind: 'level' | 'specialty'; id: string };
  grade: number | null;
  gradeLabel: string | null;
  intro: string | null;
  responsibilities: Item[];
  requirements: Item[];
  datePosted: string;
  validThrough: string | null;
  employmentTypes: EmploymentType[];
  /** Where the job is based; empty for a fully remote job. */
  offices: Office[];
  /** Countries applicants may live in, for a fully remote job; null otherwise. */
  remoteCountries: string[] | null;
  /** The places as the opening names them (countries, subdivisions, cities), for a fully remote job; null otherwise. */
  remotePlaces: string[] | null;
  /** The base salary of the markup and the feeds: the one range shown, or the span of the ranges in the bands' currency. */
  salary: PublishedSalary | null;
  /** Every range the page shows, one per pay zone (or the opening's own); empty when none is published. */
  payRanges: PayRange[];
  /** Pay-transparency statements (jobBoard.benefits, jobBoard.aiScreening, the opening's existingVacancy and payBasis). */
  benefits: string | null;
  aiScreening: boolean | null;
  existingVacancy: boolean | null;
  payBasis: PayBasis;
  about: string | null;
  equalOpportunity: string | null;
  /** Base that site-relative links in family text resolve against. */
  handbookUrl: string;
}

/** Who claimed an output path: the family (or opening) whose output it is. */
export interface OutputClaim {
  path: string;
  /** Family file as the user sees it. */
  file: string;
  what: string;
}

/** The handbook, built once: what `jobfam build`, its stages, `jobfam diff` and the bot read. */
export interface Handbook {
  families: ModelFamily[];
  grades: Grade[];
  /** _config.yml as validated (null without one). */
  site: SiteConfig | null;
  /** Every validated opening of _openings.yml, expired ones marked. */
  openings: Opening[];
  /** The openings that get a posting, in requisition order (none without a `jobBoard` block). */
  postings: Posting[];
  /** Pay bands, the pay-transparency rules and each open opening's pay, as validation decided (issue 14). */
  pay: PayValidation | null;
  /** Every output path, claimed once, by path. */
  outputs: ReadonlyMap<string, OutputClaim>;
  /** Problems found while building it (an output path claimed twice): errors mean nothing may be written. */
  diagnostics: Diagnostic[];
}
