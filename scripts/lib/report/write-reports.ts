// Writes the CI report files `jobfam validate` was asked for. The paths come from the command line
// (not from data), relative to the working directory; parent folders are created.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import type { Diagnostic, FamiliesInput, SourceFile } from '../types.ts';
import { buildCodeQualityReport, formatCodeQualityReport } from './code-quality.ts';
import { buildHtmlReport } from './html.ts';
import { buildJunitReport } from './junit.ts';
import { describeFilesystemError } from '../filesystem-errors.ts';

export interface ReportRequest {
  codequality?: string | undefined;
  junit?: string | undefined;
  html?: string | undefined;
  /** Base of source links in the HTML report (from CI_PROJECT_URL and CI_COMMIT_SHA). */
  blobUrl?: string | undefined;
}

export interface CheckedFiles {
  diagnostics: readonly Diagnostic[];
  /** What was read: the family files (one JUnit case each) and the grade, config and openings files. */
  input: FamiliesInput;
}

/** The report files' paths and contents (pure), in the order the flags are documented. */
export function renderValidationReports(checked: CheckedFiles, request: ReportRequest): Array<{ path: string; content: string }> {
  const familyFiles = checked.input.families.map((s) => s.path);
  const sources = [...checked.input.families, checked.input.grades, checked.input.config, checked.input.openings ?? null].filter((s): s is SourceFile => s !== null);
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  const reports: Array<{ path: string; content: string }> = [];
  if (request.codequality) {
    reports.push({ path: request.codequality, content: formatCodeQualityReport(buildCodeQualityReport(checked.diagnostics, texts)) });
  }
  if (request.junit) reports.push({ path: request.junit, content: buildJunitReport(familyFiles, checked.diagnostics) });
  if (request.html) reports.push({ path: request.html, content: buildHtmlReport(familyFiles, checked.diagnostics, { blobUrl: request.blobUrl }) });
  return reports;
}

export async function writeValidationReports(checked: CheckedFiles, request: ReportRequest, cwd: string): Promise<string[]> {
  const written: string[] = [];
  for (const report of renderValidationReports(checked, request)) {
    const target = path.resolve(cwd, report.path);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, report.content);
    } catch (error) {
      // In words, never Node's own text ("EISDIR: illegal operation on a directory, open ...").
      const why = describeFilesystemError(error, cwd) ?? (error as Error).message;
      throw new PipelineError('report-unwritable', `Cannot write the report ${report.path}: ${why}`, { cause: error });
    }
    written.push(report.path);
  }
  return written;
}
