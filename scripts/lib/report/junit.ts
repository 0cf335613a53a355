// JUnit XML report (artifacts:reports:junit): one test case per family file, so the MR's test
// summary lists every family and fails the ones with errors; each failure carries the located
// diagnostics exactly as the job log prints them. Warnings go to the case's system-out. Pure.
import path from 'node:path';
import { formatDiagnostic } from '../errors.ts';
import type { Diagnostic } from '../types.ts';
import { toPosixPath } from './fingerprint.ts';

// XML 1.0 cannot carry most control characters even as references; YAML double-quoted strings can
// hold them ("\x01"), so they are replaced rather than producing a report GitLab rejects.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Text content keeps line breaks, tabs and quotes readable; only attributes need them as references. */
const escapeXmlText = (text: string) => text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `files` are the family files that were checked (each becomes a test case, also when it is fine);
 * a diagnostic about any other file (the grade table, a missing directory) adds a case for it.
 */
export function buildJunitReport(files: readonly string[], diagnostics: readonly Diagnostic[], suiteName = 'jobfam validate'): string {
  const byFile = new Map<string, Diagnostic[]>(files.map((file) => [toPosixPath(file), []]));
  for (const d of diagnostics) {
    const file = toPosixPath(d.file);
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  const cases = [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b));
  const failures = cases.filter(([, ds]) => ds.some((d) => d.severity === 'error')).length;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const [file, found] of cases) {
    const errors = found.filter((d) => d.severity === 'error');
    // Warnings and infos (language notes, summaries) are output, not failures.
    const warnings = found.filter((d) => d.severity !== 'error');
    const open = `    <testcase classname="${escapeXml(path.posix.dirname(file))}" name="${escapeXml(path.posix.basename(file))}" file="${escapeXml(file)}"`;
    if (found.length === 0) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (errors.length > 0) {
      const first = errors[0]!;
      const message = errors.length === 1 ? first.message : `${first.message} (and ${plural(errors.length - 1, 'more error')})`;
      lines.push(`      <failure type="${escapeXml(first.code)}" message="${escapeXml(message)}">${escapeXmlText(errors.map(formatDiagnostic).join('\n'))}</failure>`);
    }
    if (warnings.length > 0) lines.push(`      <system-out>${escapeXmlText(warnings.map(formatDiagnostic).join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
