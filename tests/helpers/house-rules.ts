// The bundled _config.yml turns on the house rules and the language checks (issue 13), so the bundled
// families carry their policy-* and language-* findings. Tests about something else (openings, reports,
// seeds) read the rest of the diagnostics, or a copy of the config without those two blocks.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../scripts/lib/types.ts';
import { familiesDir } from './paths.ts';
import { testdir } from './testdir.ts';

const HOUSE_RULE = /^(policy|language)-/;

/** The diagnostics that are not house-rule or language findings. */
export const withoutHouseRules = <T extends Pick<Diagnostic, 'code'>>(diagnostics: readonly T[]): T[] =>
  diagnostics.filter((d) => !HOUSE_RULE.test(d.code));

/** `_config.yml` text without its top-level `policy:` and `language:` blocks (and the comments above them). */
export function stripHouseRules(config: string): string {
  const lines = config.split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^(policy|language):/.test(line)) {
      skipping = true;
      while (kept.length > 0 && kept[kept.length - 1]!.startsWith('#')) kept.pop();
      continue;
    }
    if (skipping && /^\S/.test(line) && !line.startsWith('#')) skipping = false;
    if (skipping && line.startsWith('#')) continue;
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

/** A copy of the bundled families in a fresh test dir (`DIR/job-families`), its config without the house rules. */
export async function familiesWithoutHouseRules(): Promise<string> {
  const dir = await testdir();
  const families = path.join(dir, 'job-families');
  await cp(familiesDir, families, { recursive: true });
  const config = path.join(families, '_config.yml');
  await writeFile(config, stripHouseRules(await readFile(config, 'utf8')));
  return dir;
}
