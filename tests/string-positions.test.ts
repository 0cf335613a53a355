// Positions inside YAML strings: every character of a parsed value maps back to the source character
// that produced it, for each scalar style, so a word found in a value is reported at its own column.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, Scalar } from 'yaml';
import { lineIndex, sourceOffsets } from '../scripts/lib/load/string-positions.ts';

function valueNode(text: string, key = 'k'): Scalar {
  const node = parseDocument(text).get(key, true);
  if (!isScalar(node)) throw new Error('not a scalar');
  return node;
}

/** Line:column of `word` (its n-th occurrence in the value) in the source. */
function whereIs(text: string, word: string, nth = 0): string {
  const node = valueNode(text);
  const offsets = sourceOffsets(text, node);
  if (!offsets) return 'unmapped';
  let index = -1;
  for (let k = 0; k <= nth; k++) index = (node.value as string).indexOf(word, index + 1);
  const { line, column } = lineIndex(text)(offsets[index]!);
  return `${line}:${column}`;
}

describe('sourceOffsets', () => {
  it('plain scalars, also folded over lines', () => {
    expect(whereIs('k: a chairman here\n', 'chairman')).toBe('1:6');
    expect(whereIs('k: first line\n  second chairman\n\n  third\n', 'chairman')).toBe('2:10');
    expect(whereIs('k: first line\n  second chairman\n\n  third\n', 'third')).toBe('4:3');
  });

  it('single-quoted scalars with doubled quotes', () => {
    expect(whereIs("k: 'it''s the chairman'\n", 'chairman')).toBe('1:15');
    expect(whereIs("k: 'one\n   two chairman'\n", 'chairman')).toBe('2:8');
  });

  it('double-quoted scalars with escapes', () => {
    const text = 'k: "say \\"hi\\" caf\\u00e9 \\n then chairman"\n';
    // "say \"hi\" caf\u00e9 \n then chairman": the word starts at source column 33.
    expect(whereIs(text, 'chairman')).toBe(`1:${text.indexOf('chairman') + 1}`);
    expect(whereIs(text, 'é')).toBe(`1:${text.indexOf('\\u00e9') + 1}`);
    expect(whereIs('k: "a\\\n   b chairman"\n', 'chairman')).toBe('2:6');
    expect(whereIs('k: "tab\\there chairman\\x21"\n', 'chairman')).toBe('1:15');
  });

  it('literal block scalars with each chomping', () => {
    for (const header of ['|', '|-', '|+', '|2']) {
      const text = `k: ${header}\n  line one\n\n    indented chairman\n  last\n`;
      expect(whereIs(text, 'chairman'), header).toBe('4:14');
      expect(whereIs(text, 'last'), header).toBe('5:3');
    }
  });

  it('folded block scalars map words back through the folding', () => {
    const text = 'k: >-\n  one two\n  three chairman\n\n  four\n    more chairman\n  five\n';
    expect(valueNode(text).value).toBe('one two three chairman\nfour\n  more chairman\nfive');
    expect(whereIs(text, 'chairman')).toBe('3:9');
    expect(whereIs(text, 'chairman', 1)).toBe('6:10');
    expect(whereIs(text, 'five')).toBe('7:3');
  });

  it('nested in lists, with a comment after the header', () => {
    const text = 'k:\n  - >  # note\n      x chairman\n      y\n';
    const node = (parseDocument(text).get('k', true) as { items: Scalar[] }).items[0]!;
    const offsets = sourceOffsets(text, node)!;
    expect(lineIndex(text)(offsets[(node.value as string).indexOf('chairman')]!)).toEqual({ line: 3, column: 9 });
  });

  it('every character of any stringified value maps to the character that wrote it', () => {
    const word = fc.stringMatching(/^[a-zA-Zé"'\\#:-]{1,8}$/);
    const text = fc.array(fc.oneof(word, fc.constantFrom(' ', '\n', '\n\n', '  ')), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));
    const styles = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
    fc.assert(
      fc.property(text, fc.constantFrom(...styles), fc.integer({ min: 10, max: 60 }), (value, style, lineWidth) => {
        const doc = parseDocument('k: x\n');
        const scalar = new Scalar(value);
        scalar.type = style;
        doc.set('k', scalar);
        const source = doc.toString({ lineWidth, minContentWidth: 5 });
        const node = parseDocument(source).get('k', true);
        // The writer chose a form that changes the value (or is not a string at all): not our concern.
        if (!isScalar(node) || node.value !== value) return;
        const offsets = sourceOffsets(source, node);
        expect(offsets, source).not.toBeNull();
        for (let i = 0; i < value.length; i++) {
          const c = value[i]!;
          if (/\s/.test(c)) continue;
          const at = source[offsets![i]!]!;
          // An escaped character maps to its backslash; a doubled quote to its first quote.
          expect(at === c || at === '\\', `${JSON.stringify(source)} index ${i}`).toBe(true);
        }
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });
});
