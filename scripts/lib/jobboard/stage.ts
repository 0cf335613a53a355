// The postings stage of `jobfam build` and `jobfam postings`: the edge that reads templates and
// writes OUT/jobs/ as a whole (a level whose opening closed disappears with the next build).
import path from 'node:path';
import type { Stage } from '../commands.ts';
import { readTemplates } from '../load/read-templates.ts';
import { writeOutputs } from '../publish/write-outputs.ts';
import { planPostings } from './plan-postings.ts';
import { JOBS_FOLDER, renderPostings } from './render-postings.ts';
import { createHtmlTemplates } from './templates.ts';

/** Without a jobBoard block there is nowhere to publish: OUT/jobs/ is emptied. */
export const postingsStage: Stage = async (context) => {
  const { validation } = context;
  const postings = planPostings(validation.openings, validation.families, validation.grades, validation.config);
  const templates = createHtmlTemplates(await readTemplates(context.templatesDir), 'jobboard');
  const site = {
    company: validation.config?.company ?? '',
    siteUrl: validation.config?.jobBoard?.siteUrl ?? '',
    today: context.today,
  };
  const outputs = postings.length > 0 || validation.config?.jobBoard ? renderPostings(postings, templates, site) : [];
  await writeOutputs(outputs, context.outDir, [JOBS_FOLDER]);
  const where = path.join(path.relative(context.cwd, context.publishedDir) || '.', JOBS_FOLDER);
  const expired = validation.openings.filter((o) => o.expired).length;
  return {
    stage: 'postings',
    diagnostics: [],
    summary: `${postings.length} postings in ${where}${expired > 0 ? ` (${expired} expired opening${expired === 1 ? '' : 's'} left out)` : ''}`,
  };
};
