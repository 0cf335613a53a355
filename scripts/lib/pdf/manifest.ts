// The incremental-run manifest. Each shard writes its own file, OUT/pdf/manifest.<I>-of-<N>.json,
// listing only the PDFs of its slice: `parallel:` shards whose artifacts are merged into one public/
// never overwrite one another's. An entry records the hash of a PDF's inputs and of the bytes
// written, so a PDF is skipped only when some manifest says "these inputs gave exactly the file on
// disk", whichever shard (or shard count) wrote it.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Shard } from '../types.ts';
import type { PdfJob, Toolchain } from './build-packets.ts';
import { processAlive } from '../publish/staging.ts';
import { listTreeOrNothing } from '../list-tree.ts';

export interface ManifestEntry {
  input: string;
  output: string;
}

export interface Manifest {
  version: 1;
  shard: Shard;
  toolchain: Toolchain;
  /** By path under OUT/pdf/. */
  entries: Record<string, ManifestEntry>;
}

const MANIFEST_FILE = /^manifest\.(\d+)-of-(\d+)\.json$/;

export const manifestName = (shard: Shard | null) => `manifest.${shard?.index ?? 1}-of-${shard?.total ?? 1}.json`;

export const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Every shard's manifest in `pdfDir`; unreadable ones are ignored (their PDFs are rebuilt). */
export async function readManifests(pdfDir: string): Promise<Manifest[]> {
  const names = await readdir(pdfDir).catch(() => [] as string[]);
  const manifests: Manifest[] = [];
  for (const name of names.filter((n) => MANIFEST_FILE.test(n)).sort()) {
    try {
      const manifest = JSON.parse(await readFile(path.join(pdfDir, name), 'utf8')) as Manifest;
      if (manifest.version === 1 && manifest.entries && typeof manifest.entries === 'object') manifests.push(manifest);
    } catch {
      // a damaged manifest only costs a rebuild
    }
  }
  return manifests;
}

export interface PdfPlan {
  render: PdfJob[];
  skip: { job: PdfJob; entry: ManifestEntry }[];
  /** PDFs of families the build reuses (no job built): kept with their manifest entry. */
  kept: { key: string; entry: ManifestEntry }[];
  /** Paths under OUT/pdf/ of PDFs some manifest lists that no current level or specialty makes. */
  remove: string[];
}

/**
 * Decides what a run does. `slice` is this shard's jobs, `all` every shard's (a PDF is stale only
 * when no shard makes it, so one shard never deletes another's). `onDisk` gives the sha256 of a file
 * under OUT/pdf/, or null when it is missing. Pure.
 */
export function planPdfs(
  slice: readonly PdfJob[],
  all: readonly Pick<PdfJob, 'key'>[],
  manifests: readonly Manifest[],
  onDisk: ReadonlyMap<string, string | null>,
  force: boolean,
): PdfPlan {
  const plan: PdfPlan = { render: [], skip: [], kept: [], remove: [] };
  for (const job of slice) {
    const entry = force
      ? undefined
      : manifests.map((m) => m.entries[job.key]).find((e) => e !== undefined && e.input === job.inputHash && onDisk.get(job.key) === e.output);
    if (entry) plan.skip.push({ job, entry });
    else plan.render.push(job);
  }
  const current = new Set(all.map((j) => j.key));
  const listed = new Set(manifests.flatMap((m) => Object.keys(m.entries)));
  plan.remove = [...listed].filter((key) => !current.has(key) && key.endsWith('.pdf')).sort();
  return plan;
}

/** Writes beside the target and renames over it: readers see the old file or the new one, never half. */
export async function writeFileAtomic(target: string, content: Uint8Array | string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Temp files left by a process that was killed outright (SIGKILL gives it no chance to clean up). */
export async function removeOrphanTemps(pdfDir: string): Promise<void> {
  for (const { entry, full } of listTreeOrNothing(pdfDir)) {
    const m = /^\..+\.tmp-(\d+)-\w+$/.exec(entry.name);
    if (entry.isFile() && m && !processAlive(Number(m[1]))) await rm(full, { force: true });
  }
}

/**
 * PDFs this shard's own manifest lists that the shard no longer makes (a level moved to another shard
 * when families were added or removed) and no other shard's manifest in the folder lists. With one CI
 * cache per shard, such a PDF would otherwise stay in this shard's folder for good and reach the pages
 * job beside the copy the shard that now makes it prints; in a folder every shard shares, the other
 * shard's manifest keeps it. Pure.
 */
export function leftShard(slice: readonly Pick<PdfJob, 'key'>[], manifests: readonly Manifest[], shard: Shard | null): string[] {
  const index = shard?.index ?? 1;
  const total = shard?.total ?? 1;
  const own = manifests.filter((m) => m.shard?.index === index && m.shard?.total === total);
  const others = new Set(manifests.filter((m) => !own.includes(m)).flatMap((m) => Object.keys(m.entries)));
  const mine = new Set(slice.map((j) => j.key));
  return [...new Set(own.flatMap((m) => Object.keys(m.entries)))].filter((key) => !mine.has(key) && !others.has(key) && key.endsWith('.pdf')).sort();
}
