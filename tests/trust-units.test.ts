// In-process checks of the trust promises that need no browser: the staging tree's swap and its
// leftovers (#7, #8), errno codes as sentences (#10), a literal U+FFFD (#19), COMMAND --help and
// --version (#20).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/cli.ts';
import { commandUsage, USAGE } from '../scripts/lib/config.ts';
import { describeFilesystemError } from '../scripts/lib/filesystem-errors.ts';
import { validatePaths } from '../scripts/lib/commands.ts';
import { openStaging, publishAtomically, removeLeftovers } from '../scripts/lib/publish/staging.ts';
import { parseYaml } from '../scripts/lib/load/parse-yaml.ts';
import { testdir } from './helpers/testdir.ts';

const DEAD_PID = 999_999_999; // above pid_max: never a live process

describe('the staging tree', () => {
  it('starts as the previous output with every file hard-linked (unchanged PDFs are reused, not copied), beside the output', async () => {
    const dir = await testdir({ 'public/pdf/a.pdf': 'A', 'public/handbook/x.md': 'x' });
    const staged = await openStaging(path.join(dir, 'public'));
    expect(path.dirname(staged.dir)).toBe(dir);
    expect(path.basename(staged.dir)).toMatch(/^public\.jobfam-staging-\d+$/);
    const [live, copy] = await Promise.all([stat(path.join(dir, 'public/pdf/a.pdf')), stat(path.join(staged.dir, 'pdf/a.pdf'))]);
    expect(copy.ino).toBe(live.ino);
    await staged.discard();
    expect(await readdir(dir)).toEqual(['public']);
  });

  it('swaps in only on commit; a throwing run leaves the output byte for byte and no tree', async () => {
    const dir = await testdir({ 'public/index.html': 'old' });
    const out = path.join(dir, 'public');
    await expect(
      publishAtomically(out, async (staged) => {
        await writeFile(path.join(staged.dir, 'new.html'), 'new');
        throw new Error('stage failed');
      }),
    ).rejects.toThrow('stage failed');
    expect(await readdir(out)).toEqual(['index.html']);
    expect(await readdir(dir)).toEqual(['public']);
    await publishAtomically(out, async (staged) => {
      await writeFile(path.join(staged.dir, 'new.html'), 'new');
      return { result: null, commit: true };
    });
    expect((await readdir(out)).sort()).toEqual(['index.html', 'new.html']);
    expect(await readdir(dir)).toEqual(['public']);
  });

  it('removes what killed runs left: dead staging trees, an old output after a finished swap, hidden folders of older versions', async () => {
    const dir = await testdir({
      [`public.jobfam-staging-${DEAD_PID}/x`]: 'half',
      [`public.jobfam-old-${DEAD_PID}/x`]: 'older',
      'public/.handbook.staging-123-456/a.md': 'a',
      'public/.jobs.old-123-456/b.html': 'b',
      'public/index.html': 'current',
      'publicity/keep': 'not ours',
    });
    await removeLeftovers(path.join(dir, 'public'));
    expect((await readdir(dir)).sort()).toEqual(['public', 'publicity']);
    expect(await readdir(path.join(dir, 'public'))).toEqual(['index.html']);
  });

  it('puts the old output back when a run was killed between its two renames', async () => {
    const dir = await testdir({ [`public.jobfam-old-${DEAD_PID}/index.html`]: 'previous', [`public.jobfam-staging-${DEAD_PID}/index.html`]: 'unfinished' });
    await removeLeftovers(path.join(dir, 'public'));
    expect(await readdir(dir)).toEqual(['public']);
    expect(await readFile(path.join(dir, 'public/index.html'), 'utf8')).toBe('previous');
  });

  it("leaves a live process's staging tree alone", async () => {
    const dir = await testdir({ [`public.jobfam-staging-${process.ppid}/x`]: 'running', 'public/a': 'a' });
    await removeLeftovers(path.join(dir, 'public'));
    expect(existsSync(path.join(dir, `public.jobfam-staging-${process.ppid}`))).toBe(true);
  });

  it('a writer that replaces a file never changes the published copy it was linked to', async () => {
    const dir = await testdir({ 'public/handbook/x.md': 'published' });
    const { writeOutputs } = await import('../scripts/lib/publish/write-outputs.ts');
    await publishAtomically(path.join(dir, 'public'), async (staged) => {
      await writeOutputs([{ path: 'handbook/x.md', content: 'next' }], staged.dir, ['handbook']);
      expect(await readFile(path.join(dir, 'public/handbook/x.md'), 'utf8')).toBe('published');
      return { result: null, commit: false };
    });
    expect(await readFile(path.join(dir, 'public/handbook/x.md'), 'utf8')).toBe('published');
  });
});

describe('filesystem errors as sentences (#10)', () => {
  it.each([
    ['EISDIR', 'is a folder'],
    ['ENOTDIR', 'is not a folder'],
    ['EEXIST', 'already exists'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'read-only filesystem'],
    ['ENOSPC', 'the disk is full'],
    ['ENAMETOOLONG', 'name too long'],
    ['ELOOP', 'loop of symbolic links'],
  ])('%s names the path and what to do', (code, words) => {
    const error = Object.assign(new Error(`${code}: raw`), { code, path: '/work/x/public/a.pdf', syscall: 'open' });
    const text = describeFilesystemError(error, '/work/x')!;
    expect(text).toContain('public/a.pdf');
    expect(text).toContain(words);
    expect(text).toMatch(/\. [A-Z].+\.$/); // a sentence of what to do follows
  });

  it('a spawn error names the program and the setting to fix', () => {
    const error = Object.assign(new Error('spawn EACCES'), { code: 'EACCES', path: '/usr/lib', syscall: 'spawn /usr/lib' });
    expect(describeFilesystemError(error, '/work')).toMatch(/^Could not start \/usr\/lib: .*PUPPETEER_EXECUTABLE_PATH/);
  });

  it('other errors are not dressed up as filesystem trouble', () => {
    expect(describeFilesystemError(new TypeError('x'), '/')).toBeNull();
  });
});

describe('a literal U+FFFD (#19)', () => {
  it('in valid UTF-8 is text, while a byte that is not UTF-8 is still an error at its place', async () => {
    const family = (requirement: string) =>
      `frontMatter:\n  title: Ops\nlevels:\n  - id: ops\n    title: Ops\n    grade: 6\n    requirements:\n      - ${requirement}\n`;
    const dir = await testdir({ 'fam/_grades.yml': 'grades:\n  - { grade: 6, label: Six, link: /g/ }\n', 'fam/ops.yml': family('Replacement \uFFFD character') });
    expect((await validatePaths(['fam'], dir)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await writeFile(path.join(dir, 'fam/ops.yml'), Buffer.concat([Buffer.from(family('Bad ')), Buffer.from([0xc3, 0x28])]));
    const errors = (await validatePaths(['fam'], dir)).diagnostics;
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['file-binary', 9, 1]]);
  });
});

describe('COMMAND --help and --version (#20)', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {}, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: '/nonexistent' });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it.each(['import', 'init', 'validate', 'render', 'build', 'pdf', 'postings', 'site', 'diff', 'bot'])('jobfam %s --help and -h print its usage and exit 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const result = await run([command, flag]);
      expect(result.code).toBe(0);
      expect(result.out).toBe(commandUsage(command));
      expect(result.out).toContain(`jobfam ${command}`);
      expect(result.out).not.toContain(USAGE);
      expect(result.err).toBe('');
    }
  });

  it('wins over other flags, even ones the command would refuse', async () => {
    expect((await run(['pdf', '--shard', 'nonsense', '--help'])).code).toBe(0);
  });

  it('jobfam --version prints the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `jobfam ${version}`, err: '' });
  });

  it('jobfam help COMMAND is the same usage; jobfam --help is the whole of it', async () => {
    expect((await run(['help', 'build'])).out).toBe(commandUsage('build'));
    expect((await run(['--help'])).out).toBe(USAGE);
  });
});


describe('block nesting that runs the YAML parser out of stack (#15)', () => {
  it('is reported where it passes the limit, whatever V8 has optimised by then', () => {
    const deep = { path: 'deep.yml', relativePath: 'deep.yml', text: `${'- '.repeat(20_000)}x\n` };
    const at = () => {
      const { diagnostics } = parseYaml(deep);
      return diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
    };
    const first = at();
    // Warm the parser on ordinary files, so it gets deeper before the stack runs out (it did: 1:1875
    // in a fresh process, 1:3203 in one that had validated other files).
    for (let i = 0; i < 200; i++) parseYaml({ path: 'ok.yml', relativePath: 'ok.yml', text: `a:\n  - b: [1, 2]\n    c: "d ${i}"\n` });
    expect(first).toEqual(['file-too-deep 1:129']);
    expect(at()).toEqual(first);
  });
});
