// Insensitive and non-neutral wording through retext-equality (on unified + retext-english). The
// libraries are loaded only when a families directory configures `language:`, and the processor is
// built once per run: validation without language checks pays nothing for them.

export interface EqualityFinding {
  /** Index in the text of the flagged word's first character. */
  index: number;
  word: string;
  /** retext-equality's rule id, e.g. "chairman-chairwoman". */
  rule: string;
  suggestions: string[];
}

/** Finds the flagged words of each text (one list per text, in order). Synchronous: the processor is
 *  already built. Pass many texts at once: each retext run has a fixed cost of milliseconds. */
export type EqualityChecker = (texts: readonly string[]) => EqualityFinding[][];

interface Message {
  ruleId?: string | null;
  actual?: string | null;
  expected?: string[] | null;
  place?: { start?: { offset?: number } } | { offset?: number } | null;
}

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

let loading: Promise<EqualityChecker> | null = null;

/** Words retext-equality flags that are neutral in job families (passed to its `ignore` option). */
export const NEUTRAL_WORDS = ['fellow', 'fellows'];

const fold = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const partsOf = (word: string) => word.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The words of a text as retext-equality could match them: whole (punctuation dropped) and by part. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    words.add(fold(token));
    for (const part of partsOf(token)) words.add(part);
  }
  return words;
}

/** A text cut into sentences (and lines), each with its offset in the text. */
export function sentencesOf(text: string): Array<{ from: number; sentence: string }> {
  const out: Array<{ from: number; sentence: string }> = [];
  const boundary = /(?<=[.!?;:])\s+|\n+/g;
  let from = 0;
  for (const m of text.matchAll(boundary)) {
    if (m.index > from) out.push({ from, sentence: text.slice(from, m.index) });
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push({ from, sentence: text.slice(from) });
  return out;
}

/** A phrase retext-equality flags, as the words that must all be in a sentence for it to match. */
type Phrase = string[][];

/**
 * Every phrase retext-equality flags (from its pattern data, which the package does not export: read
 * beside its entry point), indexed by each of its words. A sentence that holds no phrase completely
 * cannot yield a finding, so retext (milliseconds per run, more per character) reads only the
 * sentences that do. null when the data cannot be read: then every sentence is read.
 */
export async function loadTriggers(): Promise<Map<string, Phrase[]> | null> {
  try {
    const entry = pathToFileURL(createRequire(import.meta.url).resolve('retext-equality'));
    const { patterns } = (await import(new URL('./patterns-en.js', entry).href)) as { patterns: Array<{ inconsiderate: Record<string, string> }> };
    const index = new Map<string, Phrase[]>();
    for (const pattern of patterns) {
      for (const text of Object.keys(pattern.inconsiderate)) {
        // Each word as one alternative: whole (folded), or all of its parts.
        const phrase: Phrase = text
          .toLowerCase()
          .split(/\s+/)
          .filter((w) => w !== '*' && w !== '')
          .map((w) => [fold(w), ...partsOf(w)]);
        for (const word of phrase) for (const key of word) index.set(key, [...(index.get(key) ?? []), phrase]);
      }
    }
    return index.size > 0 ? index : null;
  } catch {
    return null;
  }
}

const hasWord = (words: ReadonlySet<string>, [whole, ...parts]: string[]) => words.has(whole!) || (parts.length > 1 && parts.every((p) => words.has(p)));

/** Whether retext-equality could flag anything in a text: some phrase has all its words there. */
export function mayFlag(text: string, triggers: ReadonlyMap<string, Phrase[]> | null): boolean {
  if (!triggers) return true;
  const words = wordsOf(text);
  for (const word of words) for (const phrase of triggers.get(word) ?? []) if (phrase.every((w) => hasWord(words, w))) return true;
  return false;
}

/** The checker, built on first use and shared by every later call in this process. */
export function loadEqualityChecker(): Promise<EqualityChecker> {
  loading ??= (async () => {
    const [{ unified }, { default: retextEnglish }, { default: retextEquality }] = await Promise.all([
      import('unified'),
      import('retext-english'),
      import('retext-equality'),
    ]);
    let messages: Message[] = [];
    // The last plugin hands the file's messages out; unified's runSync otherwise keeps its file to itself.
    const capture = () => (_tree: unknown, file: { messages: Message[] }) => {
      messages = file.messages;
    };
    // "Fellow" is a rank (Engineering Fellow, Distinguished Fellow) that any gender holds, not "guy":
    // flagging it would fail real job titles such as GitLab's own Engineering Fellow page.
    const processor = unified().use(retextEnglish).use(retextEquality, { ignore: NEUTRAL_WORDS }).use(capture).freeze();
    const triggers = await loadTriggers();
    // retext-equality's cost is a few milliseconds per run plus some per character, and its patterns
    // match within a sentence: the sentences that hold a trigger word are read, all in one document,
    // one paragraph each, and the findings mapped back to their texts.
    return (texts) => {
      const results: EqualityFinding[][] = texts.map(() => []);
      const parts: Array<{ text: number; from: number; at: number }> = [];
      let document = '';
      texts.forEach((text, index) => {
        for (const { from, sentence } of sentencesOf(text)) {
          if (!mayFlag(sentence, triggers)) continue;
          if (document) document += '\n\n';
          parts.push({ text: index, from, at: document.length });
          document += sentence.replace(/\n/g, ' ');
        }
      });
      if (!document) return results;
      messages = [];
      processor.runSync(processor.parse(document));
      for (const m of messages) {
        const place = m.place && 'start' in m.place ? m.place.start : (m.place as { offset?: number } | null);
        const offset = place?.offset;
        if (offset === undefined || !m.actual) continue;
        let lo = 0;
        let hi = parts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (parts[mid]!.at <= offset) lo = mid;
          else hi = mid - 1;
        }
        const part = parts[lo]!;
        results[part.text]!.push({ index: part.from + offset - part.at, word: m.actual, rule: m.ruleId ?? 'equality', suggestions: m.expected ?? [] });
      }
      return results;
    };
  })();
  return loading;
}
