// Front matter of simple `key: value` lines is read without the YAML parser (simpleFrontMatterEntries).
// That shortcut must give exactly the entries the parser gives: on every real page, and on front matter
// generated from the characters and words YAML gives a meaning to (quotes, escapes, comments, null,
// booleans, duplicate keys, trailing spaces...).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frontMatterEntries, simpleFrontMatterEntries } from '../scripts/lib/import/markdown-page.ts';
import { sharedDir } from './helpers/paths.ts';

const pages = ['handbook-pages', 'handbook-pages-2', 'seeds'].flatMap((dir) =>
  readdirSync(path.join(sharedDir, dir), { recursive: true })
    .map(String)
    .filter((p) => (dir === 'seeds' || (p.endsWith('.md') && p.includes('/'))))
    .map((p) => path.join(sharedDir, dir, p)),
);

/** The YAML between a page's `---` lines, as parseMarkdownPage cuts it; null without front matter. */
function frontMatterOf(file: string): string | null {
  const lines = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
  const end = lines.indexOf('---', 1);
  return lines[0] === '---' && end > 0 ? lines.slice(1, end).join('\n') : null;
}

/** The shortcut either declines (null) or agrees with the parser. */
const agrees = (yaml: string) => {
  const simple = simpleFrontMatterEntries(yaml);
  return simple === null ? null : expect(simple).toEqual(frontMatterEntries(yaml));
};

describe('simple front matter', () => {
  it('gives the entries the YAML parser gives on every real page, and is taken on most of them', () => {
    const texts = pages.map(frontMatterOf).filter((t): t is string => t !== null);
    expect(pages.length).toBeGreaterThanOrEqual(56);
    for (const text of texts) agrees(text);
    const simple = texts.filter((text) => simpleFrontMatterEntries(text) !== null);
    expect(simple.length).toBeGreaterThan(texts.length * 0.8);
  });

  it('declines what YAML reads otherwise, and reads quoted text as the parser does', () => {
    for (const text of [
      'title: null',
      'title: True',
      'Null: x',
      'title: a #b',
      'title: a: b',
      'title: "a\\tb"',
      'title: x\ntitle: y',
      'title: 12',
      'title: x ',
      'title:  x',
      'list:\n- a',
      '',
    ]) {
      expect(simpleFrontMatterEntries(text), text).toBeNull();
    }
    // Taken, and read as the parser reads it: characters that mean something only outside quotes.
    for (const value of ['a#b', 'a: b', "x'y", 'é', '\u00a0', 'a\u0085b', 'a\u2028b', '  ', '', '[x]', '&a *b !c']) {
      const text = `title: "${value}"`;
      expect(simpleFrontMatterEntries(text), text).not.toBeNull();
      agrees(text);
    }
    expect(simpleFrontMatterEntries('title: "Deal Desk"\nRoleName: Sales, EMEA')).toEqual([
      { key: 'title', value: 'Deal Desk', quoted: true, text: 'title: "Deal Desk"' },
      { key: 'RoleName', value: 'Sales, EMEA', quoted: false, text: 'RoleName: Sales, EMEA' },
    ]);
  });

  it('agrees with the parser on generated front matter (seed 16)', () => {
    // Mostly pieces the shortcut takes, now and then one YAML reads otherwise.
    const safe = fc.constantFrom('a', 'Z', 'word', ' ', ',', '.', ';', "'", '(', ')', '/', '_', '+', '-', '&', '0', '12', 'null', 'True');
    const tricky = fc.constantFrom(
      '  ', '"', '\\', '#', ' #', ':', ': ', '- ', '*', '!', '|', '>', '[', ']', '{', '}', '%', '@', '`', '?', '\t', '\u0085',
      '\u00a0', 'é', '\u2028', '\u0001', '\u007f', 'NULL', 'FALSE', '~', 'yes', '.inf', 'x\\"y', ' ',
    );
    const text = fc.array(fc.oneof({ arbitrary: safe, weight: 12 }, { arbitrary: tricky, weight: 1 }), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    const key = fc.oneof({ arbitrary: fc.constantFrom('title', 'RoleName', 'description', '_x', 'a-b', 'true', 'Null', '1'), weight: 10 }, { arbitrary: text, weight: 1 });
    const line = fc.oneof(
      { arbitrary: fc.tuple(key, text).map(([k, v]) => `${k}: ${v}`), weight: 5 },
      { arbitrary: fc.tuple(key, text).map(([k, v]) => `${k}: "${v}"`), weight: 5 },
      { arbitrary: text, weight: 1 },
    );
    let taken = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), (lines) => {
        if (agrees(lines.join('\n')) !== null) taken++;
      }),
      { seed: 16, numRuns: 3000 },
    );
    // The comparison proves something only where the shortcut was taken.
    expect(taken).toBeGreaterThan(300);
  });
});
