// The one import path for scripts/ and tests/.
export * from './types.ts';
export * from './errors.ts';
export * from './config.ts';
export * from './commands.ts';
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
export { validateOpenings, OPENING_RULES, APPLY_URL_PLACEHOLDERS } from './validate/openings.ts';
export { plainText, scriptSafeJson, contentSecurityPolicy, cspHash, escapeXml, cdata } from './jobboard/html.ts';
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
export { webInlineHtml, webItemsHtml } from './jobboard/html.ts';
