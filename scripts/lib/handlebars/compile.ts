// One way to turn a template source into a render function, for the handbook, catalog, job-board and
// PDF templates. Compiling the templates took a tenth of a build after one change (every run compiled
// every template it rendered), so the bundled ones ship precompiled (precompiled.ts); a template a
// user changed, or a --templates folder of their own, is compiled as before.
import { createHash } from 'node:crypto';
import type Handlebars from 'handlebars';
import { PRECOMPILED } from './precompiled.ts';

/** The compile options of each kind of template: markdown is not HTML-escaped; strict mode makes a
 *  misspelt field fail loudly instead of rendering blank. */
export const TEMPLATE_OPTIONS = {
  markdown: { noEscape: true, strict: true },
  html: { strict: true },
} as const satisfies Record<string, CompileOptions>;

type CompileOptions = Parameters<typeof Handlebars.compile>[1] & object;

/** What a precompiled template is looked up by: its source and options. */
export function templateKey(source: string, options: CompileOptions): string {
  const sorted = Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify([sorted, source])).digest('hex');
}

/** `hbs.compile(source, options)`, from the shipped precompiled code when there is one for exactly this source and options. */
export function compileTemplate<V = unknown>(hbs: typeof Handlebars, source: string, options: CompileOptions): Handlebars.TemplateDelegate<V> {
  const spec = PRECOMPILED.get(templateKey(source, options));
  // A copy: Handlebars writes its defaults (data: true) into the options it is given.
  return spec ? hbs.template<V>(spec) : hbs.compile<V>(source, { ...options });
}
