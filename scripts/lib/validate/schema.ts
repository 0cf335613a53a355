// Structural validation with ajv, translated into located diagnostics. ajv reports every failed branch
// of a `oneOf`; only the branch meant for the value's type is kept, so people read one clear error.
import type { ErrorObject } from 'ajv';
import { diagnostic } from '../errors.ts';
import type { ParsedYaml, PathSegment } from '../load/parse-yaml.ts';
import type { Diagnostic } from '../types.ts';
import { schemaValidators } from './schema-validators.ts';
import type { SchemaName } from './schemas.ts';

export type { SchemaName } from './schemas.ts';

const PATTERN_RULES: Record<string, string> = {
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'a lower-case slug of letters, digits and single dashes, such as "senior-manager"',
  '^#{1,6} ': 'a markdown heading: one to six "#" and a space, such as "## {{title}}"',
  '\\S': 'text that is not blank',
  '^https?://[^\\s]+[^/\\s]$': 'an absolute http(s) URL without a trailing slash',
  '^https?://\\S+$': 'an absolute http(s) URL',
  '^https://\\S+$': 'an absolute https URL',
  '^[A-Z]{2}$': 'an ISO 3166-1 alpha-2 country code in capitals, such as "US" or "NL"',
  '^[A-Z]{3}$': 'an ISO 4217 currency code in capitals, such as "USD"',
  '^[A-Z]{2}(-[A-Z0-9]{1,3}(-[A-Z]{2,4})?)?$': 'a place code: a country (US), a subdivision (US-CO, CA-ON) or a city code (US-NY-NYC), in capitals',
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$': 'a date written YYYY-MM-DD, such as "2026-11-16"',
  '^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$': 'letters and digits, separated by single ".", "_" or "-", such as "REQ-2026-0417"',
};

export function validateSchema(parsed: ParsedYaml, schema: SchemaName): Diagnostic[] {
  const validate = schemaValidators()[schema];
  if (validate(parsed.data)) return [];
  const diagnostics = relevantErrors(validate.errors ?? []).map((error) => toDiagnostic(error, parsed));
  // Two keywords can say the same thing (an empty string fails minLength and the not-blank pattern).
  return diagnostics.filter(
    (d, i) => diagnostics.findIndex((o) => o.code === d.code && o.pointer === d.pointer && o.message === d.message) === i,
  );
}

/** The allowed key a misspelt one was most likely meant to be. */
export function closestKey(key: string, allowed: readonly string[]): string | null {
  let best: { key: string; distance: number } | null = null;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(candidate, key);
    if (distance <= Math.max(2, Math.floor(key.length / 4)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function pathOf(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function typeMatches(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  const actual = jsonType(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

const within = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}/`);

function relevantErrors(all: ErrorObject[]): ErrorObject[] {
  // 1. Errors from a schema branch written for another type of value are noise.
  let errors = all.filter(
    (e) =>
      e.keyword === 'type' ||
      e.keyword === 'oneOf' ||
      (e.parentSchema as { type?: unknown } | undefined)?.type === undefined ||
      typeMatches(e.data, (e.parentSchema as { type?: unknown }).type),
  );
  const specific = (e: ErrorObject) => e.keyword !== 'type' && e.keyword !== 'oneOf';
  // 2. A oneOf or type failure is explained by a more specific error at or below it, when there is one.
  errors = errors.filter(
    (e) => specific(e) || !errors.some((other) => specific(other) && within(other.instancePath, e.instancePath)),
  );
  errors = errors.filter((e) => e.keyword !== 'oneOf' || !errors.some((o) => o !== e && within(o.instancePath, e.instancePath)));
  // 3. Several type failures at one place become one error listing every accepted type.
  const merged: ErrorObject[] = [];
  for (const e of errors) {
    const twin = merged.find((m) => m.keyword === 'type' && e.keyword === 'type' && m.instancePath === e.instancePath);
    if (twin) {
      const types = new Set([...[twin.params.type].flat(), ...[e.params.type].flat()]);
      twin.params = { type: [...types] };
    } else {
      merged.push({ ...e, params: { ...e.params } });
    }
  }
  return merged;
}

function describeTypes(type: unknown): string {
  const names: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    object: 'a mapping',
    array: 'a list',
    null: 'null',
    boolean: 'true or false',
  };
  return [type]
    .flat()
    .map((t) => names[t as string] ?? String(t))
    .join(' or ');
}

function toDiagnostic(error: ErrorObject, parsed: ParsedYaml): Diagnostic {
  const path = pathOf(error.instancePath);
  const pointer = error.instancePath || '/';
  const at = { file: parsed.source.path, ...parsed.locate(path), pointer };
  const params = error.params as Record<string, unknown>;
  const remove = typeof path[path.length - 1] === 'number' ? 'entry' : 'key';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return diagnostic(
        'schema-unknown-key',
        { ...at, ...parsed.locate([...path, key], { key: true }), pointer: `${error.instancePath}/${key}` },
        { key, allowed, suggestion: closestKey(key, allowed) },
      );
    }
    case 'required':
      return diagnostic('schema-required', at, { key: String(params.missingProperty) });
    case 'type':
      return diagnostic('schema-type', at, { expected: describeTypes(params.type), actual: describeTypes(jsonType(error.data)) });
    case 'enum':
      return diagnostic('schema-enum', at, { value: error.data, allowed: params.allowedValues as unknown[] });
    case 'minItems':
      return diagnostic('schema-empty', at, { what: 'list', remove });
    case 'minLength':
      return diagnostic('schema-empty', at, { what: 'text', remove });
    case 'maxLength':
      return diagnostic('schema-pattern', at, { value: error.data, rule: `at most ${String(params.limit)} characters long` });
    case 'minProperties':
      return diagnostic('schema-empty', at, { what: 'mapping', remove });
    case 'pattern': {
      const pattern = String(params.pattern);
      if (pattern === '\\S') return diagnostic('schema-empty', at, { what: 'text', remove });
      return diagnostic('schema-pattern', at, { value: error.data, rule: PATTERN_RULES[pattern] ?? `matching /${pattern}/` });
    }
    default:
      return diagnostic('schema-invalid', at, { detail: error.message ?? error.keyword });
  }
}
