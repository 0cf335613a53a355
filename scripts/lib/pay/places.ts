// Places as pay-transparency laws and pay zones name them: ISO 3166-1 countries ("US"), ISO 3166-2
// subdivisions ("US-CO", "CA-ON") and the few cities a law covers on its own ("US-NY-NYC"). A code
// contains every longer code it prefixes, segment by segment. Pure.
import { COUNTRY_NAMES } from './country-names.ts';

/** A place code; validated by the schemas' pattern. */
export type Place = string;

/** True when `inner` is `outer` or lies inside it (US contains US-NY and US-NY-NYC). */
export function placeContains(outer: Place, inner: Place): boolean {
  return inner === outer || inner.startsWith(`${outer}-`);
}

/** Do the two places share ground (one contains the other)? */
export const placesOverlap = (a: Place, b: Place) => placeContains(a, b) || placeContains(b, a);

/** What a New York City address gives as its locality: the city or one of its five boroughs. */
const NEW_YORK_CITY = new Set(['new york', 'new york city', 'nyc', 'manhattan', 'brooklyn', 'queens', 'bronx', 'the bronx', 'staten island']);

/**
 * The office's place: its own `place`, else its country and region ("US" + "CO" → "US-CO"), and
 * "US-NY-NYC" for an address in New York City: the city has a pay-transparency law of its own, which
 * an office there must not miss because its address names the state.
 */
export function placeOfAddress(address: { addressCountry: string; addressRegion?: string | undefined; addressLocality?: string | undefined }, place?: string): Place {
  if (place) return place;
  const region = address.addressRegion?.trim().toUpperCase();
  if (!region || !/^[A-Z0-9]{1,3}$/.test(region)) return address.addressCountry;
  const locality = address.addressLocality?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (address.addressCountry === 'US' && region === 'NY' && locality !== undefined && NEW_YORK_CITY.has(locality)) return 'US-NY-NYC';
  return `${address.addressCountry}-${region}`;
}


/** Subdivisions and cities the bundled rules and zones name; other codes print as written. */
const SUBDIVISIONS: Record<string, string> = {
  'US-CA': 'California', 'US-CO': 'Colorado', 'US-DC': 'District of Columbia', 'US-HI': 'Hawaii', 'US-IL': 'Illinois',
  'US-MA': 'Massachusetts', 'US-MD': 'Maryland', 'US-MN': 'Minnesota', 'US-NJ': 'New Jersey', 'US-NY': 'New York State',
  'US-NY-NYC': 'New York City', 'US-VT': 'Vermont', 'US-WA': 'Washington', 'CA-ON': 'Ontario', 'CA-BC': 'British Columbia',
  'CA-QC': 'Quebec',
};

/** "US" → "United States", "CA-ON" → "Ontario", "US-NY-NYC" → "New York City". */
export function placeName(place: Place): string {
  if (SUBDIVISIONS[place]) return SUBDIVISIONS[place];
  if (/^[A-Z]{2}$/.test(place)) return COUNTRY_NAMES[place] ?? place;
  return place;
}

/** The country of a place. */
export const countryOf = (place: Place) => place.slice(0, 2);
