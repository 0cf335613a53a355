// The postings stage of `jobfam build` and `jobfam postings`: the edge that reads templates and
// writes OUT/jobs/ as a whole (a level whose opening closed disappears with the next build).
import { readTemplates } from '../load/read-templates.ts';
import { openOutputWriter } from '../publish/write-outputs.ts';
import { postingPagesByFamily, splitByReuse } from '../publish/family-reuse.ts';
import { RENDER_EVERY_FAMILY, whereOf, type Stage } from '../stage.ts';
import { JOBS_FOLDER, postingOutputs } from './render-postings.ts';
import { EVIDENCE_PAGE, EVIDENCE_PATH, payEvidence, payEvidenceHtml } from '../pay/evidence.ts';
import { createHtmlTemplates } from '../html/templates.ts';

/** Without a jobBoard block there is nowhere to publish: OUT/jobs/ is emptied. */
export const postingsStage: Stage = async (model, config, effects) => {
  const { postings } = model;
  const templates = createHtmlTemplates(await readTemplates(config.templatesDir), 'jobboard');
  const site = { company: config.company, siteUrl: config.siteUrl ?? '', today: config.today };
  // The pages of a family the build reuses stay as the last build wrote them; the feeds list every posting.
  const pagesOf = postingPagesByFamily(postings);
  const { keep } = splitByReuse(model.families, effects.reuse ?? RENDER_EVERY_FAMILY, (f) => pagesOf.get(f.relativePath) ?? []);
  const rendering = postings.length > 0 || Boolean(model.site?.jobBoard);
  // Each file written as soon as it is rendered: the stage holds a few postings' pages, not all of them.
  const writer = await openOutputWriter(config.outDir, [JOBS_FOLDER], [], { keep: rendering ? keep : new Set() });
  if (rendering) for (const output of postingOutputs(postings, templates, site, (p) => !keep.has(p.path))) await writer.write(output);
  // The pay-transparency evidence of the openings just posted: JSON for records, a page for people.
  const jobBoard = model.site?.jobBoard;
  if (jobBoard && model.pay) {
    const evidence = { today: config.today, employees: jobBoard.payTransparency?.employees ?? null };
    await writer.write({ path: EVIDENCE_PATH, content: `${JSON.stringify(payEvidence(model.pay, evidence), null, 2)}\n` });
    await writer.write({ path: EVIDENCE_PAGE, content: payEvidenceHtml(model.pay, { ...evidence, company: site.company }) });
  }
  await writer.close();
  const expired = model.openings.filter((o) => o.expired).length;
  return {
    stage: 'postings',
    diagnostics: [],
    summary: `${postings.length} postings in ${whereOf(config, JOBS_FOLDER)}${expired > 0 ? ` (${expired} expired opening${expired === 1 ? '' : 's'} left out)` : ''}`,
  };
};
