// Reads the families directory as it was at a git revision, without a checkout: `git ls-tree` lists
// the files, one `git cat-file --batch` reads them all. The result is the same FamiliesInput the
// file-system loader builds, so validation and the diff cannot tell the two apart. The only git toucher.
import path from 'node:path';
import { execa } from 'execa';
import { PipelineError } from '../errors.ts';
import type { FamiliesInput, SourceFile } from '../types.ts';
import { readFamilies } from './read-families.ts';

/** GitLab's "before" SHA of a new branch: nothing existed. */
export const EMPTY_REVISION = '0'.repeat(40);

// The same rule as the file-system loader: YAML files not named "_…", outside hidden folders and node_modules.
const isFamilyPath = (relative: string) =>
  /\.ya?ml$/.test(relative) &&
  !path.posix.basename(relative).startsWith('_') &&
  !relative.split('/').some((part) => part.startsWith('.') || part === 'node_modules');

async function git(cwd: string, args: string[], input?: Buffer): Promise<Buffer> {
  const run = await execa('git', args, { cwd, reject: false, encoding: 'buffer', ...(input ? { input } : {}) });
  if (run.exitCode !== 0) {
    const detail = Buffer.from(run.stderr).toString('utf8').trim().split('\n')[0] ?? '';
    throw new PipelineError('git-failed', `git ${args[0]} failed: ${detail || `exit code ${run.exitCode}`}.`);
  }
  return Buffer.from(run.stdout);
}

/** Splits `git cat-file --batch` output ("<sha> blob <size>\n<bytes>\n" per object) into texts. */
function splitBatch(output: Buffer): string[] {
  const texts: string[] = [];
  let at = 0;
  while (at < output.length) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, headerEnd).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isInteger(size)) throw new PipelineError('git-failed', `git cat-file answered ${header.join(' ')}.`);
    texts.push(output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1;
  }
  return texts;
}

/**
 * The families under `familiesDir` (relative to `cwd`) at `revision`; `null` revision = the working tree.
 * Forty zeros, or a revision where the directory does not exist yet, give an empty input (no grades,
 * no families): everything on the other side is new. Diagnostics name files `REV:path`, git's own notation.
 */
export async function readFamiliesAtRevision(revision: string | null, familiesDir: string, cwd: string): Promise<FamiliesInput | null> {
  if (revision === null) return readFamilies([familiesDir], cwd);
  if (revision === EMPTY_REVISION) return null;
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).catch(() => {
    throw new PipelineError('revision-unknown', `${revision} is not a commit of the repository in ${cwd}.`);
  });
  const dir = path.relative(cwd, path.resolve(cwd, familiesDir)).split(path.sep).join('/') || '.';
  // --full-name: paths from the repository root, which is what `git cat-file REV:path` wants.
  const listing = (await git(cwd, ['ls-tree', '-r', '-z', '--full-name', revision, '--', dir])).toString('utf8');
  const prefix = (await git(cwd, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  const rootInRepo = path.posix.normalize(prefix + dir).replace(/\/$/, '').replace(/^\.$/, '');
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', repoPath = ''] = line.split('\t');
      const [, type, sha] = meta.split(' ');
      const relative = rootInRepo ? path.posix.relative(rootInRepo, repoPath) : repoPath;
      return { type, sha: sha ?? '', repoPath, relative };
    })
    .filter((e) => e.type === 'blob');
  if (entries.length === 0) return null;
  const wanted = entries.filter((e) => isFamilyPath(e.relative) || ['_grades.yml', '_config.yml', '_compensation.yml', '_openings.yml'].includes(e.relative));
  const texts = wanted.length === 0 ? [] : splitBatch(await git(cwd, ['cat-file', '--batch'], Buffer.from(wanted.map((e) => `${e.sha}\n`).join(''))));
  const sources = wanted.map(
    (e, i): SourceFile => ({ path: `${revision}:${path.posix.join(dir, e.relative)}`, relativePath: e.relative, text: texts[i] ?? '' }),
  );
  return {
    root: `${revision}:${dir}`,
    families: sources.filter((s) => isFamilyPath(s.relativePath)).sort((a, b) => a.relativePath.localeCompare(b.relativePath)),
    grades: sources.find((s) => s.relativePath === '_grades.yml') ?? null,
    config: sources.find((s) => s.relativePath === '_config.yml') ?? null,
    // Pay bands and openings: `jobfam diff` reports band changes with the levels and openings they reach.
    compensation: sources.find((s) => s.relativePath === '_compensation.yml') ?? null,
    openings: sources.find((s) => s.relativePath === '_openings.yml') ?? null,
  };
}
