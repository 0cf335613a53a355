// isPlainProse lets the plain and web serializers skip markdown-it for text it would read as one
// paragraph of exactly that text. Proved against the tokenizer itself: every string it accepts parses
// (block and inline) to text tokens spelling the string, so skipping the parse cannot change a byte.
// isPlainScalar's shortcut for titles is proved against the yaml parser the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText } from '../scripts/lib/markdown/plain.ts';
import { isPlainProse, parseBlock, parseInline, type Token } from '../scripts/lib/markdown/tokenize.ts';
import { webHtml, webInlineHtml } from '../scripts/lib/markdown/web.ts';
import { isPlainScalar } from '../scripts/lib/model/front-matter.ts';

/** The text a paragraph's inline tokens spell, or null when they hold anything but text. */
const textOf = (tokens: readonly Token[]): string | null => (tokens.every((t) => t.type === 'text') ? tokens.map((t) => t.content).join('') : null);

function readAsItself(text: string): boolean {
  const block = parseBlock(text);
  const one = block.length === 3 && block[0]!.type === 'paragraph_open' && block[1]!.type === 'inline' && block[2]!.type === 'paragraph_close';
  return one && textOf(block[1]!.children ?? []) === text && textOf(parseInline(text)) === text;
}

// Prose with up to three characters markdown gives a meaning to (or white space that matters) put in.
const PROSE = [...'aZé9 0.,;:\'"()?/%-'];
const MARKUP = [...'*_`[]<>&!\\#~+=|{}^$@\n\t'];
const textArb = fc
  .tuple(
    fc.array(fc.constantFrom(...PROSE), { maxLength: 20 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MARKUP)), { maxLength: 3 }),
  )
  .map(([prose, inserts]) => {
    const chars = [...prose];
    for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
    return chars.join('');
  });

describe('isPlainProse', () => {
  it('accepts only text markdown reads as one paragraph of exactly that text', () => {
    let accepted = 0;
    fc.assert(
      fc.property(textArb, (text) => {
        if (!isPlainProse(text)) return;
        accepted++;
        expect(readAsItself(text), JSON.stringify(text)).toBe(true);
      }),
      { seed: 16, numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it('accepts the list items of real families and refuses markup, list markers and edge spaces', () => {
    for (const text of ['Pipeline operations strategy (item 3)', "Own the team's quota: 120% of plan, per year/quarter.", 'Résumé review', 'A'])
      expect([text, isPlainProse(text), readAsItself(text)]).toEqual([text, true, true]);
    for (const text of ['1. First', '- item', 'a *b*', 'see [x](/y)', 'a & b', 'trailing ', ' leading', 'two\nlines', '', '(item 3)', 'a <b>'])
      expect([text, isPlainProse(text)]).toEqual([text, false]);
  });

  it('leaves what the serializers write as it was', () => {
    for (const text of ['Own the "team\'s" quota: 120%', 'Plain words'])
      expect([plainText(text), webHtml(text, 'https://h'), webInlineHtml(text, 'https://h')]).toEqual([text, text.replace(/"/g, '&quot;').replace(/'/g, '&#39;'), text.replace(/"/g, '&quot;').replace(/'/g, '&#39;')]);
  });
});

describe('isPlainScalar', () => {
  it('answers what YAML answers: a run of words reads back as itself unless the core schema reads it as null or a boolean', async () => {
    const { parse } = await import('yaml');
    const yamlSays = (value: string) => {
      try {
        return parse(`value: ${value}`)?.value === value;
      } catch {
        return false;
      }
    };
    const word = fc.oneof(
      fc.constantFrom('null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', 'No', 'on', 'y', 'inf', 'nan', '0x1F', '1e3', '12', 'Title'),
      fc.stringMatching(/^[A-Za-z0-9]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
        const value = words.join(' ');
        expect([value, isPlainScalar(value)]).toEqual([value, yamlSays(value)]);
      }),
      { seed: 16, numRuns: 5_000 },
    );
  });
});
