// Inclusive-language checks over every family's prose (`language:` in _config.yml): insensitive and
// non-neutral terms (retext-equality), non-neutral job titles, and gender-coded wording with a verdict
// per family. Reviewed exemptions silence findings; an exemption that silences nothing is stale.
// Pure: the retext checker is passed in, built once by the caller.
import { diagnostic, type Location } from '../../errors.ts';
import type { CheckSeverity, Diagnostic, LanguageConfig, LanguageExemption, LanguageSummary } from '../../types.ts';
import type { FamilyText } from '../family-texts.ts';
import type { EqualityChecker } from './equality.ts';
import { findCodedWords, verdictOf, type Coding } from './gender-coded.ts';

export interface LanguageFamily {
  slug: string;
  file: string;
  texts: readonly FamilyText[];
  /** Where the family starts, for the family's summary when it has no coded word. */
  start: { line: number; column: number };
}

/** A word the checks found, located, before any exemption is applied. */
export type LanguageFinding =
  /** retext-equality's: in a job title (`title`: the title) or in prose (`title` null). */
  | { check: 'equality'; word: string; rule: string; suggestions: string[]; title: string | null; at: Location }
  | { check: 'coded'; word: string; stem: string; coding: Coding; at: Location };

/**
 * What the language checks found in one family, in document order. It depends only on the family's
 * text and the configuration (never on other families or on exemptions), so a build may keep it
 * for a file whose content key is unchanged.
 */
export interface FamilyLanguageFindings {
  slug: string;
  file: string;
  start: { line: number; column: number };
  /** Whether retext-equality ran on the family (it is not loaded when no check needs it). */
  equality: boolean;
  findings: LanguageFinding[];
}

export interface LanguageResult {
  diagnostics: Diagnostic[];
  summaries: LanguageSummary[];
}

const active = (severity: CheckSeverity | undefined, fallback: CheckSeverity) => {
  const s = severity ?? fallback;
  return s === 'off' ? null : s;
};

/** Whether a configuration needs the retext checker at all. */
export function needsEquality(config: LanguageConfig | undefined): boolean {
  return config !== undefined && (active(config.insensitive, 'warning') !== null || active(config.genderedTitles, 'warning') !== null);
}

/** The words one family's prose holds that the configured checks look for, located. */
export function findLanguage(family: LanguageFamily, config: LanguageConfig, equality: EqualityChecker | null): FamilyLanguageFindings {
  const coded = active(config.genderCoded, 'warning');
  const flagged = equality && needsEquality(config) ? equality(family.texts.map((t) => t.prose)) : null;
  const findings: LanguageFinding[] = [];
  family.texts.forEach((text, textIndex) => {
    const at = (index: number): Location => ({ file: family.file, ...text.at(index), pointer: text.pointer });
    for (const f of flagged?.[textIndex] ?? []) {
      findings.push({ check: 'equality', word: f.word, rule: f.rule, suggestions: f.suggestions, title: text.kind === 'title' ? text.value : null, at: at(f.index) });
    }
    if (!coded) return;
    for (const w of findCodedWords(text.prose)) findings.push({ check: 'coded', word: w.word, stem: w.stem, coding: w.coding, at: at(w.index) });
  });
  return { slug: family.slug, file: family.file, start: family.start, equality: flagged !== null, findings };
}

/** Each family's findings through the exemptions: diagnostics, a verdict per family, and stale exemptions. */
export function checkLanguage(
  families: readonly FamilyLanguageFindings[],
  config: LanguageConfig,
  /** Whether this run has retext-equality (a family's findings say whether it ran on that family). */
  equalityLoaded: boolean,
  exemptionAt: (index: number) => Location,
): LanguageResult {
  const insensitive = active(config.insensitive, 'warning');
  const titles = active(config.genderedTitles, 'warning');
  const coded = active(config.genderCoded, 'warning');
  const words = active(config.codedWords, 'info');
  const exemptions = config.exemptions ?? [];
  const used = new Array<boolean>(exemptions.length).fill(false);
  const exempt = (slug: string, word: string, stem?: string) => {
    const index = exemptions.findIndex((e) => matches(e, slug, word, stem));
    if (index === -1) return false;
    used[index] = true;
    return true;
  };

  const diagnostics: Diagnostic[] = [];
  const summaries: LanguageSummary[] = [];
  for (const family of families) {
    const summary: LanguageSummary = { family: family.slug, masculine: 0, feminine: 0, verdict: 'neutral', masculineWords: {}, feminineWords: {} };
    const firstOf: { masculine?: Location; feminine?: Location } = {};
    for (const f of family.findings) {
      if (f.check === 'equality') {
        const severity = f.title !== null ? titles : insensitive;
        if (!severity || exempt(family.slug, f.word)) continue;
        diagnostics.push(
          f.title !== null
            ? diagnostic('language-gendered-title', f.at, { word: f.word, title: f.title, suggestions: f.suggestions.slice(0, 3) }, severity)
            : diagnostic('language-insensitive', f.at, { word: f.word, rule: f.rule, suggestions: f.suggestions.slice(0, 4) }, severity),
        );
        continue;
      }
      if (!coded || exempt(family.slug, f.word, f.stem)) continue;
      firstOf[f.coding] ??= f.at;
      summary[f.coding] += 1;
      const tally = f.coding === 'masculine' ? summary.masculineWords : summary.feminineWords;
      tally[f.stem] = (tally[f.stem] ?? 0) + 1;
      if (words) diagnostics.push(diagnostic('language-coded-word', f.at, { word: f.word, stem: f.stem, coding: f.coding }, words));
    }
    if (!coded) continue;
    summary.verdict = verdictOf(summary.masculine, summary.feminine);
    summaries.push(summary);
    const leaning = summary.verdict.includes('masculine') ? firstOf.masculine : summary.verdict.includes('feminine') ? firstOf.feminine : undefined;
    const at = leaning ?? { file: family.file, ...family.start, pointer: '' };
    const severity = summary.verdict === 'neutral' ? 'info' : coded;
    diagnostics.push({ ...diagnostic('language-gender-coded', at, summary, severity), summary });
  }

  // Stale only means something when every check an exemption could silence has run.
  if (!(insensitive || titles) || (equalityLoaded && families.every((family) => family.equality))) {
    exemptions.forEach((e, index) => {
      if (!used[index]) diagnostics.push(diagnostic('language-exemption-stale', exemptionAt(index), { family: e.family, term: e.term }, 'warning'));
    });
  }
  return { diagnostics, summaries };
}

function matches(exemption: LanguageExemption, slug: string, word: string, stem: string | undefined): boolean {
  if (exemption.family !== '*' && exemption.family !== slug) return false;
  const term = exemption.term.trim().toLowerCase();
  return term === word.toLowerCase() || (stem !== undefined && term.replace(/\*$/, '') === stem.replace(/\*$/, ''));
}
