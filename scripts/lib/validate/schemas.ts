// The JSON Schemas of a families directory, by the names validation uses, and the ajv options they are
// compiled with (by schema-validators.ts in development, by `npm run build` into standalone code).
import familySchema from '../../../job-families/job-family.schema.json' with { type: 'json' };
import gradesSchema from '../../../job-families/grades.schema.json' with { type: 'json' };
import configSchema from '../../../job-families/config.schema.json' with { type: 'json' };
import openingsSchema from '../../../job-families/openings.schema.json' with { type: 'json' };
import compensationSchema from '../../../job-families/compensation.schema.json' with { type: 'json' };

export const SCHEMAS = { family: familySchema, grades: gradesSchema, config: configSchema, openings: openingsSchema, compensation: compensationSchema } as const;
export type SchemaName = keyof typeof SCHEMAS;

/** Every error (people fix a file in one go); `verbose` because validateSchema reads each error's parentSchema. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;
