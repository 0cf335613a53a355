// Types of generate-country-names.mjs (plain JavaScript, run with node; the test reads the table it makes).
export function countryNames(): Record<string, string>;
export function countryNamesSource(table?: Record<string, string>): string;
