// HTML templates of the job board and the catalog, compiled on an isolated Handlebars instance with
// HTML escaping on and strict mode (a misspelt field throws instead of rendering blank). Partials
// are registered by file name from templates/jobboard/partials/ and the page folder's own partials/.
import Handlebars from 'handlebars';
import type { TemplateSources } from '../load/read-templates.ts';
import { PipelineError } from '../errors.ts';
import { compileTemplate, TEMPLATE_OPTIONS } from '../handlebars/compile.ts';

export interface HtmlTemplates {
  render: (name: string, view: unknown) => string;
  /** A non-template asset of the folder (style sheet, script), verbatim. */
  asset: (name: string) => string;
}

export function createHtmlTemplates(sources: TemplateSources, folder: string): HtmlTemplates {
  const hbs = Handlebars.create();
  const options = TEMPLATE_OPTIONS.html;
  for (const [name, source] of Object.entries(sources)) {
    const m = new RegExp(`^(?:jobboard|${folder})/partials/(.+)\\.html\\.hbs$`).exec(name);
    if (m) hbs.registerPartial(m[1]!, compileTemplate(hbs, source, options));
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const source = (name: string) => {
    const text = sources[name];
    if (text === undefined) throw new PipelineError('template-missing', `The template ${name} is missing from the templates folder.`);
    return text;
  };
  return {
    render: (name, view) => {
      let template = compiled.get(name);
      if (!template) {
        template = compileTemplate(hbs, source(`${folder}/${name}`), options);
        compiled.set(name, template);
      }
      return template(view);
    },
    asset: (name) => source(name),
  };
}
