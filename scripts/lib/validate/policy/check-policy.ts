// The company's house rules (`policy:` in _config.yml), as GitLab's handbook pipeline checked them:
// the standard sections, a requirement line every level lists, phrases the writing rules forbid.
// Each broken rule is a diagnostic at the node that breaks it. Pure.
import { diagnostic } from '../../errors.ts';
import type { ParsedYaml } from '../../load/parse-yaml.ts';
import { resolveLevel, resolveSpecialty } from '../../family-format.ts';
import type { Diagnostic, Item, JobFamily, PolicyConfig, PolicySection } from '../../types.ts';
import type { FamilyText } from '../family-texts.ts';

const SECTION_NAMES: Record<PolicySection, string> = {
  intro: 'introduction',
  responsibilities: 'responsibilities',
  requirements: 'requirements',
  niceToHaves: 'nice-to-haves',
  performanceIndicators: 'performance indicators',
  careerLadder: 'career ladder',
  hiringProcess: 'hiring process',
};

const hasItems = (items: readonly Item[] | undefined | null) => (items?.length ?? 0) > 0;

/** Levels (by title) that lack the section, or null when the family has it family-wide. */
function levelsLacking(family: JobFamily, section: PolicySection): string[] | null {
  switch (section) {
    case 'careerLadder':
      return family.careerLadder?.trim() ? null : [];
    case 'intro':
      return family.intro?.trim() ? null : family.levels.filter((l) => !l.intro?.trim()).map((l) => l.title);
    case 'responsibilities':
    case 'requirements':
      if (hasItems(family[section])) return null;
      return family.levels.filter((l) => !hasItems(resolveLevel(family, l.id)?.[section])).map((l) => l.title);
    default:
      if (hasItems(family[section])) return null;
      return family.levels.filter((l) => !hasItems(l[section])).map((l) => l.title);
  }
}

/** Text of a requirement as a reader compares it: no markdown, case, surrounding space or final punctuation. */
export function comparable(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:!,]+$/, '')
    .trim()
    .toLowerCase();
}

const itemTexts = (items: readonly Item[]): string[] => items.flatMap((item) => (typeof item === 'string' ? [item] : [item.text, ...itemTexts(item.items)]));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as whole words, any case, any run of spaces (or line breaks) between its words. */
export function phrasePattern(phrase: string): RegExp {
  const words = phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${words}(?![\\p{L}\\p{N}_])`, 'giu');
}

export function checkPolicy(parsed: ParsedYaml, family: JobFamily, texts: readonly FamilyText[], policy: PolicyConfig): Diagnostic[] {
  const file = parsed.source.path;
  const severity = policy.severity ?? 'error';
  const found: Diagnostic[] = [];

  for (const section of policy.requiredSections ?? []) {
    const lacking = levelsLacking(family, section);
    if (lacking === null || (lacking.length === 0 && section !== 'careerLadder' && family.levels.length > 0)) continue;
    found.push(diagnostic('policy-section-missing', { file, ...parsed.locate([]), pointer: '' }, { section: SECTION_NAMES[section], key: section, missingIn: lacking }, severity));
  }

  for (const requirement of policy.requiredRequirements ?? []) {
    const wanted = comparable(requirement);
    const lists = (items: readonly Item[]) => itemTexts(items).some((t) => comparable(t) === wanted);
    family.levels.forEach((level, index) => {
      if (lists(resolveLevel(family, level.id)?.requirements ?? [])) return;
      const at = { file, ...parsed.locate(['levels', index]), pointer: `/levels/${index}` };
      found.push(diagnostic('policy-requirement-missing', at, { requirement, owner: 'level', title: level.title }, severity));
    });
    family.specialties.forEach((specialty, index) => {
      if (lists(resolveSpecialty(family, specialty.id)?.requirements ?? [])) return;
      const at = { file, ...parsed.locate(['specialties', index]), pointer: `/specialties/${index}` };
      found.push(diagnostic('policy-requirement-missing', at, { requirement, owner: 'specialty', title: specialty.title }, severity));
    });
  }

  for (const { phrase, why } of policy.forbiddenPhrases ?? []) {
    const pattern = phrasePattern(phrase);
    for (const text of texts) {
      for (const m of text.prose.matchAll(pattern)) {
        const at = { file, ...text.at(m.index), pointer: text.pointer };
        found.push(diagnostic('policy-forbidden-phrase', at, { found: text.value.slice(m.index, m.index + m[0].length), why }, severity));
      }
    }
  }
  return found;
}
