// The one preparation every consumer of the families shares (`jobfam build` and its stages, `jobfam
// pdf`, `jobfam diff`, the bench, and the bot through readHandbook): read → validate → build the model
// → resolve the config.
// Reading is the only effect; nothing is written here.
import { resolveConfig, todayOf, type Config, type RunOptions } from './config.ts';
import { byLocation } from './errors.ts';
import { forEachFamilyFile, listFamilies, readFamilies } from './load/read-families.ts';
import { buildHandbook } from './model/build-handbook.ts';
import type { Handbook } from './model/handbook.ts';
import type { Diagnostic, FamiliesInput } from './types.ts';
import { equalityCheckerFor, hasErrors, startValidation, validateFamilies, type FamilyValidator, type ValidationCache, type ValidationResult } from './validate/index.ts';
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

/**
 * Reads the families once, validates them, builds the model and resolves the config for a run. The
 * files are read a few at a time and each family is kept without its file's text (validate/
 * compact-family.ts detachedFamilyFile), so memory holds the families the stages render, not every
 * text besides them.
 */
export async function prepareBuild(options: RunOptions, cwd: string, env: Env = {}): Promise<PreparedBuild> {
  const { familyFiles, rootDir, ...shared } = await listFamilies([options.familiesDir], cwd);
  const validator = startValidation(shared, { today: todayOf(env), equality: await equalityCheckerFor(shared), detached: true });
  await forEachFamilyFile(familyFiles, rootDir, cwd, (source) => validator.add(source));
  return preparedBuildOf(validator, options, cwd, env);
}

/** prepareBuild of families already read; `cache` holds an earlier build's checks of unchanged files. */
export async function prepareBuildFrom(input: FamiliesInput, options: RunOptions, cwd: string, env: Env = {}, cache?: ValidationCache): Promise<PreparedBuild> {
  const validator = startValidation(input, { today: todayOf(env), equality: await equalityCheckerFor(input), cache, detached: true });
  for (const source of input.families) validator.add(source);
  return preparedBuildOf(validator, options, cwd, env);
}

function preparedBuildOf(validator: FamilyValidator, options: RunOptions, cwd: string, env: Env): PreparedBuild {
  const { diagnostics, validation, model } = modelOfValidation(validator.finish());
  if (!model) return { diagnostics, prepared: null };
  return { diagnostics, prepared: { model, config: resolveConfig(options, env, validation.config, cwd), validation } };
}
