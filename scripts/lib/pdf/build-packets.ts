// The validated model → one offer packet per level and per specialty: its print HTML, header and
// footer, PDF options, metadata and the hash of all of it. Pure: templates, dates and toolchain
// versions come in as values, so the same inputs always give the same packets (and bytes).
import { bandRange, type Compensation } from '../pay/compensation.ts';
import { rangeLabel } from '../pay/check-openings.ts';
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { PipelineError } from '../errors.ts';
import { compileTemplate, TEMPLATE_OPTIONS } from '../handlebars/compile.ts';
import type { TemplateSources } from '../load/read-templates.ts';
import type { GradeInfo } from '../model/grades.ts';
import type { ModelFamily, ModelLevel } from '../model/handbook.ts';
import type { Item, JobFamily, PaperFormat, Shard, SiteConfig } from '../types.ts';
import { printHtml, printInlineHtml, printItems, type ItemHtml } from '../markdown/print.ts';

/** The commit a family file comes from, as the footer prints it. */
export interface SourceStamp {
  /** Short sha, "uncommitted" outside git; " (modified)" is appended when the working copy differs. */
  commit: string;
  /** Seconds since 1970: SOURCE_DATE_EPOCH, else the commit time, else a fixed epoch. */
  epoch: number;
}

/** Versions that change the bytes of a PDF without changing its inputs. */
export interface Toolchain {
  jobfam: string;
  puppeteer: string;
  pdfLib: string;
  /** The browser that prints, e.g. "Chromium 156.0.8078.114 (headless-shell)". */
  browser: string;
}

export interface PdfTemplates {
  page: (view: PacketView) => string;
  header: (view: StripView) => string;
  footer: (view: StripView) => string;
  /** Base `page.pdf()` options of the print design (margins, header/footer, tagging). */
  options: Record<string, unknown>;
}

export interface PacketMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  producer: string;
  language: string;
  /** Seconds since 1970, for CreationDate and ModDate. */
  epoch: number;
}

/** Everything needed to print one PDF; `inputHash` names all of it for the manifest. */
export interface PdfJob {
  /** Path under OUT/pdf/, e.g. "sales/sales-management/federal.pdf". */
  key: string;
  /** Path relative to OUT, as the model claimed it (model/paths.ts pdfOutputPath). */
  path: string;
  source: string;
  id: string;
  kind: 'level' | 'specialty';
  /** "Sales Management: Area Sales Manager (Federal/Public Sector)", for messages. */
  label: string;
  html: string;
  pdfOptions: Record<string, unknown>;
  metadata: PacketMetadata;
  inputHash: string;
}

interface StripView {
  company: string | null;
  familyTitle: string;
  title: string;
  commit: string;
  date: string;
}

export interface PacketView {
  lang: string;
  css: string;
  documentTitle: string;
  company: string | null;
  familyTitle: string;
  kind: 'level' | 'specialty';
  kindLabel: string;
  title: string;
  grades: { grade: number; label: string }[];
  /** The reference pay band, e.g. "USD 128,000 – 192,000 per year" (pdf.payRange), else null. */
  payBand: string | null;
  reportsTo: string | null;
  basedOn: { title: string; gradeText: string | null }[];
  intro: string | null;
  familyIntro: string | null;
  responsibilities: ItemHtml[];
  responsibilitiesNote: string | null;
  requirements: ItemHtml[];
  requirementsNote: string | null;
  performanceIndicators: ItemHtml[];
  careerLadder: string | null;
  hiringProcess: ItemHtml[];
}

const TEMPLATE_FILES = ['pdf/level.html.hbs', 'pdf/header.html.hbs', 'pdf/footer.html.hbs', 'pdf/print.css', 'pdf/pdf-options.json'] as const;

/** Compiles the print design on an isolated, strict Handlebars instance (HTML escaping on). */
export function createPdfTemplates(sources: TemplateSources): PdfTemplates & { css: string } {
  for (const name of TEMPLATE_FILES) {
    if (sources[name] === undefined) throw new PipelineError('template-missing', `The PDF template ${name} is missing from the templates directory.`);
  }
  const hbs = Handlebars.create();
  for (const [name, source] of Object.entries(sources)) {
    const m = /^pdf\/partials\/(.+)\.html\.hbs$/.exec(name);
    if (m) hbs.registerPartial(m[1]!, compileTemplate(hbs, source, TEMPLATE_OPTIONS.html));
  }
  let options: Record<string, unknown>;
  try {
    options = JSON.parse(sources['pdf/pdf-options.json']!) as Record<string, unknown>;
  } catch (error) {
    throw new PipelineError('template-invalid', `templates/pdf/pdf-options.json is not valid JSON: ${(error as Error).message}`);
  }
  return {
    page: reporting('pdf/level.html.hbs', compileTemplate<PacketView>(hbs, sources['pdf/level.html.hbs']!, TEMPLATE_OPTIONS.html)),
    header: reporting('pdf/header.html.hbs', compileTemplate<StripView>(hbs, sources['pdf/header.html.hbs']!, TEMPLATE_OPTIONS.html)),
    footer: reporting('pdf/footer.html.hbs', compileTemplate<StripView>(hbs, sources['pdf/footer.html.hbs']!, TEMPLATE_OPTIONS.html)),
    options,
    css: sources['pdf/print.css']!,
  };
}

/** Handlebars compiles lazily and strict mode throws on a misspelt field: name the template, no stack. */
function reporting<V>(name: string, render: (view: V) => string): (view: V) => string {
  return (view) => {
    try {
      return render(view);
    } catch (error) {
      throw new PipelineError('template-invalid', `templates/${name} does not render: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  };
}

export interface PacketInputs {
  families: readonly ModelFamily[];
  /** _config.yml (company and handbook URL), null without one. */
  site: SiteConfig | null;
  /** Pay bands; with `pdf.payRange: true` in _config.yml a packet prints its grade's reference band. */
  compensation?: Compensation | null;
  /** By family source path. */
  stamps: ReadonlyMap<string, SourceStamp>;
  templates: PdfTemplates & { css: string };
  paper: PaperFormat;
  toolchain: Toolchain;
}

const isoDate = (epoch: number) => new Date(epoch * 1000).toISOString().slice(0, 10);

function gradeText(grade: GradeInfo | null): string | null {
  if (grade === null) return null;
  return grade.label ? `grade ${grade.grade}, ${grade.label}` : `grade ${grade.grade}`;
}

const gradeView = (grade: GradeInfo) => ({ grade: grade.grade, label: grade.label ?? '' });

function fromNote(inherits: { title: string }[], section: string): string | null {
  if (inherits.length === 0) return null;
  return `Includes the ${section} of ${inherits.map((l) => l.title).join(' and ')}.`;
}

/** Items in order, each once (inherited lists repeat what two ancestors share). */
function distinct(items: readonly Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The level's own list when it has one, else the family's. */
const ownOrFamily = (own: Item[] | undefined, family: Item[]) => (own && own.length > 0 ? own : family);

function levelView(family: JobFamily, level: ModelLevel, base: string | null) {
  return {
    kind: 'level' as const,
    title: level.title,
    grades: level.gradeInfo === null ? [] : [gradeView(level.gradeInfo)],
    reportsTo: level.reportsTo === null ? null : printInlineHtml(level.reportsTo, base),
    basedOn: [],
    intro: level.intro === null ? null : printHtml(level.intro, base),
    responsibilities: printItems(distinct(level.responsibilities), base),
    responsibilitiesNote: fromNote(level.inherits.responsibilities, 'responsibilities'),
    requirements: printItems(distinct(level.requirements), base),
    requirementsNote: fromNote(level.inherits.requirements, 'requirements'),
    performanceIndicators: printItems(ownOrFamily(level.performanceIndicators, family.performanceIndicators), base),
    hiringProcess: printItems(ownOrFamily(level.hiringProcess, family.hiringProcess), base),
  };
}

/** One job per level and per specialty of every family, in a stable order (by output path). */
export function buildPdfJobs(inputs: PacketInputs): PdfJob[] {
  const { site, templates, toolchain } = inputs;
  const base = site?.handbookUrl ?? null;
  const company = site?.company ?? null;
  const pdfOptions = { ...templates.options, format: inputs.paper };
  const jobs: PdfJob[] = [];
  for (const modelFamily of inputs.families) {
    const { file } = modelFamily;
    const { family } = file;
    const stamp = inputs.stamps.get(file.source.path) ?? { commit: 'uncommitted', epoch: 0 };
    const familyTitle = family.frontMatter.title;
    const shared = {
      lang: 'en',
      css: templates.css,
      company,
      familyTitle,
      familyIntro: family.intro === null ? null : printHtml(family.intro, base),
      careerLadder: family.careerLadder === null ? null : printHtml(family.careerLadder, base),
    };
    // The reference band (zones pay differently; the postings show those), only when the config asks for it.
    const reference = site?.pdf?.payRange && inputs.compensation ? { ...inputs.compensation, zones: [] } : null;
    const payBand = (grades: number[]) => {
      const range = reference && bandRange(reference, null, grades, modelFamily.slug);
      return range ? rangeLabel(range) : null;
    };
    const packets = [
      ...modelFamily.levels.map((level) => ({ id: level.id, path: level.pdfPath, view: { ...levelView(family, level, base), payBand: payBand(level.grade === null ? [] : [level.grade]) } })),
      ...modelFamily.specialties.map((specialty) => {
        const reportsTo = [...new Set(specialty.levels.flatMap((l) => (l.reportsTo === null ? [] : [l.reportsTo])))];
        return {
          id: specialty.id,
          path: specialty.pdfPath,
          view: {
            kind: 'specialty' as const,
            title: specialty.title,
            grades: specialty.grades.map(gradeView),
            payBand: payBand(specialty.grades.map((g) => g.grade)),
            reportsTo: reportsTo.length === 0 ? null : reportsTo.map((r) => printInlineHtml(r, base)).join(' or '),
            basedOn: specialty.levels.map((l) => ({ title: l.title, gradeText: gradeText(l.gradeInfo) })),
            intro: specialty.intro === null ? null : printHtml(specialty.intro, base),
            // Its levels' lists (also the one it does not extend: a federal ASM still has an ASM's
            // responsibilities), then its own; an item two levels share prints once.
            responsibilities: printItems(distinct([...specialty.levels.flatMap((l) => l.responsibilities), ...specialty.responsibilities]), base),
            responsibilitiesNote: fromNote(specialty.levels, 'responsibilities'),
            requirements: printItems(distinct([...specialty.levels.flatMap((l) => l.requirements), ...specialty.requirements]), base),
            requirementsNote: fromNote(specialty.levels, 'requirements'),
            performanceIndicators: printItems(family.performanceIndicators, base),
            hiringProcess: printItems(family.hiringProcess, base),
          },
        };
      }),
    ];
    for (const { id, path: outPath, view } of packets) {
      const gradeCodes = view.grades.map((g) => g.grade);
      const documentTitle = `${familyTitle} — ${view.title}${gradeCodes.length > 0 ? ` (grade ${gradeCodes.join('/')})` : ''}`;
      const page: PacketView = { ...shared, ...view, documentTitle, kindLabel: view.kind === 'level' ? 'Level' : 'Specialty' };
      const strip: StripView = { company, familyTitle, title: view.title, commit: stamp.commit, date: isoDate(stamp.epoch) };
      const html = templates.page(page);
      const options = { ...pdfOptions, headerTemplate: templates.header(strip), footerTemplate: templates.footer(strip) };
      const metadata: PacketMetadata = {
        title: documentTitle,
        author: company ?? '',
        subject: `Offer packet attachment: ${familyTitle}, ${view.title}`,
        keywords: [file.slug, id, ...gradeCodes.map((g) => `grade-${g}`), `source-${stamp.commit.split(' ')[0]}`],
        creator: `jobfam ${toolchain.jobfam}`,
        producer: producerOf(toolchain),
        language: 'en',
        epoch: stamp.epoch,
      };
      jobs.push({
        key: outPath.slice('pdf/'.length),
        path: outPath,
        source: file.source.path,
        id,
        kind: view.kind,
        label: `${familyTitle}: ${view.title}`,
        html,
        pdfOptions: options,
        metadata,
        inputHash: hashInputs({ html, options, metadata, toolchain }),
      });
    }
  }
  return jobs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Names the real toolchain without leaking a user agent: "Skia/PDF m156 (Chromium 156.0.8078.114) + pdf-lib 1.17.1". */
export function producerOf(toolchain: Toolchain): string {
  const version = /(\d+)\.[\d.]+/.exec(toolchain.browser);
  const skia = version ? `Skia/PDF m${version[1]} (Chromium ${version[0]})` : `Skia/PDF (${toolchain.browser})`;
  return `${skia} + pdf-lib ${toolchain.pdfLib}`;
}

export function hashInputs(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;
}

/** The shard's slice: every N-th job of the sorted list, so slices differ by at most one and together cover all. */
export function selectShard<T>(jobs: readonly T[], shard: Shard | null): T[] {
  if (!shard) return [...jobs];
  return jobs.filter((_, i) => i % shard.total === shard.index - 1);
}
