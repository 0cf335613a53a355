// Validation of _openings.yml: the schema, then named rules about meaning (every family, level,
// specialty and office an opening names exists; dates are real and in order; an opening past its
// validThrough is reported and marked expired). Pure; `today` is handed in by the caller.
import { diagnostic, type DiagnosticCode } from '../errors.ts';
import { parseYaml, type ParsedYaml, type PathSegment } from '../load/parse-yaml.ts';
import type { Diagnostic, FamilyFile, JobBoardConfig, Opening, OpeningEntry, OpeningsFile, SiteConfig, SourceFile } from '../types.ts';
import { validateSchema } from './schema.ts';

/** Placeholders of jobBoard.applyUrlTemplate. */
export const APPLY_URL_PLACEHOLDERS = ['requisitionId', 'family', 'level'] as const;

interface OpeningContext {
  entry: OpeningEntry;
  index: number;
  families: readonly FamilyFile[];
  jobBoard: JobBoardConfig | undefined;
  today: string | null;
  /** _compensation.yml exists and is sound. */
  hasCompensation: boolean;
  report: <K extends DiagnosticCode>(code: K, path: readonly PathSegment[], context: Parameters<typeof diagnostic<K>>[2], severity?: 'error' | 'warning') => void;
}

type OpeningRule = (ctx: OpeningContext) => void;

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const openingTargetExists: OpeningRule = ({ entry, index, families, report }) => {
  const file = families.find((f) => f.slug === entry.family);
  if (!file) {
    report('opening-family-unknown', ['openings', index, 'family'], { family: entry.family, known: families.map((f) => f.slug) });
    return;
  }
  if ((entry.level === undefined) === (entry.specialty === undefined)) {
    report('opening-target', ['openings', index], { found: entry.level === undefined ? 'neither' : 'both' });
    return;
  }
  const level = entry.level === undefined ? undefined : file.family.levels.find((l) => l.id === entry.level);
  if (entry.level !== undefined && !level) {
    report('opening-level-unknown', ['openings', index, 'level'], { kind: 'level', id: entry.level, family: entry.family, known: file.family.levels.map((l) => l.id) });
  }
  // Google: the title only, no codes. Checked against the level's own grade from the grade table,
  // not a guess at what codes look like.
  if (level && level.grade !== null && new RegExp(`(^|[^0-9])${level.grade}([^0-9]|$)`).test(level.title)) {
    report('opening-title-grade', ['openings', index, 'level'], { title: level.title, grade: level.grade });
  }
  if (entry.specialty !== undefined && !file.family.specialties.some((s) => s.id === entry.specialty)) {
    report('opening-level-unknown', ['openings', index, 'specialty'], {
      kind: 'specialty',
      id: entry.specialty,
      family: entry.family,
      known: file.family.specialties.map((s) => s.id),
    });
  }
};

export const openingPlaceExists: OpeningRule = ({ entry, index, jobBoard, report }) => {
  if ((entry.offices === undefined) === (entry.remote === undefined)) {
    report('opening-place', ['openings', index], { found: entry.offices === undefined ? 'neither' : 'both' });
    return;
  }
  const known = (jobBoard?.offices ?? []).map((o) => o.id);
  (entry.offices ?? []).forEach((office, k) => {
    if (!known.includes(office)) report('opening-office-unknown', ['openings', index, 'offices', k], { office, known });
  });
  if (entry.remote && !entry.remote.countries && !entry.remote.places && !jobBoard?.remoteCountries) report('opening-remote-countries', ['openings', index, 'remote'], {});
};

export const openingDatesInOrder: OpeningRule = ({ entry, index, today, report }) => {
  const fields = ['datePosted', 'validThrough'] as const;
  const broken = fields.filter((field) => entry[field] !== undefined && !isCalendarDate(entry[field]!));
  for (const field of broken) report('opening-date', ['openings', index, field], { value: entry[field]! });
  if (broken.length > 0 || entry.validThrough === undefined) return;
  if (entry.validThrough <= entry.datePosted) {
    report('opening-valid-through', ['openings', index, 'validThrough'], { validThrough: entry.validThrough, datePosted: entry.datePosted });
  } else if (today !== null && entry.validThrough < today) {
    report('opening-expired', ['openings', index, 'validThrough'], { validThrough: entry.validThrough, today }, 'warning');
  }
};

export const openingSalaryMakesSense: OpeningRule = ({ entry, index, jobBoard, hasCompensation, report }) => {
  if (!entry.salary) return;
  const { min, max, currency } = entry.salary;
  if (max !== undefined && min > max) report('opening-salary-range', ['openings', index, 'salary'], { min, max });
  // With _compensation.yml (or a currency of its own) the salary's currency and unit are known without jobBoard.salary.
  if (jobBoard && !jobBoard.salary && !hasCompensation && currency === undefined) report('opening-config-missing', ['openings', index, 'salary'], { what: 'jobBoard.salary (the currency and unit of the band)' });
};

export const OPENING_RULES: readonly OpeningRule[] = [openingTargetExists, openingPlaceExists, openingDatesInOrder, openingSalaryMakesSense];

/** Is an opening past its last day? Dates are YYYY-MM-DD, so they compare as text. */
export const isExpired = (entry: OpeningEntry, today: string | null) => today !== null && entry.validThrough !== undefined && entry.validThrough < today;

function applyTemplateProblems(config: SourceFile, jobBoard: JobBoardConfig): Diagnostic[] {
  const parsed = parseYaml(config);
  const unknown = [...jobBoard.applyUrlTemplate.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1]!)
    .filter((p) => !(APPLY_URL_PLACEHOLDERS as readonly string[]).includes(p));
  const path = ['jobBoard', 'applyUrlTemplate'];
  return unknown.map((placeholder) =>
    diagnostic('apply-template-placeholder', { file: config.path, ...parsed.locate(path), pointer: '/jobBoard/applyUrlTemplate' }, { placeholder, allowed: APPLY_URL_PLACEHOLDERS }),
  );
}

export interface OpeningsValidation {
  openings: Opening[];
  diagnostics: Diagnostic[];
}

/**
 * Checks _openings.yml against the validated families and config. Entries with errors are left out;
 * an expired one is kept with `expired: true` (and a warning) so every stage can skip it the same way.
 */
export function validateOpenings(
  source: SourceFile | null | undefined,
  families: readonly FamilyFile[],
  config: SiteConfig | null,
  configSource: SourceFile | null,
  today: string | null,
  hasCompensation = false,
): OpeningsValidation {
  const diagnostics: Diagnostic[] = [];
  const jobBoard = config?.jobBoard;
  if (jobBoard && configSource) diagnostics.push(...applyTemplateProblems(configSource, jobBoard));
  // A broken _config.yml is reported on its own; the openings are checked once it is sound.
  if (!source || (configSource && !config)) return { openings: [], diagnostics };
  const parsed: ParsedYaml = parseYaml(source);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.data === undefined) return { openings: [], diagnostics };
  const schemaErrors = validateSchema(parsed, 'openings');
  diagnostics.push(...schemaErrors);
  if (schemaErrors.length > 0) return { openings: [], diagnostics };
  const file = parsed.data as OpeningsFile;
  if (file.openings.length > 0 && !jobBoard) {
    diagnostics.push(diagnostic('opening-config-missing', { file: source.path, ...parsed.locate(['openings']), pointer: '/openings' }, { what: 'a `jobBoard:` block' }));
    return { openings: [], diagnostics };
  }

  const openings: Opening[] = [];
  const seen = new Map<string, number>();
  file.openings.forEach((entry, index) => {
    const found: Diagnostic[] = [];
    const report: OpeningContext['report'] = (code, path, context, severity = 'error') => {
      const pointer = `/${path.join('/')}`;
      found.push(diagnostic(code, { file: source.path, ...parsed.locate(path), pointer }, context, severity));
    };
    const first = seen.get(entry.requisitionId);
    if (first !== undefined) report('opening-requisition-duplicate', ['openings', index, 'requisitionId'], { id: entry.requisitionId, firstLine: first });
    else seen.set(entry.requisitionId, parsed.locate(['openings', index, 'requisitionId']).line);
    for (const rule of OPENING_RULES) rule({ entry, index, families, jobBoard, today, hasCompensation, report });
    diagnostics.push(...found);
    if (found.some((d) => d.severity === 'error')) return;
    const at = { file: source.path, ...parsed.locate(['openings', index]), pointer: `/openings/${index}` };
    openings.push({ ...entry, at, expired: isExpired(entry, today) });
  });
  return { openings, diagnostics };
}
