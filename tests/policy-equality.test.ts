// retext-equality runs only on sentences that hold a whole flagged phrase: this prefilter must never
// hide a finding. Every phrase the library's data names, in a sentence, is checked both ways.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { unified } from 'unified';
import retextEnglish from 'retext-english';
import retextEquality from 'retext-equality';
import { describe, expect, it } from 'vitest';
import { loadEqualityChecker, loadTriggers, mayFlag } from '../scripts/lib/validate/language/equality.ts';

describe('the retext-equality prefilter', () => {
  it('lets through every sentence in which retext-equality finds something', async () => {
    const triggers = await loadTriggers();
    expect(triggers).not.toBeNull();
    const entry = pathToFileURL(createRequire(import.meta.url).resolve('retext-equality'));
    const { patterns } = (await import(new URL('./patterns-en.js', entry).href)) as { patterns: Array<{ inconsiderate: Record<string, string> }> };
    const processor = unified().use(retextEnglish).use(retextEquality).freeze();
    const phrases = patterns.flatMap((p) => Object.keys(p.inconsiderate)).map((p) => p.replace(/\*/g, 'america'));
    expect(phrases.length).toBeGreaterThan(800);
    let flagged = 0;
    for (const phrase of phrases) {
      const sentence = `Yesterday the ${phrase} spoke.`;
      const file = { messages: [] as unknown[] };
      const capture = () => (_: unknown, f: { messages: unknown[] }) => void (file.messages = f.messages);
      const p = processor().use(capture);
      p.runSync(p.parse(sentence));
      if (file.messages.length === 0) continue;
      flagged += 1;
      expect(mayFlag(sentence, triggers), sentence).toBe(true);
    }
    expect(flagged).toBeGreaterThan(phrases.length / 2);
    expect(mayFlag('Write the quarterly report for the finance team.', triggers)).toBe(false);
  }, 120_000);

  it('maps findings of many texts read as one document back to each text', async () => {
    const check = await loadEqualityChecker();
    const found = check(['Nothing to see here.', 'Report to the chairman. Then plan the manpower.\nHe will', 'crazy']);
    expect(found.map((list) => list.map((f) => `${f.index}:${f.word}`))).toEqual([[], ['14:chairman', '38:manpower', '48:He'], ['0:crazy']]);
  });
});
