// The job-family model. What a family *is* (titles, grades, lists, prose) lives in the content fields;
// how the handbook page *lays it out* lives in `handbook` alone, so every other output and every diff
// works on plain values and never on markdown formatting.
// Over 400 lines on purpose: the types of the YAML formats (family, config, openings) in one place,
// next to each other as the JSON Schemas describe them; declarations only.
import type { ReviewKind } from './changes.ts';
import type { PayBasis, PayTransparencyConfig } from './pay/types.ts';

/** A list entry: plain markdown text, or text with nested entries. */
export type Item = string | { text: string; items: Item[] };

/** Level ids a list inherits from, in the order the page names them. */
export type ExtendsRef = string | string[];

export interface Inheritance {
  responsibilities?: ExtendsRef;
  requirements?: ExtendsRef;
}

export interface Level {
  id: string;
  title: string;
  grade: number | null;
  reportsTo: string | null;
  intro: string | null;
  extends?: Inheritance;
  responsibilities: Item[];
  requirements: Item[];
  /** Requirements that are welcome but not required ("Nice-to-haves", "Preferred Requirements"). */
  niceToHaves?: Item[];
  performanceIndicators?: Item[];
  hiringProcess?: Item[];
}

export interface Specialty {
  id: string;
  name: string;
  title: string;
  intro: string | null;
  extends?: Inheritance;
  responsibilities: Item[];
  requirements: Item[];
  niceToHaves?: Item[];
}

export interface FrontMatter {
  title: string;
  description?: string;
  summary?: string;
  layout?: string;
  RoleName?: string;
  /** Every other key of the page's front matter (Hugo's weight, aliases, canonical_path, extra_js...), in page order. */
  params?: Record<string, unknown>;
}

export type FieldName =
  | 'intro'
  | 'reportsTo'
  | 'grade'
  | 'responsibilities'
  | 'requirements'
  | 'niceToHaves'
  | 'performanceIndicators'
  | 'careerLadder'
  | 'hiringProcess';

export type Bullet = '-' | '*';

/** One node of the handbook page outline. Exactly one of heading/level/specialty (a section),
 *  show, markdown or shortcode says what it is. */
export type OutlineNode = SectionNode | ShowNode | MarkdownNode | ShortcodeNode | FieldName;

interface Spaced {
  /** Blank lines before this node when not exactly one. */
  gap?: number;
}

export interface SectionNode extends Spaced {
  /** Markdown heading, e.g. "### {{title}} Job Grade"; `{{title}}` is the enclosing level's title. */
  heading?: string;
  /** Opens the scope of a level: fields shown inside belong to it. */
  level?: string;
  specialty?: string;
  body: OutlineNode[];
}

export interface ShowNode extends Spaced {
  show: FieldName;
  /** Bullet marker of this list when it differs from the page's. */
  bullet?: Bullet;
  /** Handlebars sentence for grade, reportsTo or the inherited-list note, when not the default. */
  text?: string;
  /** Indexes of items a blank line comes before: the page wrote one loose list in several runs. */
  breaks?: number[];
  /** Index from which items are labelled groups: each item's text is written as a paragraph, its items as the list below it. */
  labelled?: number;
}

export interface MarkdownNode extends Spaced {
  /** Prose the model does not structure, kept verbatim in page order. */
  markdown: string;
}

export interface ShortcodeNode extends Spaced {
  /** Hugo shortcode, e.g. "job-families/sales/performance" for {{% job-families/sales/performance %}}. */
  shortcode: string;
}

export interface HandbookLayout {
  bullet: Bullet;
  /** Front matter keys written in double quotes. */
  quoted?: string[];
  /** Front matter entries as the page wrote them, where the standard writer would write them differently
   *  (a quoted value folded over two lines, a block list); used while the entry still reads as its value. */
  frontMatterText?: Record<string, string>;
  /** Front matter keys in page order, when the page interleaves params with the typed keys. */
  frontMatterOrder?: string[];
  /** File name of the page without ".md" when it is not the YAML file's name: "_index" for a Hugo section page. */
  file?: string;
  /** The page's extension when it is not ".md" (".md.erb" for a Middleman-era page): it renders back where it came from. */
  extension?: string;
  /** The page has no front matter block (its title came from its first heading). */
  withoutFrontMatter?: true;
  /** Links an imported page wrote that jobfam's link check rejects (`[the director](#Director, Some Team)`),
   *  kept as the author wrote them: validate reports each as a warning (link-kept) instead of an error
   *  until it is fixed. Only `jobfam import` writes this list; every other link stays strictly checked. */
  keptLinks?: string[];
  outline: OutlineNode[];
  /** Further pages of a split family (a Hugo section folder: this page is its _index.md, each of these
   *  one level of it), written beside this page. */
  pages?: HandbookPage[];
}

/** One more page of a family, e.g. a level page of a split family, with its own front matter. */
export interface HandbookPage {
  /** File name without ".md", in the folder of the family's page. */
  file: string;
  /** The page's extension when it is not ".md". */
  extension?: string;
  frontMatter: FrontMatter;
  bullet: Bullet;
  quoted?: string[];
  frontMatterText?: Record<string, string>;
  frontMatterOrder?: string[];
  withoutFrontMatter?: true;
  outline: OutlineNode[];
}

export interface JobFamily {
  frontMatter: FrontMatter;
  intro: string | null;
  responsibilities: Item[];
  requirements: Item[];
  /** Family-wide nice-to-have requirements. */
  niceToHaves?: Item[];
  levels: Level[];
  specialties: Specialty[];
  performanceIndicators: Item[];
  careerLadder: string | null;
  hiringProcess: Item[];
  handbook?: HandbookLayout;
}

export interface Grade {
  grade: number;
  label: string;
  link: string;
}

export interface GradeTable {
  grades: Grade[];
}

export interface SiteConfig {
  /** Absolute base that relative handbook links resolve against. */
  handbookUrl: string;
  company: string;
  /** Offer-packet PDF settings (`jobfam pdf`). */
  pdf?: PdfConfig;
  /** Job-board postings and the recruiting catalog (issue 7). */
  jobBoard?: JobBoardConfig;
  /** The merge-request bot's settings (issue 8). */
  bot?: BotConfig;
  /** House rules every family must follow (issue 13); no rule is checked without it. */
  policy?: PolicyConfig;
  /** Inclusive-language checks (issue 13); none run without it. */
  language?: LanguageConfig;
}

/** Sections a policy can require of every family. */
export type PolicySection = 'intro' | 'responsibilities' | 'requirements' | 'niceToHaves' | 'performanceIndicators' | 'careerLadder' | 'hiringProcess';

export interface PolicyConfig {
  /** How a broken rule is reported. Default: error. */
  severity?: 'error' | 'warning';
  requiredSections?: PolicySection[];
  /** Requirement lines every level and specialty lists (own, family-wide or inherited). */
  requiredRequirements?: string[];
  forbiddenPhrases?: Array<{ phrase: string; why: string }>;
}

/** Severity of one language check; `off` runs nothing. */
export type CheckSeverity = 'off' | 'info' | 'warning' | 'error';

export interface LanguageConfig {
  /** Insensitive and non-neutral terms outside job titles (retext-equality). Default: warning. */
  insensitive?: CheckSeverity;
  /** Non-neutral wording inside a job title (EU Directive 2023/970, art. 5). Default: warning. */
  genderedTitles?: CheckSeverity;
  /** A family whose wording is masculine- or feminine-coded (Gaucher, Friesen & Kay 2011). Default: warning. */
  genderCoded?: CheckSeverity;
  /** Each gender-coded word at its position. Default: info (the family verdict is the finding). */
  codedWords?: CheckSeverity;
  exemptions?: LanguageExemption[];
}

export interface LanguageExemption {
  /** Family slug (file name without .yml), or "*" for every family. */
  family: string;
  /** The flagged word (any case), or a gender-coded stem such as "lead*". */
  term: string;
  reason: string;
}

export type CodedVerdict = 'strongly masculine-coded' | 'masculine-coded' | 'neutral' | 'feminine-coded' | 'strongly feminine-coded';

/** One family's gender-coded wording: counts, verdict, and the words by stem. */
export interface LanguageSummary {
  family: string;
  masculine: number;
  feminine: number;
  verdict: CodedVerdict;
  masculineWords: Record<string, number>;
  feminineWords: Record<string, number>;
}

// ---- pipeline values ----

/** `info` never fails anything: summaries and findings a company chose to see without acting on. */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
  /** JSON pointer of the offending node, when it comes from a YAML file. */
  pointer?: string;
  /** A family's language summary (code language-gender-coded), also in `--format json`. */
  summary?: LanguageSummary;
}

export interface SourceFile {
  /** Path as the user should see it (relative to the working directory). */
  path: string;
  /** Path relative to the families directory, with forward slashes. */
  relativePath: string;
  text: string;
  /** Size on disk when larger than the text read (the reader stops at MAX_FILE_BYTES). */
  bytes?: number;
  /** Why the file could not be read as text (not a regular file, invalid UTF-8), found by the reader. */
  unreadable?: Unreadable;
}

/** A reader's finding that makes a file unusable; `offset` is a character offset into `text`. */
export interface Unreadable {
  kind: 'not-regular' | 'invalid-utf8';
  why: string;
  offset: number;
}

export interface Output {
  /** Path relative to the output directory, forward slashes. */
  path: string;
  content: string | Uint8Array;
}

export interface FamiliesInput {
  /** Directory holding _grades.yml and _config.yml, as the user should see it. */
  root: string;
  families: SourceFile[];
  grades: SourceFile | null;
  config: SourceFile | null;
  /** _openings.yml: the vacancies that get job-board postings. */
  openings?: SourceFile | null;
  /** _compensation.yml: pay bands per grade and zone (issue 14). */
  compensation?: SourceFile | null;
}

export interface FamilyFile {
  source: SourceFile;
  /** File name without extension: names the family's page and PDFs, unique across directories. */
  slug: string;
  family: JobFamily;
  /** Where the output-path claims are written (claimKey → position), when the text was let go (validate/compact-family.ts). */
  claimPositions?: Readonly<Record<string, { line: number; column: number }>>;
  /** The model's fingerprint of `family`, when validation had its JSON at hand (a detached family). */
  fingerprint?: string;
}

// ---- offer-packet PDFs (jobfam pdf) ----

export type PaperFormat = 'A4' | 'Letter';

/** Which Debian Chromium build renders: the old-headless shell (faster) or the full browser in new headless mode. */
export type BrowserMode = 'headless-shell' | 'chromium';

/** The `pdf:` block of _config.yml; every key optional. */
export interface PdfConfig {
  paper?: PaperFormat;
  browser?: BrowserMode;
  /** Pages rendering at once; default: one per core, at most 4. */
  concurrency?: number;
  /** Budget for one document (setContent + pdf), in seconds. */
  timeoutSeconds?: number;
  /** Print the level's pay band (from _compensation.yml) in its offer packet. */
  payRange?: boolean;
}

/** `--shard I/N`: this run renders the I-th of N stable slices (1-based). */
export interface Shard {
  index: number;
  total: number;
}

// ---- job-board postings and the recruiting catalog ----

/** Google's employmentType values. */
export type EmploymentType = 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR' | 'TEMPORARY' | 'INTERN' | 'VOLUNTEER' | 'PER_DIEM' | 'OTHER';

export type SalaryUnit = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export interface PostalAddress {
  streetAddress?: string;
  addressLocality: string;
  addressRegion?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  addressCountry: string;
}

export interface Office {
  id: string;
  name: string;
  address: PostalAddress;
  /** Place code for pay zones and pay-transparency rules (US-NY-NYC); default country-region of the address (US-NY-NYC in New York City). */
  place?: string;
}

export interface JobBoardConfig {
  /** Absolute URL the output folder is published at; posting URLs and the sitemap are built on it. */
  siteUrl: string;
  /** Company website, the Organization's `sameAs`. */
  companyUrl?: string;
  logoUrl?: string;
  /** Apply link with {requisitionId}, {family} and {level} placeholders. */
  applyUrlTemplate: string;
  /** True only when the apply URL opens the application form itself. */
  directApply: boolean;
  /** Used when an opening names none. */
  employmentType?: EmploymentType;
  offices?: Office[];
  /** Eligible countries of a remote opening that names none. */
  remoteCountries?: string[];
  salary?: { policy: 'never' | 'per-opening' | 'always'; currency: string; unitText: SalaryUnit };
  /** Plain-text paragraphs appended to every posting. */
  about?: string;
  equalOpportunity?: string;
  /** Employer size, severity and rule changes for the pay-transparency check (issue 14). */
  payTransparency?: PayTransparencyConfig;
  /** A general description of benefits and other compensation (text, may hold a link), shown on postings. */
  benefits?: string;
  /** Whether AI screens, assesses or selects applicants; postings say so where a law asks. */
  aiScreening?: boolean;
}

/** One vacancy as written in _openings.yml. */
export interface OpeningEntry {
  requisitionId: string;
  /** Family slug (file name without .yml). */
  family: string;
  level?: string;
  specialty?: string;
  datePosted: string;
  validThrough?: string;
  offices?: string[];
  /** Places applicants may live in (countries, subdivisions, cities); `countries` is the older spelling. */
  remote?: { countries?: string[]; places?: string[] };
  employmentType?: EmploymentType | EmploymentType[];
  /** The opening's own range (instead of its grade's bands); no max = open-ended, which most laws refuse. */
  salary?: { min: number; max?: number; currency?: string; publish?: boolean };
  payBasis?: PayBasis;
  /** Whether the vacancy exists now (Ontario asks postings to say). */
  existingVacancy?: boolean;
}

export interface OpeningsFile {
  openings: OpeningEntry[];
}

/** A validated opening: its references exist; `expired` when validThrough is before the build date. */
export interface Opening extends OpeningEntry {
  /** Where the entry is written, for later diagnostics. */
  at: { file: string; line: number; column: number; pointer: string };
  expired: boolean;
}

/** The `bot:` block of _config.yml. Every key is optional. */
export interface BotConfig {
  /** Project that holds the handbook pages (id or path); default: the current project (CI_PROJECT_ID). */
  targetProject?: string | number;
  /** Folder in the target project the handbook/ pages go under, e.g. "content/job-families". */
  targetDir?: string;
  /** Change kinds that need a reviewed MR; default ["grade", "requirements", "family-removed", "level-removed", "pay-band"]. */
  review?: ReviewKind[];
  /** Extra labels per change kind, added to "job-family" and "bot:jobfam". */
  labels?: Partial<Record<ReviewKind, string[]>>;
  /** GitLab usernames asked to review, per change kind. */
  reviewers?: Partial<Record<ReviewKind, string[]>>;
}
