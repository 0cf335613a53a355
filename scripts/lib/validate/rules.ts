// Semantic rules: what the schema cannot say. Each rule protects one invariant, is named for it, and
// pushes located diagnostics; none throws. They run only on files that passed the schema.
import { diagnostic, type DiagnosticCode } from '../errors.ts';
import type { ParsedYaml, PathSegment } from '../load/parse-yaml.ts';
import { createRequire } from 'node:module';
import { refList, TEMPLATE_VARIABLES } from '../family-format.ts';
import { linkFindings } from '../markdown/link-policy.ts';
import type { Diagnostic, FieldName, Grade, JobFamily, OutlineNode } from '../types.ts';

export interface ValidationContext {
  parsed: ParsedYaml;
  family: JobFamily;
  grades: readonly Grade[];
  report: <K extends DiagnosticCode>(code: K, path: readonly PathSegment[], context: Parameters<typeof diagnostic<K>>[2], severity?: 'error' | 'warning') => void;
}

export type Rule = (ctx: ValidationContext) => void;

export const gradesExist: Rule = ({ family, grades, report }) => {
  // Without a grade table there is nothing to check against: validation reports grades-missing once instead.
  if (grades.length === 0) return;
  family.levels.forEach((level, i) => {
    if (level.grade === null || level.grade === undefined) return;
    if (!grades.some((g) => g.grade === level.grade)) {
      report('grade-unknown', ['levels', i, 'grade'], { grade: level.grade, known: grades.map((g) => g.grade) });
    }
  });
};

export const gradesAscend: Rule = ({ family, report }) => {
  let previous: { title: string; grade: number } | null = null;
  family.levels.forEach((level, i) => {
    if (level.grade === null || level.grade === undefined) return;
    if (previous && level.grade < previous.grade) {
      report('grade-order', ['levels', i, 'grade'], {
        title: level.title,
        grade: level.grade,
        previousTitle: previous.title,
        previousGrade: previous.grade,
      });
    }
    previous = { title: level.title, grade: level.grade };
  });
};

export const idsUnique: Rule = ({ family, parsed, report }) => {
  const seen = new Map<string, number>();
  const check = (id: string, path: PathSegment[]) => {
    const first = seen.get(id);
    if (first !== undefined) report('level-id-duplicate', path, { id, firstLine: first });
    else seen.set(id, parsed.locate(path).line);
  };
  family.levels.forEach((level, i) => check(level.id, ['levels', i, 'id']));
  (family.specialties ?? []).forEach((specialty, i) => check(specialty.id, ['specialties', i, 'id']));
};

const INHERITED = ['responsibilities', 'requirements'] as const;

/** Every `extends` reference, with where it is written. */
function extendsRefs(family: JobFamily) {
  const refs: { owner: 'levels' | 'specialties'; index: number; target: string; path: PathSegment[] }[] = [];
  for (const owner of ['levels', 'specialties'] as const) {
    (family[owner] ?? []).forEach((entry, index) => {
      for (const list of INHERITED) {
        const value = entry.extends?.[list];
        refList(value).forEach((target, k) => {
          const path: PathSegment[] = [owner, index, 'extends', list, ...(Array.isArray(value) ? [k] : [])];
          refs.push({ owner, index, target, path });
        });
      }
    });
  }
  return refs;
}

export const extendsTargetsExist: Rule = ({ family, report }) => {
  const ids = family.levels.map((l) => l.id);
  for (const ref of extendsRefs(family)) {
    if (ids.includes(ref.target)) continue;
    // Suggest only what would be accepted: a level may extend earlier levels, a specialty any level.
    const known = ref.owner === 'levels' ? ids.slice(0, ref.index) : ids;
    report('extends-unknown', ref.path, { target: ref.target, known });
  }
};

export const extendsAcyclic: Rule = ({ family, report }) => {
  const refs = extendsRefs(family);
  for (const cycle of inheritanceCycles(family)) {
    const first = refs.find((r) => r.owner === 'levels' && family.levels[r.index]!.id === cycle[0]);
    report('extends-cycle', first?.path ?? ['levels'], { cycle: [...cycle, cycle[0]!] });
  }
};

export const extendsEarlierLevels: Rule = ({ family, report }) => {
  const inCycle = new Set(inheritanceCycles(family).flat());
  for (const ref of extendsRefs(family)) {
    if (ref.owner !== 'levels') continue;
    const target = family.levels.findIndex((l) => l.id === ref.target);
    const self = family.levels[ref.index]!.id;
    if (target >= ref.index && !inCycle.has(self)) report('extends-later', ref.path, { target: ref.target });
  }
};

/** Each cycle once, as level ids in inheritance order, starting from its earliest level. */
function inheritanceCycles(family: JobFamily): string[][] {
  const edges = new Map<string, string[]>();
  for (const level of family.levels) {
    edges.set(level.id, INHERITED.flatMap((list) => refList(level.extends?.[list])));
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const order = family.levels.map((l) => l.id);
  const visit = (id: string, stack: string[]) => {
    const at = stack.indexOf(id);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const start = cycle.indexOf([...cycle].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]!);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      if (!cycles.some((c) => c.join() === rotated.join())) cycles.push(rotated);
      return;
    }
    if (seen.has(id)) return;
    for (const next of edges.get(id) ?? []) visit(next, [...stack, id]);
    seen.add(id);
  };
  for (const id of order) visit(id, []);
  return cycles;
}

/**
 * Every string's links and raw HTML, judged by the one link policy (../markdown/link-policy.ts) as a
 * CommonMark parser reads them: after entity decoding, so `javascript&#58;` is `javascript:`. Text
 * jobfam publishes is held to it strictly: every finding is an error at the string.
 */
export const linksWellFormed: Rule = ({ family, report }) => {
  // Imported text: a link `jobfam import` kept as the page's author wrote it is the maintainer's to fix,
  // not a reason to fail the build. Only the links listed there are downgraded.
  const kept = new Set(family.handbook?.keptLinks ?? []);
  walkStrings(family, [], (text, path) => {
    if (path[0] === 'handbook' && path[1] === 'keptLinks') return;
    // Most strings hold neither a link nor a tag: skip the parse for them.
    if (!/[[\]<]/.test(text)) return;
    for (const finding of linkFindings(text)) {
      const problem = { link: finding.link, reason: finding.reason };
      if (kept.has(finding.link)) report('link-kept', path, problem, 'warning');
      else report(finding.code, path, problem);
    }
  });
};

function walkStrings(value: unknown, path: PathSegment[], visit: (text: string, path: PathSegment[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
  }
}

/** The link policy's findings of one string as { link, reason } (what `jobfam import` records as kept links). */
export function linkProblems(text: string): { link: string; reason: string }[] {
  return linkFindings(text).map(({ link, reason }) => ({ link, reason }));
}

const LEVEL_FIELDS = new Set<FieldName>(['intro', 'reportsTo', 'grade', 'responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'hiringProcess']);
const SPECIALTY_FIELDS = new Set<FieldName>(['intro', 'responsibilities', 'requirements', 'niceToHaves']);
const FAMILY_FIELDS = new Set<FieldName>(['intro', 'responsibilities', 'requirements', 'niceToHaves', 'performanceIndicators', 'careerLadder', 'hiringProcess']);

type OutlineScope = { kind: 'family' | 'level' | 'specialty'; id: string };

const scopeName = (scope: OutlineScope) => (scope.kind === 'family' ? 'the family' : `${scope.kind} "${scope.id}"`);

/** Why an outline object is not exactly one kind of node, or null when it is. */
function nodeProblem(node: Exclude<OutlineNode, string>): string | null {
  const kinds = (['show', 'markdown', 'shortcode'] as const).filter((k) => k in node) as string[];
  if (['heading', 'level', 'specialty', 'body'].some((k) => k in node)) kinds.push('section');
  if (kinds.length > 1) return `mixes ${kinds.join(' and ')}`;
  if ('level' in node && 'specialty' in node) return 'opens both a level and a specialty';
  if (kinds[0] === 'section' && !('body' in node)) return 'is a section without a body';
  if (kinds[0] !== 'show' && ['bullet', 'text', 'breaks', 'labelled'].some((key) => key in node)) return 'has bullet, text, breaks or labelled but shows no field';
  return null;
}

export const outlineConsistent: Rule = ({ family, report }) => {
  if (!family.handbook) return;
  const shown = new Set<string>();
  const specialties = family.specialties ?? [];
  const walk = (nodes: readonly OutlineNode[], path: PathSegment[], scope: OutlineScope) => {
    nodes.forEach((node, i) => {
      const at = [...path, i];
      const problem = typeof node === 'string' ? null : nodeProblem(node);
      if (problem) report('outline-node', at, { detail: problem });
      const field = typeof node === 'string' ? node : 'show' in node ? node.show : undefined;
      if (field !== undefined) {
        const allowed = scope.kind === 'level' ? LEVEL_FIELDS : scope.kind === 'specialty' ? SPECIALTY_FIELDS : FAMILY_FIELDS;
        if (!allowed.has(field)) report('outline-field-scope', at, { field, scope: scopeName(scope) });
        const key = `${scope.kind}:${scope.id}:${field}`;
        if (shown.has(key)) report('outline-repeated', at, { what: `The field "${field}" of ${scopeName(scope)}` });
        shown.add(key);
      }
      if (typeof node !== 'object' || !('body' in node)) return;
      let inner = scope;
      for (const kind of ['level', 'specialty'] as const) {
        const id = node[kind];
        if (id === undefined) continue;
        const known = kind === 'level' ? family.levels.map((l) => l.id) : specialties.map((s) => s.id);
        if (!known.includes(id)) report('outline-unknown', [...at, kind], { kind, id, known });
        if (shown.has(`${kind}:${id}`)) report('outline-repeated', [...at, kind], { what: `The ${kind} "${id}"` });
        shown.add(`${kind}:${id}`);
        inner = { kind, id };
      }
      walk(node.body, [...at, 'body'], inner);
    });
  };
  for (const { outline, path } of outlinesOf(family)) walk(outline, path, { kind: 'family', id: '' });
  family.levels.forEach((level, i) => {
    if (!shown.has(`level:${level.id}`)) report('outline-missing', ['levels', i, 'id'], { kind: 'level', id: level.id });
  });
  specialties.forEach((specialty, i) => {
    if (!shown.has(`specialty:${specialty.id}`)) report('outline-missing', ['specialties', i, 'id'], { kind: 'specialty', id: specialty.id });
  });
};

// Handlebars (its parser and source-map support: ~45 modules, 20 ms) is loaded only for a pattern
// that is more than text and plain {{name}} placeholders; the patterns families write are that.
const require = createRequire(import.meta.url);
let handlebars: typeof import('handlebars') | null = null;
const parseTemplate = (template: string) => (handlebars ??= require('handlebars') as typeof import('handlebars')).parse(template);

/** Words Handlebars reads as a keyword or a literal, not as a placeholder's name. */
const HANDLEBARS_WORDS = new Set(['else', 'true', 'false', 'null', 'undefined']);
const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** What is wrong with an outline pattern, or null: it must parse and use only the scope's placeholders. */
export function templateProblem(template: string, allowed: readonly string[]): string | null {
  // Text with plain {{name}} placeholders, and no other brace or backslash (escapes, blocks, comments,
  // triple-stashes, whitespace control), reads the same to Handlebars: judged without it.
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (!/[{}\\]/.test(template.replace(PLACEHOLDER, '')) && !names.some((name) => HANDLEBARS_WORDS.has(name))) {
    const unknown = names.find((name) => !allowed.includes(name));
    return unknown === undefined ? null : `uses {{${unknown}}}, which is not available here`;
  }
  return templateProblemParsed(template, allowed);
}

/** templateProblem by Handlebars' own parser: any pattern. */
export function templateProblemParsed(template: string, allowed: readonly string[]): string | null {
  let program: hbs.AST.Program;
  try {
    program = parseTemplate(template);
  } catch (error) {
    return `is not a valid pattern (${(error as Error).message.split('\n')[0]!.replace(/:$/, '')})`;
  }
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement' || statement.type === 'CommentStatement') continue;
    if (statement.type !== 'MustacheStatement') return 'uses a block or partial; only {{placeholders}} are allowed';
    const mustache = statement as hbs.AST.MustacheStatement;
    const name = (mustache.path as hbs.AST.PathExpression).original;
    if (mustache.params.length > 0 || typeof name !== 'string') return 'calls a helper; only {{placeholders}} are allowed';
    if (!allowed.includes(name)) return `uses {{${name}}}, which is not available here`;
  }
  return null;
}

export const outlineTemplatesValid: Rule = ({ family, report }) => {
  if (!family.handbook) return;
  const walk = (nodes: readonly OutlineNode[], path: PathSegment[], scope: keyof typeof TEMPLATE_VARIABLES) => {
    nodes.forEach((node, i) => {
      if (typeof node !== 'object') return;
      const at = [...path, i];
      const check = (template: string | undefined, key: string, allowed: readonly string[]) => {
        if (template === undefined) return;
        const problem = templateProblem(template, allowed);
        if (problem) report('outline-template', [...at, key], { template, problem, allowed });
      };
      if ('show' in node) {
        const inherited = node.show === 'responsibilities' || node.show === 'requirements';
        check(node.text, 'text', [...TEMPLATE_VARIABLES[scope], ...(inherited ? TEMPLATE_VARIABLES.inheritedList : [])]);
      }
      if (!('body' in node)) return;
      const inner = node.level !== undefined ? 'level' : node.specialty !== undefined ? 'specialty' : scope;
      check(node.heading, 'heading', TEMPLATE_VARIABLES[inner]);
      walk(node.body, [...at, 'body'], inner);
    });
  };
  for (const { outline, path } of outlinesOf(family)) walk(outline, path, 'family');
};

/** The outline of the family's page and of each further page (the level pages of a split family). */
function outlinesOf(family: JobFamily): { outline: readonly OutlineNode[]; path: PathSegment[] }[] {
  if (!family.handbook) return [];
  return [
    { outline: family.handbook.outline, path: ['handbook', 'outline'] },
    ...(family.handbook.pages ?? []).map((page, i) => ({ outline: page.outline, path: ['handbook', 'pages', i, 'outline'] })),
  ];
}

/** Rules for one family file, in the order their diagnostics read best. */
export const FAMILY_RULES: readonly Rule[] = [
  idsUnique,
  gradesExist,
  gradesAscend,
  extendsTargetsExist,
  extendsAcyclic,
  extendsEarlierLevels,
  linksWellFormed,
  outlineConsistent,
  outlineTemplatesValid,
];

export function runRules(parsed: ParsedYaml, family: JobFamily, grades: readonly Grade[], rules = FAMILY_RULES): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ctx: ValidationContext = {
    parsed,
    family,
    grades,
    report: (code, path, context, severity = 'error') => {
      const at = { file: parsed.source.path, ...parsed.locate(path), pointer: `/${path.join('/')}` };
      diagnostics.push(diagnostic(code, at, context as never, severity));
    },
  };
  for (const rule of rules) rule(ctx);
  return diagnostics;
}
