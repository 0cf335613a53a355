// The shape of the code, checked: no import cycles, config.ts the only reader of the environment,
// no source file over ~400 lines without a reason at its top. Reads the sources as text; fast.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/paths.ts';

const scriptsDir = path.join(repoRoot, 'scripts');
const sources = readdirSync(scriptsDir, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file: file.split(path.sep).join('/'), text: readFileSync(path.join(scriptsDir, file), 'utf8') }));

/** Relative imports (static and `import()`, type-only too) of each source, as paths under scripts/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const { file, text } of sources) {
    const targets = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+\.ts)'/g)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)));
    graph.set(file, targets.filter((t) => graph.has(t) || sources.some((s) => s.file === t)));
  }
  return graph;
}

/** Every cycle's files, found by depth-first search (each cycle reported once, from its first file). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, stack: string[]) => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      found.push(stack.slice(at));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe('the house', () => {
  it('has no import cycles', () => {
    const graph = importGraph();
    expect(graph.get('lib/commands.ts')).toContain('lib/prepare.ts'); // the graph is read at all
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts']]);
  });

  it('reads the environment only in config.ts (entry points hand process.env in)', () => {
    const readers = sources
      .filter(({ file }) => file !== 'lib/config.ts')
      .flatMap(({ file, text }) =>
        text
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => /process\.env\.|process\.env\[|\benv\.[A-Z_]+|\benv\[['"]/.test(line))
          .map(({ at }) => at),
      );
    expect(readers).toEqual([]);
  });

  it('has no source file over 400 lines without a reason at its top', () => {
    const long = sources
      .filter(({ text }) => text.split('\n').length > 410)
      .filter(({ text }) => !/^\/\/.*over 400 lines/im.test(text.split('\n').slice(0, 12).join('\n')))
      .map(({ file }) => file);
    expect(long).toEqual([]);
  });
});
