// What the pay pass of validation (validate/validate-pay.ts) finds: the shape later stages read
// (the postings' ranges, the evidence file, the pay-bands page). Types only.
import type { Diagnostic } from '../types.ts';
import type { OpeningPay } from './check-openings.ts';
import type { Compensation } from './compensation.ts';
import type { PayRule } from './types.ts';

export interface PayValidation {
  /** The sound _compensation.yml, or null (absent or with errors). */
  compensation: Compensation | null;
  rules: PayRule[];
  /** One entry per opening that has not expired, in file order. */
  openings: OpeningPay[];
  diagnostics: Diagnostic[];
}
