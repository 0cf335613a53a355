// The shapes of pay-transparency rules (shipped in pay-transparency-rules.json, extended or overridden
// in _config.yml) and of their configuration. No imports: types.ts refers to these.

/** Where a posting's pay range must be given: on the posting with a minimum and a maximum, or (EU)
 *  on the posting or before the interview, which a posting alone cannot prove either way. */
export type RangeRequirement = 'closed' | 'before-interview';

export interface Amount {
  amount: number;
  currency: string;
}

export interface PayRuleRequirements {
  range?: RangeRequirement;
  /** The range may be no wider than this (Ontario: CAD 50,000). */
  maxWidth?: Amount;
  /** No range is required when pay starts above this (Ontario: CAD 200,000). */
  exemptAbove?: Amount;
  /** A general description of benefits and other compensation (jobBoard.benefits). */
  benefits?: boolean;
  /** The date applications close (the opening's validThrough). */
  closingDate?: boolean;
  /** The job description (every jobfam posting carries one). */
  jobDescription?: boolean;
  /** Commission-based or tipped pay stated as such (the opening's payBasis, shown on the posting). */
  commissionStatement?: boolean;
  /** Whether AI screens, assesses or selects applicants (jobBoard.aiScreening). */
  aiScreening?: boolean;
  /** Whether the posting is for a vacancy that exists now (the opening's existingVacancy). */
  vacancyStatus?: boolean;
}

export type Coverage = 'office' | 'remote';

export interface PayRule {
  id: string;
  jurisdiction: string;
  /** Places the law covers (place codes: US-CO, US-NY-NYC, CA-ON, NL). */
  places: string[];
  citation: string;
  /** First day the rule (in this version) applies, YYYY-MM-DD. */
  effective: string;
  /** Smallest employer it applies to, in employees; default 1. */
  employees?: number;
  /** Which postings it covers: jobs based at an office there, remote jobs open to residents there. */
  covers: Coverage[];
  requires: PayRuleRequirements;
  /** Requirements a posting must not make (Ontario: "Canadian experience"), matched case-insensitively. */
  forbids?: string[];
  /** Excluding the place's residents from a remote job open elsewhere in the country is itself unlawful. */
  remoteExclusionUnlawful?: boolean;
  note?: string;
  /** Turn a shipped rule off (in _config.yml only). */
  enabled?: boolean;
}

/** A rule as _config.yml writes it: a shipped rule's id with the fields to change, or a whole new rule. */
export type PayRuleOverride = Partial<PayRule> & { id: string };

/** jobBoard.payTransparency in _config.yml. */
export interface PayTransparencyConfig {
  /** The employer's size; rules with a higher threshold do not apply. Unknown: every rule applies. */
  employees?: number;
  /** How an unmet requirement is reported; default error (the build stops). */
  severity?: 'error' | 'warning';
  rules?: PayRuleOverride[];
}

/** How an opening is paid, when a law wants it said (New York, Vermont). */
export type PayBasis = 'salary' | 'salary-and-commission' | 'commission-only' | 'tipped';
