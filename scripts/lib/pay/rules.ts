// The pay-transparency rules in force for a build: the ones jobfam ships (pay-transparency-rules.json,
// data with citations and dates, never code), changed, turned off or extended by
// jobBoard.payTransparency.rules in _config.yml. Pure.
import { diagnostic } from '../errors.ts';
import type { ParsedYaml } from '../load/parse-yaml.ts';
import type { Diagnostic } from '../types.ts';
import shipped from './pay-transparency-rules.json' with { type: 'json' };
import type { PayRule, PayRuleOverride } from './types.ts';

export const SHIPPED_RULES: readonly PayRule[] = shipped.rules as PayRule[];
export const RULES_CHECKED = shipped.checked;

const REQUIRED_FIELDS = ['jurisdiction', 'places', 'citation', 'effective', 'covers', 'requires'] as const;

/** Shipped rules with the config's changes: same id merges field by field (requires too), new ids are added. */
export function resolveRules(
  overrides: readonly PayRuleOverride[] | undefined,
  config?: { parsed: ParsedYaml; path: (index: number) => (string | number)[] },
  base: readonly PayRule[] = SHIPPED_RULES,
): { rules: PayRule[]; diagnostics: Diagnostic[] } {
  const rules = base.map((r) => ({ ...r }));
  const diagnostics: Diagnostic[] = [];
  (overrides ?? []).forEach((override, index) => {
    const existing = rules.findIndex((r) => r.id === override.id);
    if (existing >= 0) {
      const old = rules[existing]!;
      rules[existing] = { ...old, ...override, requires: { ...old.requires, ...override.requires } };
      return;
    }
    const missing = REQUIRED_FIELDS.filter((f) => override[f] === undefined);
    if (missing.length > 0) {
      if (config) {
        const path = config.path(index);
        diagnostics.push(diagnostic('pay-rule-incomplete', { file: config.parsed.source.path, ...config.parsed.locate(path), pointer: `/${path.join('/')}` }, { id: override.id, missing: [...missing] }));
      }
      return;
    }
    rules.push(override as PayRule);
  });
  return { rules: rules.filter((r) => r.enabled !== false), diagnostics };
}
