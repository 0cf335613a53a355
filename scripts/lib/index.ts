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
export { FAMILY_RULES, templateProblem } from './validate/rules.ts';
export { resolveLevel, resolveSpecialty, resolveList, withDefaults, slugify, DEFAULT_TEXT } from './model/family.ts';
export { parseMarkdownPage } from './import/markdown-page.ts';
export { importPage, hasJobContent, type ImportResult, type PageRole } from './import/import-page.ts';
export { planImport, pageKind, slugOfPage, type PageInput, type PlannedFamily, type ImportPlan } from './import/plan-import.ts';
export { importSplitFamily, isSplitFamilyIndex } from './import/split-family.ts';
export { collectPages, STARTER_FILES } from './import/run-import.ts';
export { frontMatterEntries, writeFrontMatterEntry, parseFrontMatterText } from './model/front-matter.ts';
export { familyToYaml } from './import/to-yaml.ts';
export { createMarkdownTemplates, type MarkdownTemplates } from './render/templates.ts';
export { renderMarkdown, renderHandbookPage, layoutHandbookPage, defaultLayout } from './render/markdown.ts';
export { writeOutputs, safeOutputPath } from './publish/write-outputs.ts';
export { pdfOutputPath, buildPdfJobs, createPdfTemplates, selectShard, producerOf, type PdfJob, type PacketView, type Toolchain, type SourceStamp } from './pdf/build-packets.ts';
export { escapeHtml } from './escape-html.ts';
export { printHtml, printInlineHtml, printItems, absoluteUrl, type ItemHtml } from './markdown/print.ts';
export { webHtml, webInlineHtml, webItemsHtml, resolveLink } from './markdown/web.ts';
export { plainText, itemLines } from './markdown/plain.ts';
export { linkFindings, targetProblem, type LinkFinding } from './markdown/link-policy.ts';
export { parseBlock, parseInline, LIST_DEPTH } from './markdown/tokenize.ts';
export { findBrowser, browserVersion, launchBrowser, closeBrowser, preparePage, printPage, printAll, type BrowserChoice } from './pdf/browser.ts';
export { stampMetadata } from './pdf/stamp-metadata.ts';
export { planPdfs, readManifests, manifestName, writeFileAtomic, sha256, type Manifest } from './pdf/manifest.ts';
export { readSourceStamps, FALLBACK_EPOCH } from './pdf/read-source-stamps.ts';
export { createProgress, lineProgress, silentProgress, type ProgressReporter } from './pdf/progress.ts';
export { writePdfs, summarizePdfRun, defaultConcurrency, withTerminationSignals, type PdfRunResult, type PdfRunOptions } from './pdf/write-pdfs.ts';
export { readFamiliesAtRevision, EMPTY_REVISION } from './load/read-git.ts';
export { diffFamilies, flattenItem, type FamilyVersion } from './diff/diff-families.ts';
export { matchItems, similarity, REWORD_THRESHOLD } from './diff/match-items.ts';
export { describeChange, describeWhat, subjectOf, reviewKindsOf, groupByFamily, escapeMarkdown, formatChanges, type DiffFormat } from './diff/describe-changes.ts';
export { runBot, outcomeText, DEVELOPER_ACCESS, DEFAULT_TARGET_DIR, type BotIo, type BotResult, type RunBotOptions } from './bot/run-bot.ts';
export {
  planMergeRequests,
  planMergeRequest,
  importFamilyPages,
  descriptionOf,
  labelsFor,
  reviewersFor,
  DEFAULT_REVIEW,
  BASE_LABELS,
  EDITED_LABEL,
  type MrPlan,
  type RenderedFamily,
  type PlanSettings,
} from './bot/plan-merge-requests.ts';
export { describeMergeRequest, parseMarker, formatMarker, fingerprintOf, branchNameOf, hashDescription, titleOf, type BotMarker } from './bot/describe-merge-request.ts';
export { ensureMergeRequest, decideMergeRequest, readMrState, editedByPerson, BOT_AUTHOR, STOP_LABELS, type Outcome, type Decision, type MrState } from './bot/ensure-merge-request.ts';
export { GitLabError, type GitLabPort, type GitLabMergeRequest, type GitLabCommit, type GitLabProject, type GitLabUser, type ProjectId } from './bot/gitlab-port.ts';
export { createGitbeakerPort, retryAfterMs, toGitLabError, DEFAULT_RETRY } from './bot/gitbeaker-adapter.ts';
export { createRedactor, describeError, MASK } from './bot/redact.ts';
export { syntheticFamilies } from './pdf/synthetic-families.ts';
export { validateOpenings, OPENING_RULES, APPLY_URL_PLACEHOLDERS } from './validate/openings.ts';
export { scriptSafeJson, contentSecurityPolicy, cspHash, escapeXml, cdata } from './jobboard/html.ts';
export { planPostings, descriptionHtml, locationLabel, salaryLabel, departmentOf, type Posting } from './jobboard/plan-postings.ts';
export { jobPostingJsonLd } from './jobboard/json-ld.ts';
export { renderPostings, postingsFeed, indeedFeed, sitemap } from './jobboard/render-postings.ts';
export { createHtmlTemplates } from './jobboard/templates.ts';
export { postingsStage } from './jobboard/stage.ts';
export { planCatalog, pdfPathOf, handbookPathOf, familyPagePathOf, type Catalog } from './site/plan-catalog.ts';
export { renderSite, occupationsJsonLd } from './site/render-site.ts';
export { siteStage, listOutputFiles } from './site/stage.ts';
// Family text on web pages (links stay links, no printed addresses): named apart from the PDF
// stage's inlineHtml/itemsHtml, which print for paper.
export { stampsIncrementally } from './pdf/stamp-metadata.ts';
