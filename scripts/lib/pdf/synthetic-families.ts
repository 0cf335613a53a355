// Generated families for the benchmarks and the PDF tests: `levels` levels spread over families of
// up to eight (levelsPerFamily), each with 12-40 list items (some with links, bold and nested items) and inheritance,
// like the real pages. Deterministic: the same count gives the same files. Pure.
import { stringify } from 'yaml';

const WORDS = [
  'customers', 'pipeline', 'forecast', 'territory', 'quota', 'partners', 'enablement', 'strategy', 'metrics', 'hiring',
  'coaching', 'accounts', 'renewals', 'expansion', 'operations', 'planning', 'process', 'leadership', 'analytics', 'tooling',
];

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13 + (seed >> 2)) % WORDS.length]!);
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} (item ${seed})`;
}

function item(seed: number): string | { text: string; items: string[] } {
  if (seed % 11 === 0) return `Follow the [${WORDS[seed % WORDS.length]} guide](/handbook/sales/${seed}/) for **every** account ${seed}`;
  if (seed % 17 === 0) return { text: sentence(seed, 6), items: [sentence(seed + 1, 5), sentence(seed + 2, 7)] };
  return sentence(seed, 8 + (seed % 9));
}

/** File name → content for a self-contained families directory (grades, config, families). */
export function syntheticFamilies(levels: number, options: { company?: string; levelsPerFamily?: number } = {}): Record<string, string> {
  const perFamily = Math.min(8, Math.max(1, options.levelsPerFamily ?? 8));
  const files: Record<string, string> = {
    '_grades.yml': stringify({ grades: [5, 6, 7, 8, 9, 10].map((grade) => ({ grade, label: `Grade ${grade} label`, link: '/handbook/grades/' })) }),
    '_config.yml': stringify({ company: options.company ?? 'Example Corp', handbookUrl: 'https://handbook.example.com' }),
  };
  let seed = 1;
  for (let f = 0, made = 0; made < levels; f++) {
    const count = Math.min(perFamily, levels - made);
    const family = {
      frontMatter: { title: `Synthetic Family ${f + 1}` },
      intro: sentence(seed++, 30),
      requirements: [sentence(seed++, 9)],
      levels: Array.from({ length: count }, (_, i) => {
        const base = { id: `level-${i + 1}`, title: `Synthetic Role ${f + 1}.${i + 1}`, grade: 5 + Math.min(i, 5), reportsTo: `the [Head of Family ${f + 1}](/job-families/synthetic-${f + 1}/)` };
        const size = 6 + ((f * 8 + i) % 15);
        return {
          ...base,
          ...(i > 0 ? { extends: { requirements: `level-${i}` } } : {}),
          responsibilities: Array.from({ length: size }, () => item(seed++)),
          requirements: Array.from({ length: Math.max(6, size - 2) }, () => item(seed++)),
        };
      }),
      careerLadder: 'The next step is the [next family](/job-families/next/).',
      hiringProcess: [sentence(seed++, 10), sentence(seed++, 8), sentence(seed++, 9)],
    };
    files[`synthetic/family-${String(f + 1).padStart(3, '0')}.yml`] = stringify(family, { lineWidth: 0 });
    made += count;
  }
  return files;
}
