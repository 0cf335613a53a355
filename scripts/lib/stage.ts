// What an output stage is: the model and the config in, files written under OUT, a summary out.
// Its own module so commands.ts (which lists the stages) and the stages (which implement the type)
// do not import each other.
import path from 'node:path';
import type { Config } from './config.ts';
import type { Handbook, ModelFamily } from './model/handbook.ts';
import type { Diagnostic } from './types.ts';
import type { LaunchedAhead } from './pdf/browser.ts';

export interface StageResult {
  stage: string;
  diagnostics: Diagnostic[];
  /** One line for the build summary, e.g. "12 handbook pages in public/handbook". */
  summary: string;
}

/** What a stage asks before it renders a family (publish/family-reuse.ts decides it for `jobfam build`). */
export interface FamilyReuse {
  /** True when the family's outputs in the staging tree are exactly what rendering it now would give. */
  reusable(family: Pick<ModelFamily, 'relativePath'>): boolean;
  /** reusable, and the git state its offer packets' source stamps read is the last build's too. */
  reusablePdfs(family: Pick<ModelFamily, 'relativePath'>): boolean;
}

/** No reuse: every family is rendered (--force, no record, `jobfam pdf`, tests of a stage alone). */
export const RENDER_EVERY_FAMILY: FamilyReuse = { reusable: () => false, reusablePdfs: () => false };

/** What the edge (the CLI) hands a run: a signal that asks it to stop (nothing is published then). */
export interface StageEffects {
  signal?: AbortSignal | undefined;
  /** Which families' outputs from the last build a stage keeps instead of rendering (`jobfam build`); none without. */
  reuse?: FamilyReuse | undefined;
  /** Whether a file under OUT (relative path) is exactly what the last build published, as the build
   *  found it before any stage ran (`jobfam build`, from the stamps and hashes it already read). */
  unchanged?: ((relative: string) => boolean) | undefined;
  /** A Chromium `jobfam build` started once it knew some packet will print; the PDF stage takes it. */
  browser?: LaunchedAhead | null | undefined;
  /** A folder under OUT that a stage still running owns (one that said it is `waiting`), and the files
   *  it will hold when the build publishes: what a stage that looks at the outputs (the catalog)
   *  counts instead of reading the folder meanwhile. */
  pending?: PendingFolder | undefined;
  /** Called by a stage once the rest of its work waits on another process (the PDF stage, once it
   *  hands the packets to Chromium), with the folder it still writes: `jobfam build` starts the next
   *  stages then, beside it, and hands them that folder as `pending`. */
  waiting?: ((writing: PendingFolder) => void) | undefined;
}

export interface PendingFolder {
  /** The folder's path under OUT, e.g. "pdf". */
  folder: string;
  /** Its files as paths under OUT, e.g. "pdf/engineering/backend/senior.pdf". */
  files: ReadonlySet<string>;
}

/** An output stage: reads the model, writes under `config.outDir`, never throws for bad data. */
export type Stage = (model: Handbook, config: Config, effects: StageEffects) => Promise<StageResult>;

/** A folder under OUT as the summary line names it, e.g. "public/jobs" (the published folder, not the staging tree). */
export function whereOf(config: Config, folder: string): string {
  return path.join(path.relative(config.cwd, config.publishedDir) || '.', folder);
}
