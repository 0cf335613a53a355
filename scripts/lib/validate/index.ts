// Validation in two passes, schema then named rules, over every file; returns all diagnostics and
// the families that are sound enough to render. Never throws for bad data.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { byLocation, diagnostic } from '../errors.ts';
import { parseYaml, type ParsedYaml } from '../load/parse-yaml.ts';
import { withDefaults } from '../family-format.ts';
import type { Diagnostic, FamiliesInput, FamilyFile, Grade, JobFamily, LanguageConfig, LanguageSummary, Opening, SiteConfig, SourceFile } from '../types.ts';
import { familyTexts } from './family-texts.ts';
import { checkLanguage, findLanguage, needsEquality, type FamilyLanguageFindings } from './language/check-language.ts';
import { loadEqualityChecker, type EqualityChecker } from './language/equality.ts';
import { parseDocument } from 'yaml';
import { checkPolicy } from './policy/check-policy.ts';
import { validateOpenings } from './openings.ts';
import { validatePay } from './validate-pay.ts';
import type { PayValidation } from '../pay/pay-validation.ts';
import { runRules } from './rules.ts';
import { validateSchema, type SchemaName } from './schema.ts';
import { compactFamilyFile, detachedFamilyFile } from './compact-family.ts';

export interface ValidationResult {
  families: FamilyFile[];
  grades: Grade[];
  config: SiteConfig | null;
  /** Validated entries of _openings.yml (expired ones marked), empty without the file. */
  openings: Opening[];
  /** Pay bands, the pay-transparency rules in force and each open opening's pay (issue 14). */
  pay: PayValidation;
  /** Gender-coded wording per family, when _config.yml configures `language:`. */
  language: LanguageSummary[];
  diagnostics: Diagnostic[];
}

export interface ValidateOptions {
  /** The build date, YYYY-MM-DD, that decides which openings have expired; null checks no expiry. */
  today?: string | null;
  /** retext-equality, loaded by the caller when `language:` asks for it (see loadEqualityChecker);
   *  without it the insensitive-term and job-title checks do not run. */
  equality?: EqualityChecker | null;
  /** Per-family results of an earlier run for files whose content key is unchanged (the build record's):
   *  a hit skips parsing and checking the file, and gives back what the language checks found in it.
   *  Cross-file checks (slugs, openings, pay, language exemptions and verdicts) always run. */
  cache?: ValidationCache | undefined;
}

/** What checking one family file found: its diagnostics, when sound the family with defaults, and
 *  with `language:` configured what the language checks found in it (before exemptions). */
export interface CheckedFamily {
  diagnostics: Diagnostic[];
  family: JobFamily | null;
  language?: FamilyLanguageFindings;
}

export interface ValidationCache {
  get(source: SourceFile): CheckedFamily | undefined;
  set(source: SourceFile, checked: CheckedFamily): void;
}

function parseChecked<T>(source: SourceFile, schema: SchemaName, diagnostics: Diagnostic[], keep?: (parsed: ParsedYaml) => void): T | null {
  const parsed = parseYaml(source);
  keep?.(parsed);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.data === undefined) return null;
  const errors = validateSchema(parsed, schema);
  diagnostics.push(...errors);
  return errors.length === 0 ? (parsed.data as T) : null;
}

export function slugOf(relativePath: string): string {
  return path.posix.basename(relativePath).replace(/\.ya?ml$/, '');
}

/** A family file's name (without .yml) names its pages, PDFs and catalog links: a bounded slug. */
export const MAX_SLUG_LENGTH = 64;
export const isFamilySlug = (slug: string) => slug.length <= MAX_SLUG_LENGTH && /^[a-z0-9][a-z0-9_-]*$/.test(slug);

export function validateFamilies(input: FamiliesInput, options: ValidateOptions = {}): ValidationResult {
  const validator = startValidation(input, options);
  for (const source of input.families) validator.add(source);
  return validator.finish();
}

export interface FamilyValidator {
  /** Parses and checks one family file; with `compact`, keeps only what the model's checks need of it;
   *  with `detached`, the whole family but not the file's text. */
  add(source: SourceFile): void;
  /** The checks across files (openings, language), once every family was added. */
  finish(): ValidationResult;
}

/**
 * Validation one family file at a time, so a caller can read, check and forget each file in turn:
 * with `compact`, nothing of a file outlives add() but a skeleton of its family (ids, grades, titles,
 * layout: what the output-path claims and the openings read) and the positions of those claims. With
 * `detached` (a build: the stages render the prose), the whole family is kept, but not the text.
 */
export function startValidation(input: Omit<FamiliesInput, 'families'>, options: ValidateOptions & { compact?: boolean; detached?: boolean } = {}): FamilyValidator {
  // What a family file's check depends on besides the file: the shared files, the options, the mode.
  const mode = options.compact ? 'compact' : options.detached ? 'detached' : 'whole';
  const shared = JSON.stringify([mode, input.grades?.text ?? null, input.config?.text ?? null, Boolean(options.equality), options.today ?? null]);
  const diagnostics: Diagnostic[] = [];
  let grades: Grade[] = [];
  if (input.grades) {
    grades = parseChecked<{ grades: Grade[] }>(input.grades, 'grades', diagnostics)?.grades ?? [];
  } else {
    diagnostics.push(diagnostic('grades-missing', { file: input.root, line: 1, column: 1 }, { dir: input.root }));
  }
  let configParsed: ParsedYaml | null = null;
  const config = input.config ? parseChecked<SiteConfig>(input.config, 'config', diagnostics, (p) => (configParsed = p)) : null;
  const languageFindings: FamilyLanguageFindings[] = [];

  const families: FamilyFile[] = [];
  const slugs = new Map<string, string>();
  const checkSlug = (source: SourceFile, slug: string) => {
    if (!isFamilySlug(slug)) {
      diagnostics.push(diagnostic('family-file-name', { file: source.path, line: 1, column: 1 }, { name: path.posix.basename(source.relativePath), max: MAX_SLUG_LENGTH }));
    }
    const other = slugs.get(slug);
    if (other !== undefined) {
      diagnostics.push(diagnostic('family-slug-duplicate', { file: source.path, line: 1, column: 1 }, { slug, other }));
    } else {
      slugs.set(slug, source.path);
    }
  };
  const check = (source: SourceFile, parsed: ParsedYaml, slug: string): { file: FamilyFile; language?: FamilyLanguageFindings } | null => {
    if (parsed.data === undefined) return null;
    if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
      const found = parsed.data === null ? 'no data (it is empty or only comments)' : Array.isArray(parsed.data) ? 'a list' : 'a single value';
      diagnostics.push(diagnostic('yaml-not-a-mapping', { file: source.path, ...parsed.locate([]) }, { found }));
      return null;
    }
    const schemaErrors = validateSchema(parsed, 'family');
    diagnostics.push(...schemaErrors);
    if (schemaErrors.length > 0) return null;
    const data = parsed.data as JobFamily;
    // A family without levels leaves the key out (schema); the rules read it as an empty list.
    const written = { ...data, levels: data.levels ?? [] };
    diagnostics.push(...runRules(parsed, written, grades));
    const family = withDefaults(written);
    const file = { source, slug, family };
    if (!(config?.policy || config?.language) || !parsed.document) return { file };
    const texts = familyTexts(parsed.document, source.text);
    if (config.policy) diagnostics.push(...checkPolicy(parsed, family, texts, config.policy));
    if (!config.language) return { file };
    return { file, language: findLanguage({ slug, file: source.path, texts, start: parsed.locate([]) }, config.language, options.equality ?? null) };
  };

  /** A file's earlier result, taken as this run's. */
  const replay = (found: { diagnostics: Diagnostic[]; language?: FamilyLanguageFindings | undefined }, kept: FamilyFile | null) => {
    diagnostics.push(...found.diagnostics);
    if (kept) families.push(kept);
    if (kept && found.language) languageFindings.push(found.language);
  };

  return {
    add(source) {
      const slug = slugOf(source.relativePath);
      checkSlug(source, slug);
      const cache = options.cache;
      const hit = cache?.get(source);
      // A result kept without language findings (language: was configured since) is no hit.
      if (hit && (hit.family === null || !config?.language || hit.language)) {
        replay(hit, hit.family && { source, slug, family: hit.family });
        return;
      }
      // The same file checked again in this process (jobfam bot checks two revisions, most of whose
      // files are the same): the last result, copied. Only for whole families: `jobfam validate`
      // (compact) and `jobfam build` (detached) check each file once, and would only pay for copies.
      const memoKey = mode === 'whole' ? recentChecks.key(shared, source) : null;
      const remembered = memoKey === null ? undefined : recentChecks.get(memoKey);
      if (remembered) {
        const kept = remembered.kept && { ...remembered.kept, source };
        replay(remembered, kept);
        cache?.set(source, { diagnostics: remembered.diagnostics, family: kept?.family ?? null, ...(remembered.language && { language: remembered.language }) });
        return;
      }
      const before = diagnostics.length;
      const parsed = parseYaml(source);
      diagnostics.push(...parsed.diagnostics);
      const checked = check(source, parsed, slug);
      const file = checked?.file ?? null;
      if (checked?.language) languageFindings.push(checked.language);
      const kept = file && (options.compact ? compactFamilyFile(file, parsed) : options.detached ? detachedFamilyFile(file, parsed) : file);
      // A detached family goes into the cache too: the parser's objects would keep the file's text alive.
      cache?.set(source, {
        diagnostics: diagnostics.slice(before),
        family: (options.detached ? kept?.family : file?.family) ?? null,
        ...(checked?.language && { language: checked.language }),
      });
      if (kept) families.push(kept);
      if (memoKey !== null) {
        recentChecks.set(memoKey, { diagnostics: diagnostics.slice(before), kept: kept && withoutSource(kept), ...(checked?.language && { language: checked.language }) });
      }
    },
    finish() {
      const language = config?.language
        ? checkLanguage(languageFindings, config.language, Boolean(options.equality), (index) => ({
            file: input.config!.path,
            ...configParsed!.locate(['language', 'exemptions', index]),
            pointer: `/language/exemptions/${index}`,
          }))
        : { diagnostics: [], summaries: [] };
      diagnostics.push(...language.diagnostics);
      // Openings refer to families, so an opening of a broken family reports "unknown" as well: that is
      // true (it cannot be posted) and both errors point the reader at a file to fix.
      const openings = validateOpenings(input.openings, families, config, input.config, options.today ?? null, Boolean(input.compensation));
      diagnostics.push(...openings.diagnostics);
      const pay = validatePay(input, families, grades, config, openings.openings, options.today ?? null);
      diagnostics.push(...pay.diagnostics);
      return { families, grades, config, openings: openings.openings, pay, language: language.summaries, diagnostics: diagnostics.sort(byLocation) };
    },
  };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

/** retext-equality, loaded when _config.yml has language checks that need it, else null (the libraries
 *  take a while to load: validation without them does not pay for them). */
export async function equalityCheckerFor(input: Pick<FamiliesInput, 'config'>): Promise<EqualityChecker | null> {
  if (!input.config || !/^language\s*:/m.test(input.config.text)) return null;
  const language: unknown = parseDocument(input.config.text).toJS()?.language;
  const wanted = language !== null && typeof language === 'object' && needsEquality(language as LanguageConfig);
  return wanted ? loadEqualityChecker() : null;
}

/** A kept family without its source: what recentChecks copies (the text stays the caller's). */
function withoutSource({ source: _source, ...kept }: FamilyFile): Omit<FamilyFile, 'source'> {
  return kept;
}

/** A family file's check as recentChecks keeps it: what add() found, the kept family without its source. */
interface RememberedCheck {
  diagnostics: Diagnostic[];
  kept: Omit<FamilyFile, 'source'> | null;
  language?: FamilyLanguageFindings;
}

/**
 * The last RECENT_CHECKS family files checked in this process, by content (the file, the shared files,
 * the options). Entries are deep copies, and so is what get() hands out: a caller may change what it
 * got without changing what the next one gets.
 */
const RECENT_CHECKS = 512;
const recentChecks = (() => {
  const entries = new Map<string, RememberedCheck>();
  return {
    key: (shared: string, source: SourceFile) =>
      createHash('sha256').update(shared).update('\0').update(JSON.stringify([source.path, source.relativePath, source.bytes ?? null, source.unreadable ?? null])).update('\0').update(source.text).digest('hex'),
    get(key: string): RememberedCheck | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key); // most recently used last
      entries.set(key, entry);
      return structuredClone(entry);
    },
    set(key: string, entry: RememberedCheck): void {
      entries.set(key, structuredClone(entry));
      if (entries.size > RECENT_CHECKS) entries.delete(entries.keys().next().value!);
    },
  };
})();

