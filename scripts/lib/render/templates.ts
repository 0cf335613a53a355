// Compiles template sources on an isolated Handlebars instance. Markdown output is not HTML-escaped;
// strict mode makes a misspelt field fail loudly instead of rendering blank.
import Handlebars from 'handlebars';
import type { TemplateSources } from '../load/read-templates.ts';
import { compileTemplate, TEMPLATE_OPTIONS } from '../handlebars/compile.ts';

export interface MarkdownTemplates {
  /** Renders the handbook page view (front matter + blocks). */
  page: (view: unknown) => string;
  /** Fills a sentence or heading pattern from the YAML, e.g. "### {{title}} Job Grade". */
  fill: (pattern: string, context: Record<string, unknown>) => string;
  /** Renders the pay-bands page view (handbook/pay-bands.md.hbs); null when that template is missing. */
  payBands: ((view: unknown) => string) | null;
}

export function createMarkdownTemplates(sources: TemplateSources): MarkdownTemplates {
  const hbs = Handlebars.create();
  const options = TEMPLATE_OPTIONS.markdown;
  for (const [name, source] of Object.entries(sources)) {
    const m = /^handbook\/partials\/(.+)\.md\.hbs$/.exec(name);
    if (m) hbs.registerPartial(m[1]!, compileTemplate(hbs, source, options));
  }
  const pageSource = sources['handbook/family.md.hbs'];
  if (pageSource === undefined) throw new Error('templates/handbook/family.md.hbs is missing');
  const page = compileTemplate(hbs, pageSource, options);
  const patterns = new Map<string, Handlebars.TemplateDelegate>();
  const payBandsSource = sources['handbook/pay-bands.md.hbs'];
  const payBands = payBandsSource === undefined ? null : compileTemplate(hbs, payBandsSource, options);
  return {
    page: (view) => page(view),
    payBands: payBands && ((view) => payBands(view)),
    fill: (pattern, context) => {
      // Text without a mustache is its own rendering: most imported headings are plain text, and
      // calling a compiled template costs Handlebars a setup per call.
      if (!pattern.includes('{{') && !pattern.includes('\0')) return pattern;
      let compiled = patterns.get(pattern);
      if (!compiled) {
        compiled = hbs.compile(pattern, options);
        patterns.set(pattern, compiled);
      }
      return compiled(context);
    },
  };
}
