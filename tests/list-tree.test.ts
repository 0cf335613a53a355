// listTree (scripts/lib/list-tree.ts) lists what fs.promises.readdir({ recursive: true }) lists, one
// synchronous readdir per folder; folders `descend` refuses are listed but not read.
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree, listTreeOrNothing } from '../scripts/lib/list-tree.ts';
import { testdir } from './helpers/testdir.ts';

async function tree(): Promise<string> {
  const dir = await testdir();
  for (const file of ['a.md', '.hidden/x.yml', 'b/c/d.pdf', 'b/c/e.pdf', 'b/f.json', 'pdf/g/h.pdf', 'pdf/manifest.json', 'empty/.keep', 'ü nicode/ß.txt']) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), file);
  }
  await mkdir(path.join(dir, 'only-folder/inner'), { recursive: true });
  await symlink(path.join(dir, 'b'), path.join(dir, 'link-to-b'));
  return dir;
}

describe('listTree', () => {
  it('lists every entry readdir({ recursive: true }) lists, as forward-slash paths with what each is', async () => {
    const dir = await tree();
    const expected = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')} ${e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'link' : 'file'}`)
      .sort();
    const listed = listTree(dir).map((e) => `${e.relative} ${e.entry.isDirectory() ? 'dir' : e.entry.isSymbolicLink() ? 'link' : 'file'}`);
    expect(listed.sort()).toEqual(expected);
    expect(listed).toContain('link-to-b link'); // not followed
    expect(listed).not.toContain('link-to-b/f.json file');
    for (const e of listTree(dir)) expect(e.full).toBe(path.join(dir, e.relative));
  });

  it('lists a folder descend refuses without reading it, and lists parents before their children', async () => {
    const dir = await tree();
    const listed = listTree(dir, (folder) => folder !== 'pdf').map((e) => e.relative);
    expect(listed).toContain('pdf');
    expect(listed.filter((name) => name.startsWith('pdf/'))).toEqual([]);
    expect(listed).toContain('b/c/d.pdf');
    expect(listed.indexOf('b')).toBeLessThan(listed.indexOf('b/c'));
    expect(listed.indexOf('b/c')).toBeLessThan(listed.indexOf('b/c/d.pdf'));
  });

  it('throws as readdir does for a folder it cannot list; listTreeOrNothing gives nothing then', async () => {
    const dir = await tree();
    expect(() => listTree(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => listTree(path.join(dir, 'a.md'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(listTreeOrNothing(path.join(dir, 'missing'))).toEqual([]);
  });
});
