// Hostile inputs for validate and import, written at test time (a 2 MiB file and a binary are not
// worth committing). Each is the smallest file that shows the attack.
const LOL = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]';
const laughs = (n: number) => {
  const lines = [`a0: &a0 ${LOL}`];
  for (let i = 1; i < n; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n');
};

/** Family YAML files, by name, for `jobfam validate`. */
export const HOSTILE_YAML: Record<string, string | Uint8Array> = {
  'alias-bomb.yml': `${laughs(6)}\n`,
  'binary.yml': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]),
  'too-large.yml': `frontMatter:\n  title: Big\nlevels: []\nnote: ${'x'.repeat(1024 * 1024)}\n`,
  'deep-flow.yml': `frontMatter: {title: Deep}\nlevels: ${'['.repeat(100)}${']'.repeat(100)}\n`,
  'deep-block.yml': `frontMatter:\n  title: Deep\n${Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x\n`,
  'empty.yml': '',
};

/** Handbook pages, by name, for `jobfam import`. */
export const HOSTILE_PAGES: Record<string, string | Uint8Array> = {
  'alias-bomb.md': `---\ntitle: Bomb\n${laughs(6)}\n---\n\n## Responsibilities\n\n- Survive\n`,
  'binary.md': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  'too-large.md': `---\ntitle: Big\n---\n\n${'x'.repeat(1024 * 1024)}\n`,
  'deep-list.md': `---\ntitle: Deep\n---\n\n## Responsibilities\n\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
  'empty.md': '',
};
