// A family's gender-coded verdict from the model alone (no YAML positions): what the merge-request bot
// compares between the published page and the new one, both read back by the importer. Pure.
import type { CodedVerdict, Item, JobFamily, OutlineNode } from '../../types.ts';
import { proseOf } from '../family-texts.ts';
import { findCodedWords, verdictOf } from './gender-coded.ts';

export interface FamilyVerdict {
  masculine: number;
  feminine: number;
  verdict: CodedVerdict;
}

const itemTexts = (items: readonly Item[] | undefined): string[] => (items ?? []).flatMap((i) => (typeof i === 'string' ? [i] : [i.text, ...itemTexts(i.items)]));

function outlineMarkdown(nodes: readonly OutlineNode[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => {
    if (typeof node === 'string') return [];
    if ('markdown' in node) return [node.markdown];
    if ('body' in node) return outlineMarkdown(node.body);
    return [];
  });
}

export function familyVerdict(family: JobFamily): FamilyVerdict {
  const fm = family.frontMatter;
  const texts: Array<{ text: string; markdown?: boolean }> = [
    ...[fm.title, fm.description, fm.summary, fm.RoleName, family.intro, family.careerLadder].map((text) => ({ text: text ?? '' })),
    ...[family.responsibilities, family.requirements, family.niceToHaves, family.performanceIndicators, family.hiringProcess].flatMap(itemTexts).map((text) => ({ text })),
    ...family.levels.flatMap((l) =>
      [l.title, l.intro ?? '', l.reportsTo ?? '', ...[l.responsibilities, l.requirements, l.niceToHaves, l.performanceIndicators, l.hiringProcess].flatMap(itemTexts)].map((text) => ({ text })),
    ),
    ...family.specialties.flatMap((s) => [s.name, s.title, s.intro ?? '', ...[s.responsibilities, s.requirements, s.niceToHaves].flatMap(itemTexts)].map((text) => ({ text }))),
    ...[family.handbook?.outline, ...(family.handbook?.pages ?? []).map((p) => p.outline)].flatMap(outlineMarkdown).map((text) => ({ text, markdown: true })),
  ];
  let masculine = 0;
  let feminine = 0;
  for (const { text, markdown } of texts) {
    for (const word of findCodedWords(proseOf(text, markdown ? 'markdown' : 'text'))) {
      if (word.coding === 'masculine') masculine += 1;
      else feminine += 1;
    }
  }
  return { masculine, feminine, verdict: verdictOf(masculine, feminine) };
}
