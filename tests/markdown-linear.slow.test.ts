// Issue 12 #11 / issue 15: inline markdown renders in linear time, whatever the text. For each
// pathological shape, every serializer (print, web, plain) and the link policy run on 30 KB and on
// 300 KB of it; 300 KB may take at most 15 times as long (linear is 10x; the hand-written regexes these
// replace were quadratic: 100x and more, 4.8 s at 100 KB). Timed in a child process with a collected
// heap before each run and the collector on one thread (tests/helpers/time-markdown.mjs says why). A
// 300 KB run under FAST_MS is too short to compare and counts as fast: its 30 KB run then takes 2-3 ms,
// where a fraction of a millisecond moves the ratio by several x (the list-marker shape measured 2.0 ms
// against 30.5 ms, 15.1x, on a fresh clone). Quadratic code is nowhere near: the regexes these replaced
// took 4.8 s at 100 KB, and a planted pass of 100 slices took 210 ms at 300 KB.
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/paths.ts';

const SMALL = 30_000;
const BIG = 300_000;
const FAST_MS = 50;

const SHAPES: Record<string, string> = {
  'x *a *a *a …': ' *a',
  '_a _a _a …': '_a ',
  '[[[[ …': '[',
  '```` …': '`',
  '- - - - … (nested list markers)': '- ',
  '<<<< …': '<',
  '<a <a <a …': '<a ',
  '[a]({{< ref " …': '[a]({{< ref "',
};

describe('inline markdown is linear in the length of the text', () => {
  let timed: Record<string, Record<string, { small: number; big: number }>> = {};
  beforeAll(async () => {
    const run = await execa('node', ['--expose-gc', '--single-threaded-gc', '--max-semi-space-size=64', path.join(repoRoot, 'tests/helpers/time-markdown.mjs'), String(SMALL), String(BIG), ...Object.values(SHAPES)], { cwd: repoRoot, reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    timed = JSON.parse(run.stdout) as typeof timed;
  }, 240_000);

  it.each(Object.entries(SHAPES))('%s: 300 KB takes at most 15x the time of 30 KB in every serializer', (_, unit) => {
    const times = timed[unit]!;
    expect(Object.keys(times)).toEqual(['print', 'web', 'plain', 'link policy']);
    for (const [serializer, { small, big }] of Object.entries(times)) {
      const figures = `${serializer}: 30 KB ${small.toFixed(1)} ms, 300 KB ${big.toFixed(1)} ms (${(big / small).toFixed(1)}x)`;
      console.log(`${unit.padEnd(14)} ${figures}`);
      expect(big, figures).toBeLessThanOrEqual(Math.max(15 * small, FAST_MS));
    }
  });
});
