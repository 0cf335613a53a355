// Times the markdown layer on pathological shapes at two sizes, in its own process:
// `node --expose-gc --single-threaded-gc --max-semi-space-size=64 tests/helpers/time-markdown.mjs SMALL BIG '<unit>'...`
// (sizes in bytes) prints { unit: { serializer: { small, big } } } in CPU milliseconds (one process for
// every shape). It times the compiled layer the bin runs (dist/, which the suite's setup keeps current).
// Every run starts from a collected heap (gc, then one untimed small run), so both sizes are timed alike,
// and other processes on a busy machine do not count (CPU time, not wall time); the median of several
// runs is kept. The garbage collector works on this thread only, in a young generation large enough for
// a big run's tokens: with background GC threads and the default 16 MB, a linear serializer measured 15x
// to 17x for ten times the text (GC work grows faster than the heap), at the limit a mildly quadratic
// one reaches. Now linear code measures about 10x, and a planted quadratic pass (100 slices of the text
// at 300 KB) 15.4x. No pause after gc() either: there is no concurrent sweeper left to wait for.
import { linkFindings } from '../../dist/lib/markdown/link-policy.js';
import { plainText } from '../../dist/lib/markdown/plain.js';
import { printHtml } from '../../dist/lib/markdown/print.js';
import { webHtml } from '../../dist/lib/markdown/web.js';

const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');

/** @type {Record<string, (text: string) => unknown>} */
export const SERIALIZERS = {
  print: (text) => printHtml(text, 'https://handbook.example.com'),
  web: (text) => webHtml(text, 'https://handbook.example.com'),
  plain: plainText,
  // Validation reads the same tokens: it must be linear too.
  'link policy': linkFindings,
};

const [smallBytes, bigBytes] = process.argv.slice(2, 4).map(Number);
const units = process.argv.slice(4);
if (!smallBytes || !bigBytes || units.length === 0) throw new Error('usage: time-markdown.mjs SMALL BIG UNIT...');
const text = (unit, bytes) => `${unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)} x`;

/**
 * The CPU time of `run`, after a collection and then `settle` (untimed). Right after a full collection
 * the young generation is shrunk, and growing it back again (page faults, scavenges) cost a first run
 * about 20 ms whatever its size: a constant that hid part of a quadratic cost in the small runs.
 */
function cpuMs(run, settle) {
  gc();
  settle();
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = {};
for (const unit of units) {
  const small = text(unit, smallBytes);
  const big = text(unit, bigBytes);
  const times = {};
  for (const [name, serialize] of Object.entries(SERIALIZERS)) {
    for (let i = 0; i < 2; i++) serialize(small); // warm the JIT
    // Medians, not minima: a lucky fast small run (a warm cache, no collection) would inflate the
    // ratio as much as an unlucky slow big run; the median of each is what a size costs.
    const bigRuns = [];
    const settle = () => serialize(small);
    for (let i = 0; i < 3; i++) bigRuns.push(cpuMs(() => serialize(big), settle));
    const smallRuns = [];
    for (let i = 0; i < 7; i++) smallRuns.push(cpuMs(() => serialize(small), settle));
    times[name] = { small: median(smallRuns), big: median(bigRuns) };
  }
  results[unit] = times;
}
process.stdout.write(JSON.stringify(results));
