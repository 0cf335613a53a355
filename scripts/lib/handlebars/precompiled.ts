// The bundled templates, precompiled. This is the development version, run by the tests (vitest): it
// holds none, so every template is compiled when first rendered. `npm run compile` replaces its
// JavaScript in dist/ with Handlebars' precompiled code of every templates/**/*.hbs
// (scripts/build/precompile-templates.ts), so the shipped bin does not compile the templates it ships
// at every run.
import type Handlebars from 'handlebars';

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** Precompiled template specifications by templateKey(source, options). */
export const PRECOMPILED: ReadonlyMap<string, TemplateSpecification> = new Map();
