// The pay-bands page: _compensation.yml as a handbook page (<targetDir>/_pay-bands.md), and the same
// page read back into bands. The bot publishes it like a family page and reads the published one back
// to say which bands changed, so the two functions here must stay each other's inverse. Pure.
import type { Grade } from '../types.ts';
import type { Band, Compensation, Zone } from '../pay/compensation.ts';
import type { MarkdownTemplates } from './templates.ts';
import { formatAmount } from '../pay/format-amount.ts';

/** A table cell: one line, pipes escaped (labels come from data). */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** The view the logic-less template renders: every value already a string. */
export function payBandsView(compensation: Compensation, grades: readonly Grade[]) {
  const labelOf = (grade: number) => cell(grades.find((g) => g.grade === grade)?.label ?? '');
  const bandRows = (bands: readonly Band[], currency: string) =>
    [...bands].sort((a, b) => a.grade - b.grade).map((b) => ({ grade: String(b.grade), label: labelOf(b.grade), min: formatAmount(b.min), max: formatAmount(b.max), currency: cell(currency) }));
  const zones = compensation.zones ?? [];
  const families = Object.entries(compensation.families ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    currency: cell(compensation.currency),
    unitText: cell(compensation.unitText),
    bands: bandRows(compensation.bands, compensation.currency),
    hasZones: zones.length > 0,
    zones: zones.map((z) => ({
      id: cell(z.id),
      label: cell(z.label ?? ''),
      places: cell(z.places.join(', ')),
      factor: z.bands ? 'own bands' : String(z.factor ?? 1),
      currency: cell(z.currency ?? compensation.currency),
    })),
    zoneBands: zones.filter((z) => z.bands).map((z) => ({ id: cell(z.id), bands: bandRows(z.bands!, z.currency ?? compensation.currency) })),
    hasFamilies: families.length > 0,
    families: families.map(([slug, { factor }]) => ({ slug: cell(slug), factor: String(factor) })),
  };
}

export function renderPayBandsPage(templates: MarkdownTemplates, compensation: Compensation, grades: readonly Grade[]): string {
  if (!templates.payBands) throw new Error('templates/handbook/pay-bands.md.hbs is missing');
  return templates.payBands(payBandsView(compensation, grades));
}

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
const numberOf = (text: string | undefined) => (text === undefined ? NaN : Number(text.replace(/,/g, '')));

/**
 * The bands a published pay-bands page shows, or null when the page is not one (absent, or edited
 * past recognition): then every band reads as new.
 */
export function readPayBandsPage(text: string | null | undefined): Compensation | null {
  if (typeof text !== 'string') return null;
  const head = /\*\*Currency:\*\* ([^.\s]+)\. \*\*Unit:\*\* ([A-Z]+)\./.exec(text);
  if (!head) return null;
  const compensation: Compensation = { currency: head[1]!, unitText: head[2] as Compensation['unitText'], bands: [] };
  const zones: Zone[] = [];
  const families: Record<string, { factor: number }> = {};
  let section: { kind: 'bands'; into: Band[] } | { kind: 'zones' } | { kind: 'families' } | null = null;
  for (const line of text.split('\n')) {
    const heading = /^(##+) (.+)$/.exec(line);
    if (heading) {
      const title = heading[2]!.trim();
      const zone = /^Zone (.+)$/.exec(title);
      if (title === 'Reference bands') section = { kind: 'bands', into: compensation.bands };
      else if (title === 'Zones') section = { kind: 'zones' };
      else if (title === 'Family factors') section = { kind: 'families' };
      else if (zone && heading[1] === '###') {
        const found = zones.find((z) => z.id === zone[1]);
        section = found ? { kind: 'bands', into: (found.bands ??= []) } : null;
      } else section = null;
      continue;
    }
    if (!section || !line.startsWith('|') || /^\|\s*(---|Grade\b|Zone\b|Family\b)/.test(line)) continue;
    const cells = cellsOf(line);
    if (section.kind === 'bands') {
      const [grade, min, max] = [numberOf(cells[0]), numberOf(cells[2]), numberOf(cells[3])];
      if ([grade, min, max].every(Number.isFinite)) section.into.push({ grade, min, max });
    } else if (section.kind === 'zones') {
      const [id, label, places, factor, currency] = cells;
      if (!id) continue;
      const zone: Zone = { id, ...(label ? { label } : {}), places: (places ?? '').split(',').map((p) => p.trim()).filter(Boolean) };
      if (factor === 'own bands') Object.assign(zone, { currency, bands: [] });
      else zone.factor = numberOf(factor);
      zones.push(zone);
    } else if (cells[0] && Number.isFinite(numberOf(cells[1]))) families[cells[0]] = { factor: numberOf(cells[1]) };
  }
  if (zones.length > 0) compensation.zones = zones;
  if (Object.keys(families).length > 0) compensation.families = families;
  return compensation;
}
