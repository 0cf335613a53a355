// The catalog → OUT/index.html and one page per family under OUT/families/. Pure: returns Output[].
// Family pages carry schema.org Occupation JSON-LD (an occupation, not a vacancy: never JobPosting).
// The filter script enhances a page that already lists everything; without JavaScript the whole
// catalog is there and the filter box stays hidden.
import path from 'node:path';
import type { Occupation, WithContext } from 'schema-dts';
import { plainText } from '../markdown/plain.ts';
import { webInlineHtml, webItemsHtml } from '../markdown/web.ts';
import { dateLabel, pageHead, STYLE_ASSET } from '../html/page.ts';
import { scriptSafeJson } from '../html/serialize.ts';
import type { HtmlTemplates } from '../html/templates.ts';
import type { Output } from '../types.ts';
import { entryLines, type Catalog, type CatalogEntry, type CatalogFamily, type CatalogPosting } from './plan-catalog.ts';

export const SITE_FOLDERS = ['families'] as const;
export const SITE_FILES = ['index.html'] as const;
export const FILTER_SCRIPT = 'site/filter.js';

/** A link from the page at `from` to the file at `to`, both relative to OUT. */
const linkFrom = (from: string) => (to: string) => path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function gradeView(entry: Pick<CatalogEntry, 'grade' | 'gradeLabel' | 'band'>) {
  return { grade: entry.grade === null ? null : `Grade ${entry.grade}`, gradeLabel: entry.gradeLabel, band: entry.band };
}

function postingView(posting: CatalogPosting, href: (to: string) => string) {
  return { ...posting, href: href(posting.path), datePostedLabel: dateLabel(posting.datePosted) };
}

function entryRow(family: CatalogFamily, entry: CatalogEntry, href: (to: string) => string, onFamilyPage: boolean) {
  return {
    title: entry.title,
    kind: entry.kind === 'specialty' ? 'Specialty' : null,
    href: onFamilyPage ? `#${entry.anchor}` : `${href(family.page)}#${entry.anchor}`,
    ...gradeView(entry),
    pdf: entry.pdf && { label: entry.pdf.label, href: href(entry.pdf.path) },
    postings: entry.postings.map((p) => postingView(p, href)),
    search: entry.search,
  };
}

export function occupationsJsonLd(family: CatalogFamily, catalog: Catalog): WithContext<Occupation>[] {
  return family.entries.map((entry) => {
    const lines = entryLines(entry);
    const description = entry.intro ?? family.intro ?? family.summary;
    return {
      '@context': 'https://schema.org',
      '@type': 'Occupation',
      name: entry.title,
      ...(description && { description: plainText(description) }),
      identifier: `${family.slug}/${entry.id}`,
      ...(catalog.siteUrl !== null && { url: `${catalog.siteUrl}/${family.page}#${entry.anchor}` }),
      ...(lines.responsibilities.length > 0 && { responsibilities: lines.responsibilities }),
      ...(lines.requirements.length > 0 && { qualifications: lines.requirements }),
    };
  });
}

function footer(catalog: Catalog, today: string) {
  return { company: catalog.company, generated: dateLabel(today) };
}

function renderIndex(catalog: Catalog, templates: HtmlTemplates, today: string): string {
  const page = 'index.html';
  const href = linkFrom(page);
  const script = templates.asset(FILTER_SCRIPT);
  return templates.render('index.html.hbs', {
    page: pageHead(
      {
        title: `Job families · ${catalog.company}`,
        style: templates.asset(STYLE_ASSET),
        jsonLd: null,
        company: catalog.company,
        catalogHref: href('index.html'),
        where: 'Recruiting catalog',
      },
      [script],
    ),
    script,
    catalog: {
      heading: catalog.company ? `Job families at ${catalog.company}` : 'Job families',
      stats: [
        { value: catalog.families.length, label: catalog.families.length === 1 ? 'job family' : 'job families' },
        { value: catalog.levels, label: catalog.levels === 1 ? 'level or specialty' : 'levels and specialties' },
        { value: catalog.postings.length, label: catalog.postings.length === 1 ? 'open position' : 'open positions' },
        { value: catalog.departments.length, label: catalog.departments.length === 1 ? 'department' : 'departments' },
      ],
      total: catalog.levels,
      postings: catalog.postings.map((p) => postingView(p, href)),
      evidence: catalog.evidence && { label: catalog.evidence.label, href: href(catalog.evidence.path) },
      families: catalog.families.map((family) => ({
        title: family.title,
        href: href(family.page),
        department: family.department,
        summary: family.summary,
        handbook: family.handbook && { label: family.handbook.label, href: href(family.handbook.path) },
        openings: family.openings > 0 ? plural(family.openings, 'open position') : null,
        rows: family.entries.map((entry) => entryRow(family, entry, href, false)),
      })),
    },
    footer: footer(catalog, today),
  });
}

function renderFamilyPage(family: CatalogFamily, catalog: Catalog, templates: HtmlTemplates, today: string): string {
  const href = linkFrom(family.page);
  const base = catalog.handbookUrl;
  return templates.render('family.html.hbs', {
    page: pageHead({
      title: `${family.title} · Job family · ${catalog.company}`,
      style: templates.asset(STYLE_ASSET),
      jsonLd: scriptSafeJson(occupationsJsonLd(family, catalog), 2),
      company: catalog.company,
      catalogHref: href('index.html'),
      where: family.department,
    }),
    family: {
      title: family.title,
      department: family.department,
      // Built and escaped in code (inline markdown of the family text), inserted with triple braces.
      introHtml: family.intro === null ? null : webInlineHtml(family.intro, base),
      summary: family.intro === null ? family.summary : null,
      handbook: family.handbook && { label: family.handbook.label, href: href(family.handbook.path) },
      catalogHref: href('index.html'),
      rows: family.entries.map((entry) => entryRow(family, entry, href, true)),
      entries: family.entries.map((entry) => ({
        anchor: entry.anchor,
        title: entry.title,
        kind: entry.kind === 'specialty' ? 'Specialty' : 'Level',
        ...gradeView(entry),
        reportsToHtml: entry.reportsTo === null ? null : webInlineHtml(entry.reportsTo, base),
        introHtml: entry.intro === null ? null : webInlineHtml(entry.intro, base),
        pdf: entry.pdf && { label: entry.pdf.label, href: href(entry.pdf.path) },
        postings: entry.postings.map((p) => postingView(p, href)),
        responsibilitiesHtml: entry.resolved.responsibilities.length > 0 ? webItemsHtml(entry.resolved.responsibilities, base) : null,
        requirementsHtml: entry.resolved.requirements.length > 0 ? webItemsHtml(entry.resolved.requirements, base) : null,
      })),
    },
    footer: footer(catalog, today),
  });
}

/** The index and the page of every family `renders` picks (all by default: the build picks the ones it does not reuse). */
export function renderSite(catalog: Catalog, templates: HtmlTemplates, today: string, renders: (family: CatalogFamily) => boolean = () => true): Output[] {
  return [...siteOutputs(catalog, templates, today, renders)];
}

/** renderSite one page at a time, the index first: each is rendered only when the caller asks for
 *  the next, so a caller that writes each before asking holds one page, not the catalog's thousands. */
export function* siteOutputs(catalog: Catalog, templates: HtmlTemplates, today: string, renders: (family: CatalogFamily) => boolean = () => true): Generator<Output> {
  yield { path: 'index.html', content: renderIndex(catalog, templates, today) };
  for (const family of catalog.families) if (renders(family)) yield { path: family.page, content: renderFamilyPage(family, catalog, templates, today) };
}
