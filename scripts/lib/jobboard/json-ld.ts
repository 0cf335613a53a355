// schema.org JobPosting for one posting, built as a typed object (never in a template) from the same
// Posting the page shows. Pure. Rules from Google's job-posting guidelines (../shared/docs/job-board.md):
// jobLocation with addressCountry for office jobs; jobLocationType TELECOMMUTE together with
// applicantLocationRequirements for fully remote ones, never one without the other; baseSalary only
// when published; validThrough only when the opening has an end date.
import { placeName } from '../pay/places.ts';
import type { AdministrativeArea, JobPosting, MonetaryAmount, Place, WithContext } from 'schema-dts';
import type { Posting } from '../model/handbook.ts';
import { descriptionHtml } from './plan-postings.ts';

function placeOf(office: Posting['offices'][number]): Place {
  const { streetAddress, addressLocality, addressRegion, postalCode, addressCountry } = office.address;
  return {
    '@type': 'Place',
    name: office.name,
    address: {
      '@type': 'PostalAddress',
      ...(streetAddress !== undefined && { streetAddress }),
      addressLocality,
      ...(addressRegion !== undefined && { addressRegion }),
      ...(postalCode !== undefined && { postalCode }),
      addressCountry,
    },
  };
}

/** A place applicants may live in: a country, a state or province, or (US-NY-NYC) another administrative area. */
function areaOf(place: string): AdministrativeArea {
  const type = /^[A-Z]{2}$/.test(place) ? 'Country' : /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(place) ? 'State' : 'AdministrativeArea';
  return { '@type': type, name: placeName(place) } as AdministrativeArea;
}

export function jobPostingJsonLd(posting: Posting): WithContext<JobPosting> {
  const where: Partial<JobPosting> = posting.remotePlaces
    ? { jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: posting.remotePlaces.map(areaOf) }
    : { jobLocation: posting.offices.map(placeOf) };
  const salary: MonetaryAmount | undefined = posting.salary
    ? {
        '@type': 'MonetaryAmount',
        currency: posting.salary.currency,
        value: { '@type': 'QuantitativeValue', minValue: posting.salary.min, maxValue: posting.salary.max, unitText: posting.salary.unitText },
      }
    : undefined;
  const [firstType, ...moreTypes] = posting.employmentTypes;
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: posting.title,
    description: descriptionHtml(posting),
    identifier: { '@type': 'PropertyValue', name: posting.company.name, value: posting.requisitionId },
    datePosted: posting.datePosted,
    ...(posting.validThrough !== null && { validThrough: posting.validThrough }),
    employmentType: moreTypes.length === 0 ? firstType! : posting.employmentTypes,
    hiringOrganization: {
      '@type': 'Organization',
      name: posting.company.name,
      ...(posting.company.url !== null && { sameAs: posting.company.url }),
      ...(posting.company.logo !== null && { logo: posting.company.logo }),
    },
    ...where,
    ...(salary && { baseSalary: salary }),
    ...(posting.benefits !== null && { jobBenefits: posting.benefits }),
    directApply: posting.directApply,
    url: posting.url,
  };
}
