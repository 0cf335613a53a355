// The diagnostic catalogue: every code jobfam reports, with its wording. Codes are permanent (tests,
// CI reports and people's muscle memory depend on them); messages say what is wrong, hints what to do.
// Values are formatted by the caller, so every message function stays a plain template.
// Over 400 lines on purpose: one catalogue is where a reader looks a code up; it is a table, not logic.
import type { Diagnostic, Severity } from './types.ts';

type Entry<C> = (context: C) => { message: string; hint: string };

const q = (value: unknown) => JSON.stringify(value);

export const DIAGNOSTICS = {
  'yaml-syntax': (c: { detail: string; hint: string }) => ({
    message: `The file is not valid YAML: ${c.detail}.`,
    hint: c.hint,
  }),
  'yaml-duplicate-key': (c: { key: string }) => ({
    message: `The key ${q(c.key)} appears twice in the same mapping; YAML keeps only one of them.`,
    hint: `Remove or merge the duplicate ${q(c.key)}.`,
  }),
  'yaml-not-a-mapping': (c: { found: string }) => ({
    message: `The file holds ${c.found}, not a mapping of keys to values.`,
    hint: 'A family file starts with keys such as `frontMatter:` and `levels:`.',
  }),
  'schema-unknown-key': (c: { key: string; allowed: string[]; suggestion: string | null }) => ({
    message: `Unknown key ${q(c.key)}.`,
    hint: c.suggestion
      ? `Did you mean ${q(c.suggestion)}? Allowed here: ${c.allowed.join(', ')}.`
      : c.allowed.length > 0
        ? `Allowed here: ${c.allowed.join(', ')}. Check the spelling.`
        : 'Remove it.',
  }),
  'schema-required': (c: { key: string }) => ({
    message: `The required key ${q(c.key)} is missing.`,
    hint: `Add \`${c.key}:\` here.`,
  }),
  'schema-type': (c: { expected: string; actual: string }) => ({
    message: `Expected ${c.expected}, found ${c.actual}.`,
    hint: `Write ${c.expected} here.`,
  }),
  'schema-enum': (c: { value: unknown; allowed: unknown[] }) => ({
    message: `${q(c.value)} is not one of the allowed values.`,
    hint: c.allowed.length > 0 ? `Use one of: ${c.allowed.map((v) => q(v)).join(', ')}.` : 'Remove the value.',
  }),
  'schema-empty': (c: { what: string; remove: 'key' | 'entry' }) => ({
    message: `This ${c.what} is empty.`,
    hint: `Give the ${c.what} content, or remove the ${c.remove}.`,
  }),
  'schema-pattern': (c: { value: unknown; rule: string }) => ({
    message: `${q(c.value)} is not well formed: it must be ${c.rule}.`,
    hint: 'Rewrite the value in that form.',
  }),
  'schema-invalid': (c: { detail: string }) => ({
    message: `Invalid value: ${c.detail}.`,
    hint: 'See the description of this key in job-family.schema.json.',
  }),
  'grade-unknown': (c: { grade: number; known: number[] }) => ({
    message: `Grade ${c.grade} is not in the grade table.`,
    hint: c.known.length > 0 ? `Use one of ${c.known.join(', ')}, or add grade ${c.grade} to _grades.yml.` : `Add grade ${c.grade} to _grades.yml.`,
  }),
  'grade-order': (c: { title: string; grade: number; previousTitle: string; previousGrade: number }) => ({
    message: `${q(c.title)} has grade ${c.grade}, lower than the grade ${c.previousGrade} of the level before it, ${q(c.previousTitle)}. Levels go from junior to senior.`,
    hint: 'Move the level to its place in the ladder, or correct the grade.',
  }),
  'level-id-duplicate': (c: { id: string; firstLine: number }) => ({
    message: `The id ${q(c.id)} is already used by another level or specialty on line ${c.firstLine}.`,
    hint: 'Give every level and specialty of a family its own id.',
  }),
  'family-slug-duplicate': (c: { slug: string; other: string }) => ({
    message: `The family slug ${q(c.slug)} is also used by ${c.other}; pages and PDFs are named by slug, so one would overwrite the other.`,
    hint: 'Rename one of the two files.',
  }),
  'output-path-claimed': (c: { path: string; what: string; other: string }) => ({
    message: `${c.path} would be both ${c.other} and ${c.what}; one would overwrite the other.`,
    hint: 'Give one of them another name: rename the family file, or change `handbook.file` or the page or level id.',
  }),
  'family-file-name': (c: { name: string; max: number }) => ({
    message: `The file name ${q(c.name)} is not a slug: it names the family's pages, PDFs and catalog links, so it must be lower-case letters, digits, dashes and underscores, at most ${c.max} characters.`,
    hint: 'Rename the file, e.g. to the family title in lower case with dashes (sales-operations.yml).',
  }),
  'extends-unknown': (c: { target: string; known: string[] }) => ({
    message: `${q(c.target)} is not a level of this family.`,
    hint: c.known.length > 0 ? `Use one of: ${c.known.join(', ')}.` : 'Add the level first, or remove the reference.',
  }),
  'extends-later': (c: { target: string }) => ({
    message: `${q(c.target)} comes later in the ladder; a level can only extend an earlier level.`,
    hint: 'Extend a more junior level, or reorder the levels.',
  }),
  'extends-cycle': (c: { cycle: string[] }) => ({
    message: `Inheritance goes round in a circle: ${c.cycle.join(' → ')}.`,
    hint: 'Remove one of these `extends` references.',
  }),
  'link-malformed': (c: { link: string; reason: string }) => ({
    message: `The link ${q(c.link)} is malformed: ${c.reason}.`,
    hint: 'Write links as [text](/site/path/), [text](https://host/path) or [text](#anchor).',
  }),
  'html-unsafe': (c: { link: string; reason: string }) => ({
    message: `The text holds ${q(c.link)}: ${c.reason}. Raw HTML in family text is published as written on the handbook page.`,
    hint: 'Write links as markdown, [text](https://host/path); the only raw HTML allowed is handbook layout markup (<a id="…"></a>, <span>, <br>).',
  }),
  'link-kept': (c: { link: string; reason: string }) => ({
    message: `The link ${q(c.link)} is malformed (${c.reason}); it was imported as the page wrote it, so this is a warning.`,
    hint: 'Fix the link, then remove it from `handbook.keptLinks`; links not listed there are errors.',
  }),
  'outline-unknown': (c: { kind: string; id: string; known: string[] }) => ({
    message: `The outline refers to ${c.kind} ${q(c.id)}, which does not exist.`,
    hint:
      c.known.length > 0
        ? `Use one of: ${c.known.join(', ')}; or remove the section if the ${c.kind} is gone.`
        : `Remove the section: the family has no ${c.kind === 'level' ? 'levels' : 'specialties'}.`,
  }),
  'outline-missing': (c: { kind: string; id: string }) => ({
    message: `The ${c.kind} ${q(c.id)} does not appear in handbook.outline, so its page would not show it.`,
    hint: `Add a section with \`${c.kind}: ${c.id}\` to the outline, or remove handbook: to use the standard layout.`,
  }),
  'outline-repeated': (c: { what: string }) => ({
    message: `${c.what} appears more than once in handbook.outline.`,
    hint: 'Show each level, specialty and field once.',
  }),
  'outline-node': (c: { detail: string }) => ({
    message: `This outline node ${c.detail}.`,
    hint: 'A node is a field name, {heading/level/specialty, body}, {show}, {markdown} or {shortcode}.',
  }),
  'outline-field-scope': (c: { field: string; scope: string }) => ({
    message: `The field ${q(c.field)} does not exist for ${c.scope}.`,
    hint: 'Move it into the scope of a level (a section with `level:`), or use a family field.',
  }),
  'outline-template': (c: { template: string; problem: string; allowed: readonly string[] }) => ({
    message: `The pattern ${q(c.template)} ${c.problem}.`,
    hint:
      c.allowed.length > 0
        ? `Patterns take plain placeholders only; here: ${c.allowed.map((v) => `{{${v}}}`).join(', ')}.`
        : 'Patterns take no placeholders here; write the text out.',
  }),
  // Warnings of `jobfam import`, located in the markdown page.
  'import-lost-bullet': (c: { line: string; bullet: string }) => ({
    message: `${q(c.line)} sits between list items without a bullet; it was made an item of its own.`,
    hint: `Start the line with "${c.bullet} ".`,
  }),
  'import-lazy-paragraph': (c: { line: string }) => ({
    message: `${q(c.line)} follows the list without a blank line; a blank line was inserted so it stays a paragraph.`,
    hint: 'Leave a blank line between a list and the paragraph after it.',
  }),
  'import-lazy-continuation': (c: { line: string }) => ({
    message: `${q(c.line)} continues the list item above without being indented; it was indented, which reads the same.`,
    hint: 'Indent continuation lines of a list item to the item\'s text.',
  }),
  'import-mixed-bullets': (c: { used: string; bullet: string }) => ({
    message: `This item uses "${c.used}" while its list uses "${c.bullet}"; it was changed to "${c.bullet}".`,
    hint: 'Use one bullet marker per list.',
  }),
  'import-blank-lines': (c: { count: number }) => ({
    message: `${c.count} blank lines in a row were reduced to one.`,
    hint: 'Separate markdown blocks with a single blank line.',
  }),
  'import-verbatim': (c: { section: string; why: string }) => ({
    message: `Section ${q(c.section)} was kept verbatim: ${c.why}.`,
    hint: 'Nothing is lost; move its content into a structured field of the YAML if it should reach PDFs and job boards.',
  }),
  'import-no-title': (c: { title: string }) => ({
    message: `The page has no front matter title; ${q(c.title)} was used.`,
    hint: 'Add `title:` to the front matter.',
  }),
  'grades-missing': (c: { dir: string }) => ({
    message: `No grade table found: ${c.dir}/_grades.yml does not exist, so no grade can be checked.`,
    hint: `Run \`jobfam init ${c.dir}\` to write the standard grade table, config and JSON Schemas there, then adjust _grades.yml to your ladder.`,
  }),
  // ---- Hostile or unusable input (validate and import): located, coded, never a stack trace. ----
  'file-too-large': (c: { limit: string }) => ({
    message: `The file is larger than the ${c.limit} limit; it was not read.`,
    hint: 'A family file or handbook page is a few kilobytes: check that this is the file you meant, or split it.',
  }),
  'file-not-regular': (c: { what: string }) => ({
    message: `This is ${c.what}, not a regular file; it was not read.`,
    hint: 'Put a regular file here (family files, _grades.yml, _config.yml and _openings.yml are text files), or remove it.',
  }),
  'yaml-tag': (c: { tag: string }) => ({
    message: `The YAML tag ${c.tag} is not allowed: family files hold plain JSON-like data (text, numbers, true/false, lists, mappings).`,
    hint: 'Remove the tag and write the value as text, a number, a list or a mapping.',
  }),
  'yaml-multiple-documents': (_: Record<string, never>) => ({
    message: 'A second YAML document starts here; a family file (like _grades.yml, _config.yml and _openings.yml) holds one document.',
    hint: 'Remove this `---` line (and move what follows into the first document), or put it in a file of its own.',
  }),
  'file-binary': (c: { why: string }) => ({
    message: `The file is not text: ${c.why}.`,
    hint: 'Family files and handbook pages are UTF-8 text; check that this is the file you meant.',
  }),
  'yaml-alias-bomb': (c: { limit: number }) => ({
    message: `The YAML expands its aliases (*name) more than ${c.limit} times, so reading it would take unbounded memory ("billion laughs").`,
    hint: 'Write the values out instead of nesting aliases of aliases; family files need no aliases.',
  }),
  'file-too-deep': (c: { limit: number }) => ({
    message: `The content is nested more than ${c.limit} levels deep, deeper than jobfam reads.`,
    hint: 'Flatten the nesting; real family files and pages are a handful of levels deep.',
  }),
  'page-empty': (c: { file: string }) => ({
    message: `${c.file} is empty: it has no front matter and no content to import.`,
    hint: 'Import a handbook page with a title and job content, or remove the file from the command.',
  }),
  // ---- `jobfam import` of folders and whole handbooks. ----
  'import-not-a-page': (c: { found: 'folder' | 'command line' }) => ({
    message:
      c.found === 'folder'
        ? 'This markdown file has no front matter and no heading, so it is not a job-family page; it was skipped.'
        : 'This file has no front matter and no heading, so it is not a job-family page.',
    hint: c.found === 'folder' ? 'Nothing to do, unless it should be a page: then give it a `title:` front matter.' : 'Give it a `title:` front matter and job content, or leave it off the command line.',
  }),
  'import-bare-index': (_: Record<string, never>) => ({
    message: 'This _index.md only lists the section it opens (front matter, no content); it was left alone.',
    hint: 'Nothing to do: Hugo builds the section listing itself.',
  }),
  'import-invalid': (c: { detail: string; code: string }) => ({
    message: `The page could not be turned into a valid family (${c.code}: ${c.detail}); nothing was written for it.`,
    hint: 'Fix the page at this position and import it again; the other pages were written.',
  }),
  'import-link-kept': (c: { link: string; reason: string }) => ({
    message: `The link ${q(c.link)} is malformed (${c.reason}); it was kept as the page wrote it and listed in handbook.keptLinks.`,
    hint: 'Fix the link in the YAML and remove it from handbook.keptLinks; until then validate reports it as a warning.',
  }),
  'import-grade-added': (c: { grade: number; file: string }) => ({
    message: `Grade ${c.grade} is not in the standard grade table; it was added to ${c.file} for this page.`,
    hint: `Give grade ${c.grade} its label and link in ${c.file} (it reads "Grade ${c.grade}" for now).`,
  }),
  'import-would-replace': (c: { file: string }) => ({
    message: `${c.file} exists with other content; it was not replaced.`,
    hint: 'Move or remove that file, import into another folder, or run the import again with --force to replace it.',
  }),
  'import-front-matter': (c: { detail: string }) => ({
    message: `The page's front matter is not valid YAML (${c.detail}); the page was not imported.`,
    hint: 'Fix the front matter at this line (a quote left open, a key without a value) and import the page again.',
  }),
  'import-renamed': (c: { slug: string; other: string }) => ({
    message: `Another imported page is also named ${q(c.slug)}; this family was named ${q(c.other)} after its folders, since pages and PDFs are named by slug.`,
    hint: 'Nothing to do; rename the YAML file if you prefer another name.',
  }),
  // Offer-packet PDFs (jobfam pdf), located at the family file (and the level, when known).
  'pdf-render-failed': (c: { what: string; reason: string }) => ({
    message: `The offer packet for ${c.what} was not rendered: ${c.reason}.`,
    hint: 'Run `jobfam pdf` again (unchanged PDFs are skipped); if it fails every time, check that Chromium starts (PUPPETEER_EXECUTABLE_PATH, pdf.browser in _config.yml).',
  }),
  'pdf-interrupted': (c: { signal: string; left: number }) => ({
    message: `Stopped by ${c.signal} with ${c.left} offer packets not rendered; nothing was published, the output folder is as it was.`,
    hint: 'Run the command again; PDFs that are up to date in the output folder are reused.',
  }),
  'pdf-date-fallback': (c: { epoch: string }) => ({
    message: `Neither SOURCE_DATE_EPOCH nor a git commit of this file gives a date, so its offer packets are dated ${c.epoch}.`,
    hint: 'Commit the file, or set SOURCE_DATE_EPOCH (seconds since 1970) for reproducible dates.',
  }),
  'pdf-no-levels': (c: { title: string }) => ({
    message: `${q(c.title)} has no levels, so it has no offer packet; its handbook page and catalog entry are published.`,
    hint: 'Nothing to do, unless the role should be offered: then give the family a level (and its grade).',
  }),
  'pdf-config-missing': (c: { dir: string }) => ({
    message: `${c.dir}/_config.yml is missing, so offer packets name no company and keep relative links as written.`,
    hint: 'Add _config.yml with `company:` and `handbookUrl:`.',
  }),
  // Openings (_openings.yml) and the job-board block of _config.yml.
  'opening-family-unknown': (c: { family: string; known: string[] }) => ({
    message: `No family has the slug ${q(c.family)}.`,
    hint: `Name a family by its file name without .yml: ${c.known.join(', ')}.`,
  }),
  'opening-level-unknown': (c: { kind: 'level' | 'specialty'; id: string; family: string; known: string[] }) => ({
    message: `The family ${q(c.family)} has no ${c.kind} ${q(c.id)}.`,
    hint: c.known.length > 0 ? `Use one of: ${c.known.join(', ')}.` : `The family has no ${c.kind === 'level' ? 'levels' : 'specialties'}; open a ${c.kind === 'level' ? 'specialty' : 'level'} instead.`,
  }),
  'opening-target': (c: { found: 'both' | 'neither' }) => ({
    message: c.found === 'both' ? 'The opening names both a level and a specialty.' : 'The opening names neither a level nor a specialty.',
    hint: 'Give exactly one of `level:` or `specialty:`.',
  }),
  'opening-place': (c: { found: 'both' | 'neither' }) => ({
    message:
      c.found === 'both'
        ? 'The opening lists offices and is also marked remote; a fully remote job has no office, a hybrid one is not remote.'
        : 'The opening says neither where the job is based nor that it is remote.',
    hint: 'Give exactly one of `offices: [id, ...]` or `remote: { countries: [..] }`.',
  }),
  'opening-office-unknown': (c: { office: string; known: string[] }) => ({
    message: `There is no office ${q(c.office)} in jobBoard.offices of _config.yml.`,
    hint: c.known.length > 0 ? `Use one of: ${c.known.join(', ')}; or add the office to _config.yml.` : 'Add the office to jobBoard.offices in _config.yml, or make the opening remote.',
  }),
  'opening-date': (c: { value: string }) => ({
    message: `${q(c.value)} is not a date of the calendar.`,
    hint: 'Write a real day as YYYY-MM-DD.',
  }),
  'opening-valid-through': (c: { validThrough: string; datePosted: string }) => ({
    message: `validThrough ${c.validThrough} is not after datePosted ${c.datePosted}.`,
    hint: 'Set validThrough to a later day than datePosted, or remove it when the opening has no end date.',
  }),
  'opening-expired': (c: { validThrough: string; today: string }) => ({
    message: `The opening expired on ${c.validThrough} (today is ${c.today}); it gets no posting and no feed entry.`,
    hint: 'Remove the entry from _openings.yml, or extend validThrough if the vacancy is still open.',
  }),
  'opening-requisition-duplicate': (c: { id: string; firstLine: number }) => ({
    message: `The requisition id ${q(c.id)} is already used on line ${c.firstLine}.`,
    hint: 'Every opening needs its own requisition id; it names the posting page and never changes.',
  }),
  'opening-title-grade': (c: { title: string; grade: number }) => ({
    message: `The title ${q(c.title)} contains its grade (${c.grade}); job boards want the job's title only, with no codes.`,
    hint: 'Take the grade out of the level or specialty title in the family file; the posting shows the grade on its own.',
  }),
  'opening-config-missing': (c: { what: string }) => ({
    message: `Openings need ${c.what} in _config.yml.`,
    hint: 'Add the `jobBoard:` block to _config.yml (see config.schema.json), or remove the openings.',
  }),
  'opening-remote-countries': (_: object) => ({
    message: 'The remote opening names no countries applicants may live in, and _config.yml has no jobBoard.remoteCountries.',
    hint: 'Add `countries: [US, ...]` to `remote:`, or jobBoard.remoteCountries to _config.yml.',
  }),
  'opening-salary-range': (c: { min: number; max: number }) => ({
    message: `The salary band goes from ${c.min} down to ${c.max}.`,
    hint: 'Swap min and max.',
  }),
  // Pay bands (_compensation.yml) and the pay-transparency check of openings (issue 14).
  'compensation-band-range': (c: { grade: number; min: number; max: number }) => ({
    message: `The band of grade ${c.grade} goes from ${c.min} to ${c.max}; its minimum must be below its maximum.`,
    hint: 'Correct min or max (swap them if they are upside down).',
  }),
  'compensation-band-duplicate': (c: { grade: number }) => ({
    message: `Grade ${c.grade} has a second band in this list.`,
    hint: 'Keep one band per grade.',
  }),
  'compensation-band-missing': (c: { grade: number; levels: string[]; zone: string | null }) => ({
    message: `Grade ${c.grade} has no band${c.zone ? ` in zone ${q(c.zone)}` : ''}, yet ${c.levels.join(', ')} ${c.levels.length === 1 ? 'is' : 'are'} at that grade.`,
    hint: `Add \`{ grade: ${c.grade}, min: ..., max: ... }\` to this list.`,
  }),
  'compensation-zone-duplicate': (c: { id: string }) => ({
    message: `The zone id ${q(c.id)} is used twice.`,
    hint: 'Give every zone its own id.',
  }),
  'compensation-zone-kind': (c: { id: string; found: 'both' | 'neither' }) => ({
    message: c.found === 'both' ? `Zone ${q(c.id)} has a factor and bands of its own.` : `Zone ${q(c.id)} has neither a factor nor bands of its own.`,
    hint: 'Give a zone either `factor:` (it scales the reference bands) or `bands:` (with `currency:` when it pays in another currency).',
  }),
  'compensation-zone-currency': (c: { id: string; currency: string; reference: string }) => ({
    message: `Zone ${q(c.id)} scales the ${c.reference} reference bands but says its currency is ${c.currency}; jobfam converts no currencies.`,
    hint: `Give the zone bands of its own in ${c.currency} instead of a factor, or remove \`currency:\`.`,
  }),
  'compensation-place-twice': (c: { place: string; zone: string; other: string }) => ({
    message: `${c.place} is claimed by zone ${q(c.zone)} and by zone ${q(c.other)}; a place belongs to one zone.`,
    hint: 'Remove the place from one of the two zones (a more specific place, such as US-NY-NYC inside US, may sit in another zone).',
  }),
  'compensation-family-unknown': (c: { family: string; known: string[] }) => ({
    message: `No family has the slug ${q(c.family)}.`,
    hint: `Name a family by its file name without .yml: ${c.known.join(', ')}.`,
  }),
  'pay-transparency': (c: { jurisdiction: string; citation: string; since: string; requirement: string; problem: string; fix: string }) => ({
    message: `${c.jurisdiction} (${c.citation}, in force since ${c.since}) requires ${c.requirement}: ${c.problem}.`,
    hint: c.fix,
  }),
  'pay-transparency-upcoming': (c: { jurisdiction: string; citation: string; since: string; requirement: string; problem: string; fix: string }) => ({
    message: `From ${c.since}, ${c.jurisdiction} (${c.citation}) requires ${c.requirement}: ${c.problem}.`,
    hint: `${c.fix} Do it before ${c.since}.`,
  }),
  'pay-remote-exclusion': (c: { jurisdiction: string; citation: string; places: string }) => ({
    message: `The remote opening is open to ${c.places} but not to ${c.jurisdiction}; ${c.jurisdiction} (${c.citation}) does not allow excluding its residents from remote jobs.`,
    hint: `Open the job to ${c.jurisdiction} too (add it to remote.places, or open it to the whole country).`,
  }),
  'pay-rule-incomplete': (c: { id: string; missing: string[] }) => ({
    message: `The pay-transparency rule ${q(c.id)} is not one jobfam ships, and it lacks ${c.missing.join(', ')}.`,
    hint: 'A new rule needs jurisdiction, places, citation, effective and requires; to change a shipped rule, use its id (see README, "Pay transparency").',
  }),
  'apply-template-placeholder': (c: { placeholder: string; allowed: readonly string[] }) => ({
    message: `The apply URL template uses {${c.placeholder}}, which jobfam does not fill in.`,
    hint: `Use only ${c.allowed.map((p) => `{${p}}`).join(', ')}.`,
  }),
  'policy-section-missing': (c: { section: string; key: string; missingIn: string[] }) => ({
    message: `The family has no ${c.section} section: none family-wide${c.missingIn.length > 0 ? `, and ${c.missingIn.map((l) => q(l)).join(', ')} ${c.missingIn.length === 1 ? 'has' : 'have'} none of their own` : ''}.`,
    hint: `Add \`${c.key}:\` to the family; the house rules in _config.yml (policy.requiredSections) ask every family for it.`,
  }),
  'policy-requirement-missing': (c: { requirement: string; owner: 'level' | 'specialty'; title: string }) => ({
    message: `The ${c.owner} ${q(c.title)} does not list the requirement ${q(c.requirement)} (own, family-wide or inherited).`,
    hint: `Add "- ${c.requirement}" to its requirements or to the family's, or inherit it with extends.requirements (policy.requiredRequirements).`,
  }),
  'policy-forbidden-phrase': (c: { found: string; why: string }) => ({
    message: `${q(c.found)} is a forbidden phrase in these job families.`,
    hint: c.why,
  }),
  'language-insensitive': (c: { word: string; suggestions: string[]; rule: string }) => ({
    message: `${q(c.word)} may be insensitive or not neutral (retext-equality: ${c.rule}).`,
    hint: c.suggestions.length > 0 ? `Consider ${c.suggestions.map((w) => q(w)).join(', ')}; or exempt it with a reason in _config.yml.` : 'Rephrase; or exempt it with a reason in _config.yml.',
  }),
  'language-gendered-title': (c: { word: string; title: string; suggestions: string[] }) => ({
    message: `The job title ${q(c.title)} is not gender-neutral: ${q(c.word)}.`,
    hint: `${c.suggestions.length > 0 ? `Use ${c.suggestions.map((w) => q(w)).join(' or ')}` : 'Use a neutral title'}: the EU Pay Transparency Directive (2023/970) requires gender-neutral job titles.`,
  }),
  'language-coded-word': (c: { word: string; stem: string; coding: 'masculine' | 'feminine' }) => ({
    message: `${q(c.word)} is a ${c.coding}-coded word (stem ${q(c.stem)}; Gaucher, Friesen & Kay 2011).`,
    hint: 'It counts toward the family verdict; use a neutral word, or keep it where it is the job and exempt it with a reason in _config.yml.',
  }),
  'language-gender-coded': (c: { masculine: number; feminine: number; verdict: string }) => ({
    message: `Gender-coded wording: ${c.masculine} masculine-coded and ${c.feminine} feminine-coded words; the family reads ${c.verdict}.`,
    hint:
      c.verdict === 'neutral'
        ? 'Nothing to do.'
        : 'Replace some coded words with neutral ones (`jobfam validate --notes` lists them, as do the CI reports), or exempt them with a reason in _config.yml.',
  }),
  'language-exemption-stale': (c: { family: string; term: string }) => ({
    message: `The exemption of ${q(c.term)} for ${q(c.family)} silences nothing.`,
    hint: 'Remove it from language.exemptions in _config.yml: the wording it excused is gone (or the family was renamed).',
  }),
} satisfies Record<string, Entry<never>>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
type ContextOf<K extends DiagnosticCode> = Parameters<(typeof DIAGNOSTICS)[K]>[0];

export interface Location {
  file: string;
  line: number;
  column: number;
  pointer?: string;
}

export function diagnostic<K extends DiagnosticCode>(
  code: K,
  at: Location,
  context: ContextOf<K>,
  severity: Severity = 'error',
): Diagnostic {
  const entry = DIAGNOSTICS[code] as Entry<ContextOf<K>>;
  return { code, severity, ...at, ...entry(context) };
}

/** `path:line:column  severity  code  message` and an indented hint, as editors and CI logs expect. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.code}  ${d.message}\n  hint: ${d.hint}`;
}

export function byLocation(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}

/** Thrown for failures that are not about the user's data (a missing template, an unwritable folder). */
export class PipelineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PipelineError';
  }
}
