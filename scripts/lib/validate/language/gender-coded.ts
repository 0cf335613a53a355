// Finds gender-coded words in prose and grades a family by them, after Gaucher, Friesen & Kay (2011)
// with the verdict scale of the gender-decoder tool: the difference of the counts, beyond 3 "strongly".
// Pure.
import type { CodedVerdict } from '../../types.ts';
import { FEMININE_CODED, MASCULINE_CODED } from './gender-coded-words.ts';

export type Coding = 'masculine' | 'feminine';

export interface CodedWord {
  /** The word as written. */
  word: string;
  /** Index of the word in the text searched. */
  index: number;
  stem: string;
  coding: Coding;
}

interface Stem {
  stem: string;
  coding: Coding;
  /** The stem's letters without `*` and hyphen, lower case. */
  letters: string;
  prefix: boolean;
}

const STEMS: Stem[] = [
  ...MASCULINE_CODED.map((stem) => ({ stem, coding: 'masculine' as const })),
  ...FEMININE_CODED.map((stem) => ({ stem, coding: 'feminine' as const })),
].map(({ stem, coding }) => ({ stem, coding, letters: stem.replace(/[*-]/g, ''), prefix: stem.endsWith('*') }));

// Stems by first letter, longest first, so "interdependen*" wins over "depend*"'s neighbours.
const BY_INITIAL = new Map<string, Stem[]>();
for (const stem of [...STEMS].sort((a, b) => b.letters.length - a.letters.length)) {
  const list = BY_INITIAL.get(stem.letters[0]!) ?? [];
  list.push(stem);
  BY_INITIAL.set(stem.letters[0]!, list);
}

/** The stem a word is coded by, if any: "Leadership" → lead*; "self-reliant" → self-relian*. */
export function codedStemOf(word: string): Stem | undefined {
  const letters = word.toLowerCase().replace(/[-’']/g, '');
  return BY_INITIAL.get(letters[0] ?? '')?.find((s) => (s.prefix ? letters.startsWith(s.letters) : letters === s.letters));
}

// Words are letters with inner hyphens or apostrophes ("self-confident", "team's").
const WORD = /[\p{L}][\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*/gu;

export function findCodedWords(text: string): CodedWord[] {
  const found: CodedWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const stem = codedStemOf(m[0]);
    if (stem) found.push({ word: m[0], index: m.index, stem: stem.stem, coding: stem.coding });
  }
  return found;
}

export function verdictOf(masculine: number, feminine: number): CodedVerdict {
  const score = feminine - masculine;
  if (score === 0) return 'neutral';
  if (score > 3) return 'strongly feminine-coded';
  if (score > 0) return 'feminine-coded';
  if (score < -3) return 'strongly masculine-coded';
  return 'masculine-coded';
}
