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
  /** The page has no front matter block (its title came from its first heading). */
  withoutFrontMatter?: true;
  outline: OutlineNode[];
  /** Further pages of a split family (a Hugo section folder: this page is its _index.md, each of these
   *  one level of it), written beside this page. */
  pages?: HandbookPage[];
}

/** One more page of a family, e.g. a level page of a split family, with its own front matter. */
export interface HandbookPage {
  /** File name without ".md", in the folder of the family's page. */
  file: string;
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
  /** Size on disk when larger than the text read (the reader stops at MAX_FILE_BYTES). */
  bytes?: number;
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
