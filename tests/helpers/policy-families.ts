// In-memory families directories for the policy and language tests: SourceFiles, no disk.
import type { FamiliesInput, SourceFile } from '../../scripts/lib/types.ts';

export const GRADES = `grades:
  - { grade: 5, label: Associate, link: /grades/#5 }
  - { grade: 6, label: Intermediate, link: /grades/#6 }
  - { grade: 7, label: Senior, link: /grades/#7 }
`;

export const CONFIG_HEAD = `company: Example
handbookUrl: https://handbook.example.com
`;

const source = (relativePath: string, text: string): SourceFile => ({ path: `fam/${relativePath}`, relativePath, text });

/** A families directory of the given family files (`name.yml` → text) and _config.yml body. */
export function familiesInput(families: Record<string, string>, config: string): FamiliesInput {
  return {
    root: 'fam',
    grades: source('_grades.yml', GRADES),
    config: source('_config.yml', CONFIG_HEAD + config),
    families: Object.entries(families).map(([name, text]) => source(name, text)),
    openings: null,
  };
}

/** A copy of a families directory whose _config.yml stops before the house rules and language checks:
 *  for tests about an all-valid run, which the bundled families are not under their house rules. */
export async function withoutHouseRules(familiesDir: string, into: string): Promise<string> {
  const { cp, readFile, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const target = path.join(into, 'job-families');
  await cp(familiesDir, target, { recursive: true });
  const config = path.join(target, '_config.yml');
  const text = await readFile(config, 'utf8');
  const cut = text.indexOf('\n# House rules');
  await writeFile(config, cut === -1 ? text : text.slice(0, cut + 1));
  return target;
}
