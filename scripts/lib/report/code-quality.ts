// GitLab Code Quality report (artifacts:reports:codequality): the subset of the Code Climate issue
// format that GitLab reads (doc/ci/testing/code_quality.md). `[]` means "no findings", so the MR
// widget can also show problems that a change fixed. Pure.
import type { Diagnostic } from '../types.ts';
import { fingerprintDiagnostics, toPosixPath, type SourceTexts } from './fingerprint.ts';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

// An error fails the pipeline and blocks publishing, a warning does not: the usual mapping of
// linters' two levels (eslint-formatter-gitlab does the same).
// linters' two levels (eslint-formatter-gitlab does the same); info is what a company chose to see only.
const SEVERITY: Record<Diagnostic['severity'], CodeQualitySeverity> = { error: 'major', warning: 'minor', info: 'info' };

export function buildCodeQualityReport(diagnostics: readonly Diagnostic[], sources: SourceTexts): CodeQualityIssue[] {
  const fingerprints = fingerprintDiagnostics(diagnostics, sources);
  return diagnostics.map((d, i) => ({
    description: `${d.message} ${d.hint}`,
    check_name: d.code,
    fingerprint: fingerprints[i]!,
    severity: SEVERITY[d.severity],
    location: { path: toPosixPath(d.file), lines: { begin: d.line } },
  }));
}

/** The report file's text: a JSON array, no BOM, one issue per block so diffs of the artifact read well. */
export function formatCodeQualityReport(issues: readonly CodeQualityIssue[]): string {
  return `${JSON.stringify(issues, null, 2)}\n`;
}
