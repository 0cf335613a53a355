// Families directories for the job-board and catalog tests: the bundled families and config, with
// an office added, openings of the test's choosing, and optionally a family whose text is hostile.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { familiesDir } from './paths.ts';
import { testdir } from './testdir.ts';
import { stripHouseRules } from './house-rules.ts';

/** Pinned build date for every job-board test: expiry never depends on the day the suite runs. */
export const JOBBOARD_TODAY = '2026-12-01';

export const AMSTERDAM_OFFICE = `
  offices:
    - id: amsterdam
      name: Amsterdam office
      address: { streetAddress: Herengracht 1, addressLocality: Amsterdam, postalCode: 1015 BA, addressCountry: NL }
    - id: new-york
      name: New York office
      address: { addressLocality: New York, addressRegion: NY, addressCountry: US }`;

/** Requirement text that must stay text everywhere (issue 7's acceptance). */
export const HOSTILE_REQUIREMENTS = ['<script>alert(1)</script>', '</script><script>alert(2)</script>'];

export const HOSTILE_FAMILY = `# yaml-language-server: $schema=../job-family.schema.json
frontMatter:
  title: "Security <b>Engineering</b>"
  description: "Keeps </script> & <!-- our --> systems safe."
intro: "Protect [everyone](#people) &amp; <em>everything</em> and read the [values](/handbook/values/)."
levels:
  - id: security-engineer
    title: "Security Engineer <img src=x alt=4>"
    grade: 7
    responsibilities:
      - "Review code ]]> and CDATA ends"
      - text: "Nested \\u2028 separators"
        items:
          - "Child item with \\"quotes\\" and 'apostrophes'"
    requirements:
${HOSTILE_REQUIREMENTS.map((r) => `      - ${JSON.stringify(r)}`).join('\n')}
`;

export interface JobBoardFixture {
  /** Temp directory holding job-families/. */
  dir: string;
  families: string;
}

/** In `dir` when given (a beforeAll owns and removes it), else in a temp dir removed after the test. */
export async function jobBoardFixture(
  options: { openings?: string | null; hostile?: boolean; config?: (text: string) => string; dir?: string } = {},
): Promise<JobBoardFixture> {
  const dir = options.dir ?? (await testdir());
  const families = path.join(dir, 'job-families');
  await cp(familiesDir, families, { recursive: true });
  const configFile = path.join(families, '_config.yml');
  // Job-board tests read the job-board diagnostics alone: the house rules have tests of their own.
  let config = stripHouseRules(await readFile(configFile, 'utf8')).replace('\n  offices: []', AMSTERDAM_OFFICE);
  if (options.config) config = options.config(config);
  await writeFile(configFile, config);
  if (options.hostile) {
    await mkdir(path.join(families, 'security'), { recursive: true });
    await writeFile(path.join(families, 'security/security-engineering.yml'), HOSTILE_FAMILY);
  }
  if (options.openings === null) await writeFile(path.join(families, '_openings.yml'), '# yaml-language-server: $schema=./openings.schema.json\nopenings: []\n');
  else if (options.openings !== undefined) await writeFile(path.join(families, '_openings.yml'), `# yaml-language-server: $schema=./openings.schema.json\n${options.openings}`);
  return { dir, families };
}
