// Shared helpers for the page round-trip tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readTemplates } from '../../scripts/lib/load/read-templates.ts';
import { createMarkdownTemplates } from '../../scripts/lib/render/templates.ts';
import { type Diagnostic, type Grade } from '../../scripts/lib/types.ts';
import { familiesDir, sharedDir, templatesDir } from './paths.ts';

/** The five seed pages and the slug each is committed under in job-families/sales/. */
export const SEEDS = {
  'sales-systems-leadership': '000_02752707eb70582e.txt',
  'sales-operations': '001_1d24dc6a6c88d453.txt',
  'sales-management': '002_3304159638c7033f.txt',
  'self-service-sales': '003_849c93c08d13e1de.txt',
  'gtm-planning-and-operations': '004_9c050be0f6a6d185.txt',
} as const;
export type SeedSlug = keyof typeof SEEDS;

export const seedText = (slug: SeedSlug) => readFileSync(path.join(sharedDir, 'seeds', SEEDS[slug]), 'utf8');

export const grades: Grade[] = parse(readFileSync(path.join(familiesDir, '_grades.yml'), 'utf8')).grades;

export const templates = createMarkdownTemplates(await readTemplates(templatesDir));

/** Only trailing whitespace on lines and at the end of the file is normalised. */
export function normalise(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '')}\n`;
}

/**
 * What a page looks like after the repairs the importer reported, written independently of the
 * importer from the warning codes and lines alone, so a test can tell a reported repair from an
 * unreported change.
 */
/** Warnings that change nothing on the page. */
export const NOT_REPAIRS = new Set(['import-verbatim', 'import-no-title', 'import-renamed']);

export function applyRepairs(source: string, warnings: readonly Diagnostic[]): string {
  const lines = normalise(source).split('\n');
  const repairs = warnings.filter((w) => !NOT_REPAIRS.has(w.code)).sort((a, b) => b.line - a.line);
  for (const repair of repairs) {
    const i = repair.line - 1;
    const line = lines[i]!;
    switch (repair.code) {
      case 'import-lost-bullet': {
        const marker = /^([-*+]) /.exec(lines[i - 1] ?? '')?.[1] ?? '-';
        lines[i] = `${marker} ${line}`;
        break;
      }
      case 'import-lazy-continuation': {
        let j = i - 1;
        while (j > 0 && !/^\s*[-*+]\s/.test(lines[j]!)) j--;
        const indent = /^\s*[-*+]\s+/.exec(lines[j]!)![0].length;
        lines[i] = `${' '.repeat(indent)}${line}`;
        break;
      }
      case 'import-lazy-paragraph':
        lines.splice(i, 0, '');
        break;
      case 'import-mixed-bullets': {
        let j = i - 1;
        while (j > 0 && /^([-*+]) /.test(lines[j - 1] ?? '')) j--;
        const marker = /^([-*+]) /.exec(lines[j]!)![1]!;
        lines[i] = line.replace(/^[-*+]/, marker);
        break;
      }
      case 'import-blank-lines': {
        let end = i;
        while (lines[end] === '') end++;
        lines.splice(i, end - i);
        break;
      }
      default:
        throw new Error(`unexpected repair ${repair.code}`);
    }
  }
  return lines.join('\n');
}

/**
 * True when two values are the same data: plain objects with the same keys in the same order, arrays
 * of the same length, primitives that are Object.is-equal, and no object reached twice (yaml would
 * write a shared object as an alias). Then any function of the data alone, such as familyToYaml,
 * gives both the same result, so a test can skip computing it twice; anything else answers false.
 */
export function sameData(a: unknown, b: unknown, seen = new Set<object>()): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) && typeof a !== 'function' && typeof a !== 'symbol';
  }
  if (seen.has(a) || seen.has(b)) return false;
  seen.add(a).add(b);
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b) || (proto !== Object.prototype && proto !== Array.prototype)) return false;
  if (Object.getOwnPropertySymbols(a).length + Object.getOwnPropertySymbols(b).length > 0) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length || keys.some((key, i) => key !== other[i])) return false;
  if (Array.isArray(a) && (a as unknown[]).length !== (b as unknown[]).length) return false;
  return keys.every((key) => sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen));
}
