// The pay pass of validation: _compensation.yml (schema, then meaning), the rules in force (shipped
// plus _config.yml's changes), and the pay-transparency check of every open opening. Pure; runs after
// the families and openings are validated, since it reads both. What it checks with is in pay/.
import { parseYaml } from '../load/parse-yaml.ts';
import { itemText, resolveLevel, resolveSpecialty } from '../family-format.ts';
import type { Diagnostic, FamilyFile, Grade, Item, Opening, SiteConfig, SourceFile } from '../types.ts';
import { validateSchema } from './schema.ts';
import { gradesOf, validateCompensation, type Compensation } from '../pay/compensation.ts';
import { checkOpeningPay, type OpeningPay } from '../pay/check-openings.ts';
import type { PayValidation } from '../pay/pay-validation.ts';
import { resolveRules } from '../pay/rules.ts';


const flatten = (items: readonly Item[]): string[] => items.flatMap((i) => (typeof i === 'string' ? [i] : [itemText(i), ...flatten(i.items)]));

/** The grades and texts of an opening's level or specialty. */
export function openingTarget(opening: Opening, file: FamilyFile): { family: string; grades: number[]; texts: string[] } {
  const resolved = opening.level !== undefined ? resolveLevel(file.family, opening.level) : resolveSpecialty(file.family, opening.specialty!);
  const texts = resolved ? flatten([...resolved.requirements, ...resolved.responsibilities, ...(resolved.niceToHaves ?? [])]) : [];
  return { family: file.slug, grades: gradesOf(file, opening), texts };
}

export function validatePay(
  sources: { compensation?: SourceFile | null | undefined; config: SourceFile | null },
  families: readonly FamilyFile[],
  grades: readonly Grade[],
  config: SiteConfig | null,
  openings: readonly Opening[],
  today: string | null,
): PayValidation {
  const diagnostics: Diagnostic[] = [];
  let compensation: Compensation | null = null;
  if (sources.compensation) {
    const parsed = parseYaml(sources.compensation);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data !== undefined) {
      const schemaErrors = validateSchema(parsed, 'compensation');
      diagnostics.push(...schemaErrors);
      if (schemaErrors.length === 0) {
        const meaning = validateCompensation(parsed, parsed.data as Compensation, families, grades);
        diagnostics.push(...meaning);
        if (meaning.length === 0) compensation = parsed.data as Compensation;
      }
    }
  }
  const jobBoard = config?.jobBoard;
  const configParsed = sources.config ? parseYaml(sources.config) : null;
  const { rules, diagnostics: ruleProblems } = resolveRules(
    jobBoard?.payTransparency?.rules,
    configParsed ? { parsed: configParsed, path: (i) => ['jobBoard', 'payTransparency', 'rules', i] } : undefined,
  );
  diagnostics.push(...ruleProblems);
  const checked: OpeningPay[] = [];
  // Without a sound _compensation.yml (when there is one) the check would blame openings for the bands' mistakes.
  if (jobBoard && today !== null && (!sources.compensation || compensation)) {
    for (const opening of openings) {
      if (opening.expired) continue;
      const file = families.find((f) => f.slug === opening.family);
      if (!file) continue;
      const pay = checkOpeningPay(opening, openingTarget(opening, file), { compensation, jobBoard, rules, today });
      diagnostics.push(...pay.diagnostics);
      checked.push(pay);
    }
  }
  return { compensation, rules, openings: checked, diagnostics };
}
