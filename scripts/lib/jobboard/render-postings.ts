// Postings → files under jobs/: one HTML page each (with its JobPosting JSON-LD), postings.json, the
// Indeed XML feed and sitemap.xml. Pure: returns Output[]. Every file lists exactly the postings
// given, so a level without an opening (or with an expired one) is in none of them.
import type { Output } from '../types.ts';
import { cdata, escapeXml, scriptSafeJson } from '../html/serialize.ts';
import { dateLabel, pageHead, STYLE_ASSET } from '../html/page.ts';
import { jobPostingJsonLd } from './json-ld.ts';
import type { Posting } from '../model/handbook.ts';
import { locationLabel } from '../model/postings.ts';
import { descriptionHtml, employmentLabel, salaryLabel } from './plan-postings.ts';
import type { HtmlTemplates } from '../html/templates.ts';

export const JOBS_FOLDER = 'jobs';
function renderPostingPage(posting: Posting, templates: HtmlTemplates): string {
  const style = templates.asset(STYLE_ASSET);
  return templates.render('posting.html.hbs', {
    page: pageHead({
      title: `${posting.title} · ${posting.company.name}`,
      style,
      jsonLd: scriptSafeJson(jobPostingJsonLd(posting), 2),
      company: posting.company.name,
      catalogHref: '../index.html',
      where: 'Open position',
    }),
    posting: {
      title: posting.title,
      url: posting.url,
      requisitionId: posting.requisitionId,
      department: posting.family.department,
      familyTitle: posting.family.title,
      familyHref: `../families/${posting.family.slug}.html`,
      company: posting.company.name,
      location: locationLabel(posting),
      employment: employmentLabel(posting),
      datePosted: posting.datePosted,
      datePostedLabel: dateLabel(posting.datePosted),
      validThrough: posting.validThrough,
      validThroughLabel: posting.validThrough === null ? null : dateLabel(posting.validThrough),
      grade: posting.grade === null ? null : `${posting.grade}${posting.gradeLabel ? ` (${posting.gradeLabel})` : ''}`,
      // Pay belongs beside location and grade, where a candidate looks first; the ranges by zone follow below.
      salary: posting.salary === null ? null : `${salaryLabel(posting.salary)}${posting.payRanges.length > 1 ? ' (by location below)' : ''}`,
      applyUrl: posting.applyUrl,
      descriptionHtml: descriptionHtml(posting),
    },
  });
}

/** postings.json: our own feed shape, one object per posting, no additional keys. */
export function postingsFeed(postings: readonly Posting[]) {
  return {
    postings: postings.map((p) => ({
      requisitionId: p.requisitionId,
      title: p.title,
      url: p.url,
      applyUrl: p.applyUrl,
      directApply: p.directApply,
      family: p.family.slug,
      [p.target.kind]: p.target.id,
      department: p.family.department,
      grade: p.grade,
      datePosted: p.datePosted,
      validThrough: p.validThrough,
      employmentType: p.employmentTypes,
      workplace: p.remoteCountries ? 'remote' : 'on-site',
      locations: p.offices.map((o) => ({ office: o.id, name: o.name, address: o.address })),
      applicantCountries: p.remoteCountries,
      salary: p.salary,
      description: descriptionHtml(p),
    })),
  };
}

const element = (name: string, content: string) => `    <${name}>${cdata(content)}</${name}>`;

/** One Indeed `<job>` per posting and location: an office job per office, a remote one per eligible country. */
function indeedJobs(posting: Posting): string[] {
  const places = posting.remoteCountries
    ? posting.remoteCountries.map((country) => ({ ref: `${posting.requisitionId}-remote-${country}`, country, city: null, state: null, postal: null, street: null }))
    : posting.offices.map((o) => ({
        ref: `${posting.requisitionId}-${o.id}`,
        country: o.address.addressCountry,
        city: o.address.addressLocality,
        state: o.address.addressRegion ?? null,
        postal: o.address.postalCode ?? null,
        street: o.address.streetAddress ?? null,
      }));
  return places.map((place) =>
    [
      '  <job>',
      element('title', posting.title),
      element('date', posting.datePosted),
      element('referencenumber', place.ref),
      element('requisitionid', posting.requisitionId),
      element('url', posting.url),
      element('company', posting.company.name),
      element('sourcename', posting.company.name),
      ...(place.street ? [element('streetaddress', place.street)] : []),
      ...(place.city ? [element('city', place.city)] : []),
      ...(place.state ? [element('state', place.state)] : []),
      ...(place.postal ? [element('postalcode', place.postal)] : []),
      element('country', place.country),
      ...(posting.remoteCountries ? [element('remotetype', 'Fully remote')] : []),
      element('description', descriptionHtml(posting)),
      ...(posting.salary ? [element('salary', salaryLabel(posting.salary))] : []),
      element('jobtype', employmentLabel(posting).toLowerCase()),
      element('category', posting.family.title),
      ...(posting.validThrough ? [element('expirationdate', posting.validThrough)] : []),
      '  </job>',
    ].join('\n'),
  );
}

export function indeedFeed(postings: readonly Posting[], site: { company: string; siteUrl: string; today: string }): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<source>',
    `  <publisher>${cdata(site.company)}</publisher>`,
    `  <publisherurl>${cdata(site.siteUrl)}</publisherurl>`,
    `  <lastBuildDate>${cdata(site.today)}</lastBuildDate>`,
    ...postings.flatMap(indeedJobs),
    '</source>',
    '',
  ].join('\n');
}

export function sitemap(postings: readonly Posting[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...postings.map((p) => `  <url><loc>${escapeXml(p.url)}</loc><lastmod>${escapeXml(p.datePosted)}</lastmod></url>`),
    '</urlset>',
    '',
  ].join('\n');
}

export function renderPostings(
  postings: readonly Posting[],
  templates: HtmlTemplates,
  site: { company: string; siteUrl: string; today: string },
  /** Which postings get their page rendered (all by default; the build keeps those of families it reuses). The feeds list all. */
  renders: (posting: Posting) => boolean = () => true,
): Output[] {
  return [...postingOutputs(postings, templates, site, renders)];
}

/** renderPostings one file at a time (the pages, then the feeds), rendered as the caller asks for the next. */
export function* postingOutputs(
  postings: readonly Posting[],
  templates: HtmlTemplates,
  site: { company: string; siteUrl: string; today: string },
  renders: (posting: Posting) => boolean = () => true,
): Generator<Output> {
  for (const posting of postings) if (renders(posting)) yield { path: posting.path, content: renderPostingPage(posting, templates) };
  yield { path: `${JOBS_FOLDER}/postings.json`, content: `${scriptSafeJson(postingsFeed(postings), 2)}\n` };
  yield { path: `${JOBS_FOLDER}/indeed.xml`, content: indeedFeed(postings, site) };
  yield { path: `${JOBS_FOLDER}/sitemap.xml`, content: sitemap(postings) };
}
