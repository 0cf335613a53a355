// What every HTML page of the job board and the catalog shares: the head (title, CSP, style, JSON-LD)
// and the bar, and how a date reads. Both jobboard/ and site/ sit above this. Pure.
import { contentSecurityPolicy } from './serialize.ts';

export const STYLE_ASSET = 'jobboard/style.css';

// One formatter for every call: creating an Intl.DateTimeFormat costs far more than formatting with
// one, and the catalog formats a date on each of its thousands of pages.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-11-16" → "16 November 2026", computed in UTC so the day never shifts. */
export function dateLabel(date: string): string {
  return DATE_FORMAT.format(new Date(`${date}T00:00:00Z`));
}

/** The fields every HTML page's head and bar need. */
export interface PageHead {
  title: string;
  csp: string;
  style: string;
  /** Serialised JSON-LD, or null for a page that carries none. */
  jsonLd: string | null;
  company: string;
  /** What the bar at the top of every page says. */
  brand: string;
  catalogHref: string;
  where: string;
}

export function pageHead(fields: Omit<PageHead, 'csp' | 'brand'>, scripts: readonly string[] = []): PageHead {
  return {
    ...fields,
    brand: fields.company ? `${fields.company} · Job families` : 'Job families',
    csp: contentSecurityPolicy({ styles: [fields.style], scripts }),
  };
}

