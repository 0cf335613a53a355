// The one import path for scripts/ and tests/.
export * from './types.ts';
export * from './errors.ts';
export * from './config.ts';
export * from './commands.ts';
// CI reports of `jobfam validate` (Code Quality, JUnit, HTML).
export { buildCodeQualityReport, formatCodeQualityReport, type CodeQualityIssue, type CodeQualitySeverity } from './report/code-quality.ts';
export { buildJunitReport } from './report/junit.ts';
export { buildHtmlReport, type HtmlReportOptions } from './report/html.ts';
export { fingerprintDiagnostics, stablePointer, type SourceTexts } from './report/fingerprint.ts';
export { renderValidationReports, writeValidationReports, type ReportRequest, type CheckedFiles } from './report/write-reports.ts';
export { parseYaml } from './load/parse-yaml.ts';
export { readFamilies, findFamiliesRoot } from './load/read-families.ts';
export { readTemplates } from './load/read-templates.ts';
export { validateFamilies, hasErrors, slugOf } from './validate/index.ts';
export { validateSchema, SCHEMAS } from './validate/schema.ts';
export { FAMILY_RULES, linkProblems, templateProblem } from './validate/rules.ts';
export { resolveLevel, resolveSpecialty, resolveList, withDefaults, slugify, DEFAULT_TEXT } from './model/family.ts';
export { parseMarkdownPage } from './import/markdown-page.ts';
export { importPage } from './import/import-page.ts';
export { familyToYaml } from './import/to-yaml.ts';
export { createMarkdownTemplates } from './render/templates.ts';
export { renderMarkdown, renderHandbookPage, layoutHandbookPage, defaultLayout } from './render/markdown.ts';
export { writeOutputs, safeOutputPath } from './publish/write-outputs.ts';
