// The job-family model. What a family *is* (titles, grades, lists, prose) lives in the content fields;
// how the handbook page *lays it out* lives in `handbook` alone, so every other output and every diff
// works on plain values and never on markdown formatting.

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
}

export interface FrontMatter {
  title: string;
  description?: string;
  summary?: string;
  layout?: string;
  RoleName?: string;
}

export type FieldName =
  | 'intro'
  | 'reportsTo'
  | 'grade'
  | 'responsibilities'
  | 'requirements'
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
  outline: OutlineNode[];
}

export interface JobFamily {
  frontMatter: FrontMatter;
  intro: string | null;
  responsibilities: Item[];
  requirements: Item[];
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
}

// ---- pipeline values ----

export type Severity = 'error' | 'warning';

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
}

export interface SourceFile {
  /** Path as the user should see it (relative to the working directory). */
  path: string;
  /** Path relative to the families directory, with forward slashes. */
  relativePath: string;
  text: string;
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
}

export interface FamilyFile {
  source: SourceFile;
  /** File name without extension: names the family's page and PDFs, unique across directories. */
  slug: string;
  family: JobFamily;
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
}

/** `--shard I/N`: this run renders the I-th of N stable slices (1-based). */
export interface Shard {
  index: number;
  total: number;
}
