// buildHandbook: validation result → the resolved model (handbook.ts). Pure, and the only place that
// resolves inheritance for the outputs, looks up grade labels, names output paths and turns openings
// into postings. Every output path is claimed here once: a second claim is a located error naming
// both families, found before any stage writes a byte.
import { diagnostic } from '../errors.ts';
import type { Diagnostic, FamilyFile, Grade, Opening, SiteConfig } from '../types.ts';
import { resolveLevel, resolveSpecialty } from '../family-format.ts';
import { gradeInfo, gradeLabelOf } from './grades.ts';
import type { Handbook, ModelFamily, ModelLevel, ModelSpecialty, OutputClaim } from './handbook.ts';
import { departmentOf, familyPagePathOf, handbookPagePath, PAY_BANDS_OUTPUT, pdfOutputPath } from './paths.ts';
import { planPostings } from './postings.ts';
import { familyFingerprint, positionInFamily } from '../validate/compact-family.ts';
import type { PayValidation } from '../pay/pay-validation.ts';

/** What buildHandbook reads of a validation result. */
export interface ValidatedInput {
  families: readonly FamilyFile[];
  grades: readonly Grade[];
  config: SiteConfig | null;
  openings: readonly Opening[];
  /** The pay pass of validation (absent in callers that build a model without it). */
  pay?: PayValidation;
}

function modelFamily(file: FamilyFile, grades: readonly Grade[]): ModelFamily {
  const { family, slug } = file;
  const relativePath = file.source.relativePath;
  const levels = family.levels.map((level): ModelLevel => {
    const resolved = resolveLevel(family, level.id)!;
    return {
      ...resolved,
      kind: 'level',
      gradeInfo: level.grade === null ? null : gradeInfo(level.grade, grades),
      gradeLabel: gradeLabelOf(level.grade, grades),
      pdfPath: pdfOutputPath(relativePath, level.id),
    };
  });
  const specialties = family.specialties.map((specialty): ModelSpecialty => {
    const resolved = resolveSpecialty(family, specialty.id)!;
    const distinct = [...new Set(resolved.levels.flatMap((l) => (l.grade === null ? [] : [l.grade])))];
    const grade = distinct.length === 1 ? distinct[0]! : null;
    return {
      ...resolved,
      levels: resolved.levels.map((l) => levels.find((m) => m.id === l.id)!),
      kind: 'specialty',
      grades: [...distinct].sort((a, b) => a - b).map((g) => gradeInfo(g, grades)),
      grade,
      gradeLabel: gradeLabelOf(grade, grades),
      pdfPath: pdfOutputPath(relativePath, specialty.id),
    };
  });
  return {
    file,
    slug,
    relativePath,
    title: family.frontMatter.title,
    department: departmentOf(relativePath),
    levels,
    specialties,
    handbookPages: [
      handbookPagePath(relativePath, family.handbook?.file, family.handbook?.extension),
      ...(family.handbook?.pages ?? []).map((page) => handbookPagePath(relativePath, page.file, page.extension)),
    ],
    catalogPage: familyPagePathOf(slug),
    fingerprint: file.fingerprint ?? familyFingerprint(JSON.stringify(family)),
  };
}

/** Where in the family file the claim of `path` is written, for the error: `handbook.file`, a split page, a level. */
function claimPointer(family: ModelFamily, path: string): (string | number)[] {
  const handbook = family.file.family.handbook;
  if (path === family.handbookPages[0]) return handbook?.file === undefined ? [] : ['handbook', 'file'];
  const page = family.handbookPages.indexOf(path);
  if (page > 0) return ['handbook', 'pages', page - 1, 'file'];
  const level = family.levels.findIndex((l) => l.pdfPath === path);
  if (level >= 0) return ['levels', level, 'id'];
  const specialty = family.specialties.findIndex((s) => s.pdfPath === path);
  if (specialty >= 0) return ['specialties', specialty, 'id'];
  return [];
}


/** Claims every output path once; each second claim is an `output-path-claimed` error at the family that made it. */
function claimOutputs(families: readonly ModelFamily[], postings: Handbook['postings'], payBands: string | null): { outputs: Map<string, OutputClaim>; diagnostics: Diagnostic[] } {
  const outputs = new Map<string, OutputClaim>();
  const diagnostics: Diagnostic[] = [];
  const claim = (path: string, file: string, what: string, family: ModelFamily | null) => {
    const first = outputs.get(path);
    if (!first) {
      outputs.set(path, { path, file, what });
      return;
    }
    // Collisions validation reports already, in its own words: two levels of one family with the same
    // id (level-id-duplicate), two families with one slug (family-slug-duplicate), two openings with one
    // requisition id.
    if ((first.file === file && path.startsWith('pdf/')) || path.startsWith('families/') || path.startsWith('jobs/')) return;
    const at = family ? positionInFamily(family.file, claimPointer(family, path)) : { line: 1, column: 1 };
    diagnostics.push(diagnostic('output-path-claimed', { file, ...at }, { path, what, other: `${first.what} (${first.file})` }));
  };
  // First: a family whose handbook.file names the pay-bands page gets the error, at its YAML.
  if (payBands !== null) claim(PAY_BANDS_OUTPUT, payBands, 'the pay-bands page', null);
  for (const family of families) {
    const file = family.file.source.path;
    family.handbookPages.forEach((page, i) => claim(page, file, i === 0 ? `the handbook page of ${family.title}` : `a handbook page of ${family.title}`, family));
    for (const entry of [...family.levels, ...family.specialties]) claim(entry.pdfPath, file, `the offer packet of ${family.title}: ${entry.title}`, family);
    claim(family.catalogPage, file, `the catalog page of ${family.title}`, family);
  }
  for (const posting of postings) {
    const family = families.find((f) => f.slug === posting.family.slug) ?? null;
    claim(posting.path, family?.file.source.path ?? posting.family.relativePath, `the posting ${posting.requisitionId}`, null);
  }
  return { outputs, diagnostics };
}

/** The resolved model of validated families: built once, read by every stage, `jobfam diff` and the bot. */
export function buildHandbook(validation: ValidatedInput): Handbook {
  const grades = [...validation.grades];
  const families = validation.families.map((file) => modelFamily(file, grades));
  const postings = planPostings(validation.openings, families, validation.config, validation.pay);
  const { outputs, diagnostics } = claimOutputs(families, postings, validation.pay?.compensation ? '_compensation.yml' : null);
  return { families, grades, site: validation.config, openings: [...validation.openings], postings, pay: validation.pay ?? null, outputs, diagnostics };
}
