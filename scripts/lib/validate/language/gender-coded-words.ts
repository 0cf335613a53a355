// The masculine- and feminine-coded word stems of
//
//   Gaucher, D., Friesen, J., & Kay, A. C. (2011). Evidence that gendered wording in job advertisements
//   exists and sustains gender inequality. Journal of Personality and Social Psychology, 101(1),
//   109-128. https://doi.org/10.1037/a0022530 — Appendix A.
//
// as data. A stem ending in `*` matches every word that starts with it ("lead*": lead, leader,
// leadership); a stem without matches that word alone. Hyphenated stems match with or without the
// hyphen, as the gender-decoder tool (Kat Matfield, MIT) does. Stems that the appendix lists and that
// a job family cannot help using as field names ("respon*" in "responsibilities") are kept: section
// headings and keys are never read (see family-texts.ts), so only prose counts.

export const MASCULINE_CODED = [
  'active', 'adventurous', 'aggress*', 'ambitio*', 'analy*', 'assert*', 'athlet*', 'autonom*', 'boast*', 'challeng*',
  'compet*', 'confident', 'courag*', 'decide', 'decisive', 'decision*', 'determin*', 'dominant', 'domina*', 'force*',
  'greedy', 'headstrong', 'hierarch*', 'hostil*', 'impulsive', 'independen*', 'individual*', 'intellect*', 'lead*',
  'logic', 'masculine', 'objective', 'opinion', 'outspoken', 'persist', 'principle*', 'reckless', 'stubborn',
  'superior', 'self-confiden*', 'self-relian*', 'self-sufficien*',
] as const;

export const FEMININE_CODED = [
  'affectionate', 'child*', 'cheer*', 'commit*', 'communal', 'compassion*', 'connect*', 'considerate', 'cooperat*',
  'depend*', 'emotiona*', 'empath*', 'feminine', 'flatterable', 'gentle', 'honest', 'interpersonal', 'interdependen*',
  'interpersona*', 'kind', 'kinship', 'loyal*', 'modesty', 'nag', 'nurtur*', 'pleasant*', 'polite', 'quiet*', 'respon*',
  'sensitiv*', 'submissive', 'support*', 'sympath*', 'tender*', 'together*', 'trust*', 'understand*', 'warm*', 'whin*',
  'yield*',
] as const;

export const CITATION =
  'Gaucher, Friesen & Kay (2011), Evidence that gendered wording in job advertisements exists and sustains gender inequality, JPSP 101(1), 109-128';
