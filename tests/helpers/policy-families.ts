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

