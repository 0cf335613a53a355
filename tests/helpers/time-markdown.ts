// Times the markdown layer on one pathological shape at 100 KB and 1 MB, in its own process started
// with --expose-gc: `node --expose-gc --import tsx tests/helpers/time-markdown.ts '<unit>'` prints
// { serializer: { small, big } } in CPU milliseconds. Every run starts from a collected heap (gc, then
// a pause for the concurrent sweeper), so both sizes are timed alike and other processes on a busy
// machine do not count (CPU time, not wall time); the best of several runs is kept.
import { setTimeout as sleep } from 'node:timers/promises';
import { linkFindings } from '../../scripts/lib/markdown/link-policy.ts';
import { plainText } from '../../scripts/lib/markdown/plain.ts';
import { printHtml } from '../../scripts/lib/markdown/print.ts';
import { webHtml } from '../../scripts/lib/markdown/web.ts';

const exposed = (globalThis as { gc?: () => void }).gc;
if (!exposed) throw new Error('run with node --expose-gc');
const gc: () => void = exposed;

export const SERIALIZERS: Record<string, (text: string) => unknown> = {
  print: (text) => printHtml(text, 'https://handbook.example.com'),
  web: (text) => webHtml(text, 'https://handbook.example.com'),
  plain: plainText,
  // Validation reads the same tokens: it must be linear too.
  'link policy': linkFindings,
};

const unit = process.argv[2];
if (!unit) throw new Error('usage: time-markdown.ts UNIT');
const text = (bytes: number) => `${unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)} x`;

async function cpuMs(run: () => unknown): Promise<number> {
  gc();
  await sleep(30);
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const small = text(100_000);
const big = text(1_000_000);
const times: Record<string, { small: number; big: number }> = {};
for (const [name, serialize] of Object.entries(SERIALIZERS)) {
  for (let i = 0; i < 2; i++) serialize(small); // warm the JIT
  let bigMs = Infinity;
  for (let i = 0; i < 2; i++) bigMs = Math.min(bigMs, await cpuMs(() => serialize(big)));
  let smallMs = Infinity;
  for (let i = 0; i < 5; i++) smallMs = Math.min(smallMs, await cpuMs(() => serialize(small)));
  times[name] = { small: smallMs, big: bigMs };
}
process.stdout.write(JSON.stringify(times));
