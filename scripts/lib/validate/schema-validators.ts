// The compiled validators of SCHEMAS. This is the development version, run by the tests (vitest): ajv
// compiles the schemas when they are first used. `npm run compile` replaces its JavaScript in dist/ with
// ajv's standalone code for the same schemas and options (scripts/build/generate-schema-validators.ts),
// so the shipped bin never compiles a schema, nor loads ajv's compiler, at start-up.
import { Ajv, type ValidateFunction } from 'ajv';
import { AJV_OPTIONS, SCHEMAS, type SchemaName } from './schemas.ts';

let compiled: Record<SchemaName, ValidateFunction> | null = null;

export function schemaValidators(): Record<SchemaName, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv(AJV_OPTIONS);
    compiled = {
      family: ajv.compile(SCHEMAS.family),
      grades: ajv.compile(SCHEMAS.grades),
      config: ajv.compile(SCHEMAS.config),
      openings: ajv.compile(SCHEMAS.openings),
      compensation: ajv.compile(SCHEMAS.compensation),
    };
  }
  return compiled;
}
