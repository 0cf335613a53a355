// What `jobfam diff` finds between two versions of the families and what a reviewer is asked about:
// the vocabulary the diff, its report and the merge-request bot share. Declarations only.

/** The family a change belongs to, named as a reviewer knows it. */
export interface FamilyRef {
  slug: string;
  title: string;
  /** Path of the YAML inside the families directory (the newer side's when both exist). */
  path: string;
}

/** Where in a family a change sits: the family-wide lists, one level, or one specialty. */
export interface ChangeScope {
  kind: 'family' | 'level' | 'specialty';
  id: string;
  title: string;
}

export type ChangedList = 'responsibilities' | 'requirements';

/** Changes worth a line of their own but no table row: the rest of a family, summarised. */
export type SummarisedField =
  | 'front-matter'
  | 'intro'
  | 'reports-to'
  | 'performance-indicators'
  | 'hiring-process'
  | 'career-ladder'
  | 'specialty-added'
  | 'specialty-removed'
  | 'specialty-renamed'
  | 'list-order'
  | 'extends'
  | 'layout';

/** One change between two versions of the families, in reviewer language (see describeChange). */
export type Change =
  | { kind: 'family-added'; family: FamilyRef; levels: { id: string; title: string; grade: number | null }[] }
  | { kind: 'family-removed'; family: FamilyRef; /** The levels its published page(s) held, when known (the bot). */ levels?: { id: string; title: string; grade: number | null }[] }
  | { kind: 'family-moved'; family: FamilyRef; from: string }
  | { kind: 'level-added'; family: FamilyRef; level: ChangeScope; grade: number | null; requirements: number }
  | { kind: 'level-removed'; family: FamilyRef; level: ChangeScope; grade: number | null }
  | { kind: 'level-renamed'; family: FamilyRef; level: ChangeScope; from: string }
  | { kind: 'grade-changed'; family: FamilyRef; level: ChangeScope; from: number | null; to: number | null }
  | { kind: 'item-added'; family: FamilyRef; scope: ChangeScope; list: ChangedList; text: string }
  | { kind: 'item-removed'; family: FamilyRef; scope: ChangeScope; list: ChangedList; text: string }
  | { kind: 'item-reworded'; family: FamilyRef; scope: ChangeScope; list: ChangedList; from: string; to: string }
  | {
      kind: 'inherited-changed';
      family: FamilyRef;
      scope: ChangeScope;
      list: ChangedList;
      /** Titles of the levels the list inherits from (newer side). */
      sources: string[];
      added: number;
      removed: number;
      reworded: number;
    }
  | { kind: 'summary'; family: FamilyRef; scope: ChangeScope; field: SummarisedField; detail: string | null }
  | {
      /** _compensation.yml: a band of a grade (zone null: the reference bands), a zone (grade null), a family's factor. */
      kind: 'pay-band-changed';
      family: FamilyRef;
      zone: string | null;
      grade: number | null;
      /** As a reviewer reads it, e.g. "128,000 - 192,000 USD"; null when added or removed. */
      from: string | null;
      to: string | null;
      /** Levels at the grade and open openings paid from it. */
      levels: number;
      openings: number;
      /** The same, named: "Family: Level" and requisition ids (the bot's MR lists them). */
      reached?: { levels: string[]; openings: string[] };
    };

/** What a reviewer is asked about; `bot.review` in _config.yml lists the kinds that need an MR. */
export type ReviewKind =
  | 'grade'
  | 'requirements'
  | 'responsibilities'
  | 'family-added'
  | 'family-removed'
  | 'family-moved'
  | 'level-added'
  | 'level-removed'
  | 'level-renamed'
  | 'pay-band'
  | 'other';

