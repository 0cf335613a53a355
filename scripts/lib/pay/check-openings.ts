// Pay transparency for one opening: the places it is open to, the ranges candidates there see, the
// rules that apply on the build date, and for each requirement how it is met (field and value) or a
// located diagnostic saying what to add. The postings show what this decides, and the evidence file
// records it, so the check and the pages cannot disagree. Pure.
import { diagnostic } from '../errors.ts';
import type { Diagnostic, JobBoardConfig, Opening, SalaryUnit } from '../types.ts';
import { bandRange, zoneOf, zonesFor, type Compensation, type PayRange } from './compensation.ts';
import { formatAmount } from './format-amount.ts';
import { countryOf, placeContains, placeName, placeOfAddress, placesOverlap, type Place } from './places.ts';
import type { PayBasis, PayRule, PayRuleRequirements } from './types.ts';

/** A rule that starts within this many days is reported now, as a warning with its date. */
export const UPCOMING_DAYS = 90;

export interface OpeningPlace {
  place: Place;
  name: string;
  /** The office id for an office job; null for a remote one. */
  office: string | null;
}

export interface RequirementResult {
  requirement: keyof PayRuleRequirements | 'forbids';
  /** What the law asks, in words. */
  asks: string;
  met: boolean;
  /** How it is met: the field and the value the posting shows. */
  how: { field: string; value: string } | null;
  /** Why it is not met, and what to add. */
  problem: string | null;
  fix: string | null;
}

export interface AppliedRule {
  id: string;
  jurisdiction: string;
  citation: string;
  effective: string;
  /** The opening's places the rule reached through. */
  places: Place[];
  /** 'in-force', or 'upcoming' for a rule that starts within UPCOMING_DAYS (reported as warnings). */
  status: 'in-force' | 'upcoming';
  requirements: RequirementResult[];
}

export interface SkippedRule {
  id: string;
  jurisdiction: string;
  citation: string;
  effective: string;
  why: 'employer-size' | 'not-yet-in-force' | 'coverage' | 'not-in-place';
  detail: string;
}

export interface OpeningPay {
  requisitionId: string;
  kind: 'office' | 'remote';
  places: OpeningPlace[];
  /** Every range the posting shows (empty when none is published). */
  ranges: PayRange[];
  published: boolean;
  benefits: string | null;
  aiScreening: boolean | null;
  existingVacancy: boolean | null;
  payBasis: PayBasis;
  closingDate: string | null;
  applied: AppliedRule[];
  skipped: SkippedRule[];
  diagnostics: Diagnostic[];
}

/** What a posting states beside its pay, from the opening and jobBoard with their defaults: the check
 *  judges these and the posting shows the same (model/postings.ts). */
export function postingDisclosures(opening: Pick<Opening, 'existingVacancy' | 'payBasis'>, jobBoard: JobBoardConfig): Pick<OpeningPay, 'benefits' | 'aiScreening' | 'existingVacancy' | 'payBasis'> {
  return {
    benefits: jobBoard.benefits ?? null,
    aiScreening: jobBoard.aiScreening ?? null,
    existingVacancy: opening.existingVacancy ?? null,
    payBasis: opening.payBasis ?? 'salary',
  };
}

export interface PayContext {
  compensation: Compensation | null;
  jobBoard: JobBoardConfig;
  rules: readonly PayRule[];
  /** Build date, YYYY-MM-DD. */
  today: string;
}

const UNIT: Record<SalaryUnit, string> = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' };

/** "USD 115,200 – 172,800 per year", "USD from 90,000 per year". */
export function rangeLabel(range: Pick<PayRange, 'min' | 'max' | 'currency' | 'unitText'>): string {
  const amounts = range.max === null ? `from ${formatAmount(range.min)}` : `${formatAmount(range.min)} – ${formatAmount(range.max)}`;
  return `${range.currency} ${amounts} per ${UNIT[range.unitText]}`;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The places an opening is open to: its offices' places, or the places remote applicants may live in. */
export function openingPlaces(opening: Pick<Opening, 'offices' | 'remote'>, jobBoard: JobBoardConfig): { kind: 'office' | 'remote'; places: OpeningPlace[] } {
  if (opening.remote) {
    const codes = opening.remote.places ?? opening.remote.countries ?? jobBoard.remoteCountries ?? [];
    return { kind: 'remote', places: codes.map((place) => ({ place, name: placeName(place), office: null })) };
  }
  const places = (opening.offices ?? []).flatMap((id) => {
    const office = jobBoard.offices?.find((o) => o.id === id);
    if (!office) return [];
    const place = placeOfAddress(office.address, office.place);
    return [{ place, name: placeName(place), office: id }];
  });
  return { kind: 'office', places };
}

/** The opening's own salary as a range, in its currency (default: the bands', then jobBoard.salary's). */
function ownSalary(opening: Opening, context: PayContext): PayRange | null {
  if (!opening.salary) return null;
  const currency = opening.salary.currency ?? context.compensation?.currency ?? context.jobBoard.salary?.currency ?? 'USD';
  const unitText = context.compensation?.unitText ?? context.jobBoard.salary?.unitText ?? 'YEAR';
  return { min: opening.salary.min, max: opening.salary.max ?? null, currency, unitText, zone: null, label: 'All locations', source: 'salary' };
}

/** The range candidates in `place` see: the opening's own salary, else its grades' band in the place's zone. */
function rangeAt(place: Place, own: PayRange | null, grades: readonly number[], family: string, compensation: Compensation | null): PayRange | null {
  if (own) return own;
  if (!compensation) return null;
  return bandRange(compensation, zoneOf(compensation, place), grades, family);
}

/** Whether the salary policy lets a range be shown, and whether a law in force makes it shown. */
function isPublished(opening: Opening, jobBoard: JobBoardConfig, required: boolean): boolean {
  const policy = jobBoard.salary?.policy ?? 'per-opening';
  if (policy === 'never' || opening.salary?.publish === false) return false;
  return policy === 'always' || opening.salary?.publish === true || required;
}

const REQUIREMENT_ORDER: (keyof PayRuleRequirements)[] = ['range', 'maxWidth', 'benefits', 'closingDate', 'jobDescription', 'commissionStatement', 'aiScreening', 'vacancyStatus'];

/**
 * Everything pay transparency decides for one opening. `grades` are the grades of its level or
 * specialty; `texts` its requirement and responsibility texts (for forbidden requirements).
 */
export function checkOpeningPay(opening: Opening, target: { family: string; grades: readonly number[]; texts: readonly string[] }, context: PayContext): OpeningPay {
  const { jobBoard, compensation, today } = context;
  const { kind, places } = openingPlaces(opening, jobBoard);
  const own = ownSalary(opening, context);
  const employees = jobBoard.payTransparency?.employees;
  const severity = jobBoard.payTransparency?.severity ?? 'error';
  const applied: AppliedRule[] = [];
  const skipped: SkippedRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const base = { id: '', jurisdiction: '', citation: '', effective: '' };
  const horizon = addDays(today, UPCOMING_DAYS);

  // Pass 1: which rules reach this opening, and where.
  const reaching: { rule: PayRule; where: { rulePlace: Place; place: Place }[]; status: AppliedRule['status'] }[] = [];
  for (const rule of context.rules) {
    const info = { ...base, id: rule.id, jurisdiction: rule.jurisdiction, citation: rule.citation, effective: rule.effective };
    const where = places.flatMap((p) =>
      rule.places
        .filter((r) => (kind === 'office' ? placeContains(r, p.place) : placesOverlap(r, p.place)))
        .map((r) => ({ rulePlace: r, place: placeContains(r, p.place) ? p.place : r })),
    );
    if (where.length === 0) {
      const sameCountry = places.some((p) => rule.places.some((r) => countryOf(r) === countryOf(p.place)));
      // A job open to residents of several parts of the country but not this one excludes it; a job
      // tied to one state (live in Delaware) is a location requirement, not an exclusion.
      const elsewhere = places.filter((p) => rule.places.some((r) => countryOf(r) === countryOf(p.place)));
      if (kind === 'remote' && rule.remoteExclusionUnlawful && rule.effective <= today && elsewhere.length >= 2 && (employees === undefined || employees >= (rule.employees ?? 1))) {
        diagnostics.push(
          diagnostic('pay-remote-exclusion', opening.at, { jurisdiction: rule.jurisdiction, citation: rule.citation, places: places.map((p) => p.name).join(', ') }, severity),
        );
      }
      if (sameCountry) skipped.push({ ...info, why: 'not-in-place', detail: `the opening is not open to ${rule.places.map(placeName).join(', ')}` });
      continue;
    }
    if (!rule.covers.includes(kind)) {
      skipped.push({ ...info, why: 'coverage', detail: `it covers ${rule.covers.join(' and ')} jobs, and this one is ${kind}` });
      continue;
    }
    if (employees !== undefined && employees < (rule.employees ?? 1)) {
      skipped.push({ ...info, why: 'employer-size', detail: `it applies from ${rule.employees} employees; jobBoard.payTransparency.employees is ${employees}` });
      continue;
    }
    if (rule.effective > today) {
      if (rule.effective <= horizon) reaching.push({ rule, where, status: 'upcoming' });
      else skipped.push({ ...info, why: 'not-yet-in-force', detail: `it starts on ${rule.effective}` });
      continue;
    }
    reaching.push({ rule, where, status: 'in-force' });
  }

  // A law in force that wants a range on the posting makes it published (unless policy forbids it: then an error).
  const exempt = (rule: PayRule, range: PayRange | null) =>
    rule.requires.exemptAbove !== undefined && range !== null && range.currency === rule.requires.exemptAbove.currency && range.min > rule.requires.exemptAbove.amount;
  const required = reaching.some(
    ({ rule, where, status }) => status === 'in-force' && rule.requires.range === 'closed' && where.some((w) => !exempt(rule, rangeAt(w.place, own, target.grades, target.family, compensation))),
  );
  const published = isPublished(opening, jobBoard, required);

  // Pass 2: each requirement of each rule that reaches the opening.
  for (const { rule, where, status } of reaching) {
    const results: RequirementResult[] = [];
    const req = rule.requires;
    for (const key of REQUIREMENT_ORDER) {
      if (!req[key]) continue;
      if (key === 'exemptAbove') continue;
      for (const result of checkRequirement(key, rule, where, { opening, own, target, compensation, published, jobBoard, exempt })) results.push(result);
    }
    for (const phrase of rule.forbids ?? []) {
      const hit = target.texts.find((t) => t.toLowerCase().includes(phrase.toLowerCase()));
      results.push({
        requirement: 'forbids',
        asks: `no requirement of ${JSON.stringify(phrase)}`,
        met: hit === undefined,
        how: hit === undefined ? { field: 'requirements', value: `none mentions ${JSON.stringify(phrase)}` } : null,
        problem: hit === undefined ? null : `the ${target.family} family asks for it: ${JSON.stringify(hit)}`,
        fix: hit === undefined ? null : `Remove ${JSON.stringify(phrase)} from the requirement in the family file, or close the opening to ${rule.jurisdiction}.`,
      });
    }
    for (const r of results.filter((x) => !x.met)) {
      const values = { jurisdiction: rule.jurisdiction, citation: rule.citation, since: rule.effective, requirement: r.asks, problem: r.problem!, fix: r.fix! };
      diagnostics.push(status === 'upcoming' ? diagnostic('pay-transparency-upcoming', opening.at, values, 'warning') : diagnostic('pay-transparency', opening.at, values, severity));
    }
    applied.push({ id: rule.id, jurisdiction: rule.jurisdiction, citation: rule.citation, effective: rule.effective, places: [...new Set(where.map((w) => w.place))], status, requirements: results });
  }

  return {
    requisitionId: opening.requisitionId,
    kind,
    places,
    ranges: published ? postedRanges(kind, places, own, target, compensation) : [],
    published,
    ...postingDisclosures(opening, jobBoard),
    closingDate: opening.validThrough ?? null,
    applied,
    skipped,
    diagnostics,
  };
}

/** The ranges a posting shows: its own salary, or one band per zone of every place it is open to (for a
 *  remote job also the zones of places inside them: "US" shows the California zone too; an office is where it is). */
export function postedRanges(kind: 'office' | 'remote', places: readonly OpeningPlace[], own: PayRange | null, target: { family: string; grades: readonly number[] }, compensation: Compensation | null): PayRange[] {
  if (own) return [own];
  if (!compensation) return [];
  const ranges: PayRange[] = [];
  const zoned = (compensation.zones ?? []).length > 0;
  for (const { place } of places) {
    const zones = !zoned ? [null] : kind === 'remote' ? zonesFor(compensation, place) : [zoneOf(compensation, place)];
    for (const zone of zones) {
      const range = bandRange(compensation, zone, target.grades, target.family);
      if (range && !ranges.some((r) => r.zone === range.zone)) ranges.push(range);
    }
  }
  return ranges;
}

interface CheckInput {
  opening: Opening;
  own: PayRange | null;
  target: { family: string; grades: readonly number[]; texts: readonly string[] };
  compensation: Compensation | null;
  published: boolean;
  jobBoard: JobBoardConfig;
  exempt: (rule: PayRule, range: PayRange | null) => boolean;
}

function checkRequirement(key: keyof PayRuleRequirements, rule: PayRule, where: { place: Place }[], input: CheckInput): RequirementResult[] {
  const { opening, own, target, compensation, published, jobBoard } = input;
  const ok = (asks: string, field: string, value: string): RequirementResult => ({ requirement: key, asks, met: true, how: { field, value }, problem: null, fix: null });
  const no = (asks: string, problem: string, fix: string): RequirementResult => ({ requirement: key, asks, met: false, how: null, problem, fix });
  const source = (range: PayRange) => (range.source === 'salary' ? 'salary' : `_compensation.yml${range.zone ? ` zone ${range.zone}` : ''}, grade ${target.grades.join('-')}`);
  const perPlace = [...new Map(where.map((w) => [w.place, w.place])).keys()];
  switch (key) {
    case 'range': {
      if (rule.requires.range === 'before-interview') {
        return [
          published && (own ?? perPlace.some((p) => rangeAt(p, own, target.grades, target.family, compensation)))
            ? ok('the starting pay or its range in the vacancy notice or before the interview', 'posting', 'the range is on the posting')
            : { requirement: key, asks: 'the starting pay or its range in the vacancy notice or before the interview', met: true, how: { field: 'process', value: 'not on the posting: give it before the interview' }, problem: null, fix: null },
        ];
      }
      const asks = 'a pay range with a minimum and a maximum on the posting';
      return perPlace.map((place) => {
        const range = rangeAt(place, own, target.grades, target.family, compensation);
        if (input.exempt(rule, range)) return ok(asks, source(range!), `not required: pay starts above ${rule.requires.exemptAbove!.currency} ${formatAmount(rule.requires.exemptAbove!.amount)} (${rangeLabel(range!)})`);
        if (!range) {
          const grades = target.grades.length > 0 ? `grade ${target.grades.join(' and ')}` : 'this level (it has no grade)';
          return no(asks, `no range is known for ${placeName(place)}`, compensation
            ? `Add a band for ${grades} to the zone covering ${place} in _compensation.yml (or a zone for ${place}), or give the opening \`salary: { min, max }\`.`
            : 'Add job-families/_compensation.yml with the bands of your grades, or give the opening `salary: { min, max }`.');
        }
        if (!published) {
          return no(asks, `the range ${rangeLabel(range)} is not published (${jobBoard.salary?.policy === 'never' ? 'jobBoard.salary.policy is never' : 'the opening says publish: false'})`, 'Publish the range: remove `publish: false` from the opening, or set jobBoard.salary.policy to per-opening.');
        }
        if (range.max === null) return no(asks, `the opening's salary is open-ended (${rangeLabel(range)})`, 'Give the salary a `max:` (a good-faith highest pay).');
        if (range.max <= range.min) return no(asks, `the range goes from ${formatAmount(range.min)} to ${formatAmount(range.max)}`, 'Make max higher than min.');
        return ok(asks, source(range), `${rangeLabel(range)} (${placeName(place)})`);
      });
    }
    case 'maxWidth': {
      const limit = rule.requires.maxWidth!;
      const asks = `a range no wider than ${limit.currency} ${formatAmount(limit.amount)}`;
      return perPlace.flatMap((place) => {
        const range = rangeAt(place, own, target.grades, target.family, compensation);
        if (!range || range.max === null || input.exempt(rule, range)) return [];
        if (range.currency !== limit.currency) {
          return [no(asks, `the range for ${placeName(place)} is in ${range.currency} (${rangeLabel(range)}), so its width in ${limit.currency} is unknown; jobfam converts no currencies`, `Give ${place} a zone with \`currency: ${limit.currency}\` and bands of its own in _compensation.yml${range.source === 'salary' ? ', and remove the opening\'s own salary' : ''}.`)];
        }
        const width = range.max - range.min;
        return width <= limit.amount
          ? [ok(asks, source(range), `${rangeLabel(range)}: ${limit.currency} ${formatAmount(width)} wide`)]
          : [no(asks, `${rangeLabel(range)} is ${limit.currency} ${formatAmount(width)} wide`, `Narrow the band for ${placeName(place)} to at most ${limit.currency} ${formatAmount(limit.amount)} in _compensation.yml${range.source === 'salary' ? ' (or the opening\'s salary)' : ''}.`)];
      });
    }
    case 'benefits': {
      const asks = 'a general description of benefits and other compensation';
      return [jobBoard.benefits ? ok(asks, 'jobBoard.benefits', jobBoard.benefits) : no(asks, 'none is configured', 'Add `benefits: "..."` (text, or a sentence with a link) to jobBoard in _config.yml.')];
    }
    case 'closingDate': {
      const asks = 'the date applications close';
      return [opening.validThrough ? ok(asks, 'validThrough', opening.validThrough) : no(asks, 'the opening has no validThrough', 'Add `validThrough: YYYY-MM-DD` (the last day applications are accepted) to the opening.')];
    }
    case 'jobDescription':
      return [ok('the job description', 'description', 'the level\'s responsibilities and requirements are the posting\'s body')];
    case 'commissionStatement': {
      const basis = postingDisclosures(opening, jobBoard).payBasis;
      return [ok('a statement when pay is commission-based or tipped', 'payBasis', basis === 'salary' ? 'salary (no commission or tips)' : `${basis}, stated on the posting`)];
    }
    case 'aiScreening': {
      const asks = 'a statement whether AI screens, assesses or selects applicants';
      return [jobBoard.aiScreening === undefined ? no(asks, 'jobBoard.aiScreening is not set', 'Add `aiScreening: true` or `aiScreening: false` to jobBoard in _config.yml; postings then say so.') : ok(asks, 'jobBoard.aiScreening', String(jobBoard.aiScreening))];
    }
    case 'vacancyStatus': {
      const asks = 'a statement whether the vacancy exists now';
      return [opening.existingVacancy === undefined ? no(asks, 'the opening does not say', 'Add `existingVacancy: true` (or false, for a pipeline of future vacancies) to the opening.') : ok(asks, 'existingVacancy', String(opening.existingVacancy))];
    }
    default:
      return [];
  }
}
