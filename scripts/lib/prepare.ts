// The one preparation every consumer of the families shares (`jobfam build` and its stages, `jobfam
// pdf`, `jobfam diff`, the bench, and the bot through readHandbook): read → validate → build the model
// → resolve the config.
// Reading is the only effect; nothing is written here.
import { resolveConfig, todayOf, type Config, type RunOptions } from './config.ts';
import { byLocation } from './errors.ts';
import { readFamilies } from './load/read-families.ts';
import { buildHandbook } from './model/build-handbook.ts';
import type { Handbook } from './model/handbook.ts';
import type { Diagnostic, FamiliesInput } from './types.ts';
import { equalityCheckerFor, hasErrors, validateFamilies, type ValidationCache, type ValidationResult } from './validate/index.ts';
import type { EqualityChecker } from './validate/language/equality.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface PreparedHandbook {
  /** Validation's and the model's, sorted by location. */
  diagnostics: Diagnostic[];
  validation: ValidationResult;
  /** null when any file has an error (or an output path is claimed twice): then nothing may be written. */
  model: Handbook | null;
}

/** Validates what was read and builds the model from it. Pure. */
export function prepareHandbook(input: FamiliesInput, options: { today: string | null; equality?: EqualityChecker | null; cache?: ValidationCache | undefined }): PreparedHandbook {
  return modelOfValidation(validateFamilies(input, options));
}

/** Builds the model of a validation result (also of a compact one, as `jobfam validate` makes). Pure. */
export function modelOfValidation(validation: ValidationResult): PreparedHandbook {
  const model = buildHandbook(validation);
  const diagnostics = [...validation.diagnostics, ...model.diagnostics].sort(byLocation);
  return { diagnostics, validation, model: hasErrors(diagnostics) ? null : model };
}

export interface PreparedBuild {
  diagnostics: Diagnostic[];
  /** null when the data has errors: then nothing is written. */
  prepared: { model: Handbook; config: Config; validation: ValidationResult } | null;
}

/** Reads the families directory and prepares the model: what the bot needs (it has no output folder). */
export async function readHandbook(familiesDir: string, cwd: string, env: Env = {}): Promise<PreparedHandbook> {
  const input = await readFamilies([familiesDir], cwd);
  return prepareHandbook(input, { today: todayOf(env), equality: await equalityCheckerFor(input) });
}

/** Reads the families once, validates them, builds the model and resolves the config for a run. */
export async function prepareBuild(options: RunOptions, cwd: string, env: Env = {}): Promise<PreparedBuild> {
  return prepareBuildFrom(await readFamilies([options.familiesDir], cwd), options, cwd, env);
}

/** prepareBuild of families already read; `cache` holds an earlier build's checks of unchanged files. */
export async function prepareBuildFrom(input: FamiliesInput, options: RunOptions, cwd: string, env: Env = {}, cache?: ValidationCache): Promise<PreparedBuild> {
  const { diagnostics, validation, model } = prepareHandbook(input, { today: todayOf(env), equality: await equalityCheckerFor(input), cache });
  if (!model) return { diagnostics, prepared: null };
  return { diagnostics, prepared: { model, config: resolveConfig(options, env, validation.config, cwd), validation } };
}
