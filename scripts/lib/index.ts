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
