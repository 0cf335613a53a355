// The PDF half of the markdown acceptance (markdown-outputs.test.ts has the rest): the requirement
// with every inline form, printed by real Chromium, reads as the same words with the links' addresses
// and no markdown left; the requirement of 3,000 nested list markers prints too (it used to overflow
// the stack in the PDF stage).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVERY_FORM_WORDS, FAMILY_FILE, LEVEL, markdownFamilies } from './helpers/markdown-fixture.ts';
import { jobfamPdf, pdfText } from './helpers/pdf.ts';
import { testdir } from './helpers/testdir.ts';

describe('the markdown requirement in a real offer packet', () => {
  it('prints the same words, each link with its address, no markdown characters, and the deep list', async () => {
    const dir = await testdir();
    await markdownFamilies(dir);
    const run = await jobfamPdf(['pdf', '--families', 'job-families', '--out', 'out'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const { text } = await pdfText(path.join(dir, 'out/pdf', FAMILY_FILE.replace(/\.yml$/, ''), `${LEVEL}.pdf`));
    const start = text.indexOf('Write em one');
    const end = text.indexOf('nested beta', start);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const printed = text.slice(start, end + 'nested beta'.length);
    expect(printed).toContain('absolute guide (https://example.com/guide)');
    expect(printed).toContain('values page (https://handbook.gitlab.com/handbook/values/)');
    expect(printed).not.toMatch(/[*_`]|\[|\]\(|\{\{</);
    // The words, with the printed addresses and list bullets set aside.
    const words = printed.replace(/ \(https?:[^)]*\)/g, '').replace(/[•◦▪]/g, ' ').replace(/\s+/g, ' ').replace(/ ([,;:])/g, '$1').trim();
    expect(words).toBe(EVERY_FORM_WORDS);
    expect(text).toMatch(/(- ){50,}x/);
  }, 180_000);
});
