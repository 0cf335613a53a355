// Inclusive-language checks over every family's prose (`language:` in _config.yml): insensitive and
// non-neutral terms (retext-equality), non-neutral job titles, and gender-coded wording with a verdict
// per family. Reviewed exemptions silence findings; an exemption that silences nothing is stale.
// Pure: the retext checker is passed in, built once by the caller.
import { diagnostic, type Location } from '../../errors.ts';
import type { CheckSeverity, Diagnostic, LanguageConfig, LanguageExemption, LanguageSummary } from '../../types.ts';
import type { FamilyText } from '../family-texts.ts';
import type { EqualityChecker } from './equality.ts';
import { findCodedWords, verdictOf } from './gender-coded.ts';

export interface LanguageFamily {
  slug: string;
  file: string;
  texts: readonly FamilyText[];
  /** Where the family starts, for the family's summary when it has no coded word. */
  start: { line: number; column: number };
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

export function checkLanguage(
  families: readonly LanguageFamily[],
  config: LanguageConfig,
  equality: EqualityChecker | null,
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
    const flagged = equality && (insensitive || titles) ? equality(family.texts.map((t) => t.prose)) : null;
    family.texts.forEach((text, textIndex) => {
      if (flagged) {
        for (const f of flagged[textIndex]!) {
          const severity = text.kind === 'title' ? titles : insensitive;
          if (!severity || exempt(family.slug, f.word)) continue;
          const at = { file: family.file, ...text.at(f.index), pointer: text.pointer };
          diagnostics.push(
            text.kind === 'title'
              ? diagnostic('language-gendered-title', at, { word: f.word, title: text.value, suggestions: f.suggestions.slice(0, 3) }, severity)
              : diagnostic('language-insensitive', at, { word: f.word, rule: f.rule, suggestions: f.suggestions.slice(0, 4) }, severity),
          );
        }
      }
      if (!coded) return;
      for (const w of findCodedWords(text.prose)) {
        if (exempt(family.slug, w.word, w.stem)) continue;
        const at = { file: family.file, ...text.at(w.index), pointer: text.pointer };
        firstOf[w.coding] ??= at;
        summary[w.coding] += 1;
        const tally = w.coding === 'masculine' ? summary.masculineWords : summary.feminineWords;
        tally[w.stem] = (tally[w.stem] ?? 0) + 1;
        if (words) diagnostics.push(diagnostic('language-coded-word', at, { word: w.word, stem: w.stem, coding: w.coding }, words));
      }
    });
    if (!coded) continue;
    summary.verdict = verdictOf(summary.masculine, summary.feminine);
    summaries.push(summary);
    const leaning = summary.verdict.includes('masculine') ? firstOf.masculine : summary.verdict.includes('feminine') ? firstOf.feminine : undefined;
    const at = leaning ?? { file: family.file, ...family.start, pointer: '' };
    const severity = summary.verdict === 'neutral' ? 'info' : coded;
    diagnostics.push({ ...diagnostic('language-gender-coded', at, summary, severity), summary });
  }

  // Stale only means something when every check an exemption could silence has run.
  if (equality || !(insensitive || titles)) {
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
